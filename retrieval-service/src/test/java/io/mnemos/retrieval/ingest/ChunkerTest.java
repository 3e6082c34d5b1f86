package io.mnemos.retrieval.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChunkerTest {

    private static String sentence(int i, int words) {
        return "S" + i + IntStream.range(1, words).mapToObj(w -> " w" + w).collect(Collectors.joining()) + ".";
    }

    private static String text(int sentences, int wordsEach) {
        return IntStream.range(0, sentences)
                .mapToObj(i -> sentence(i, wordsEach))
                .collect(Collectors.joining(" "));
    }

    @Test
    void packsWholeSentencesUpToMaxWordsWithOneSentenceOverlap() {
        Chunker chunker = new Chunker(new ChunkingOptions(30, 1, true));
        List<Chunk> chunks = chunker.chunk("doc-1", "Title", text(10, 10));
        // 3 sentences (30 words) per chunk, next chunk starts with the previous chunk's last sentence
        assertThat(chunks).hasSize(5);
        assertThat(chunks.get(0).text()).startsWith("S0 ").endsWith("S2 w1 w2 w3 w4 w5 w6 w7 w8 w9.");
        assertThat(chunks.get(1).text()).startsWith("S2 ");
        for (Chunk c : chunks) {
            assertThat(Chunker.countWords(c.text())).isLessThanOrEqualTo(30);
            assertThat(c.text()).matches("S\\d.*\\.$"); // whole sentences only
        }
        assertThat(chunks.getLast().text()).endsWith("S9 w1 w2 w3 w4 w5 w6 w7 w8 w9.");
    }

    @Test
    void stableChunkIdsAndTitleInEmbeddingText() {
        Chunker chunker = new Chunker(new ChunkingOptions(30, 1, true));
        List<Chunk> a = chunker.chunk("doc-1", "My title", text(7, 10));
        List<Chunk> b = chunker.chunk("doc-1", "My title", text(7, 10));
        assertThat(a).isEqualTo(b);
        assertThat(a).extracting(Chunk::chunkId).containsExactly("doc-1#0", "doc-1#1", "doc-1#2");
        assertThat(a.getFirst().embeddingText())
                .isEqualTo("My title\n" + a.getFirst().text());
        assertThat(a.getFirst().title()).isEqualTo("My title");

        Chunk noTitle = new Chunker(new ChunkingOptions(30, 1, false))
                .chunk("d", "My title", "One. Two.")
                .getFirst();
        assertThat(noTitle.embeddingText()).isEqualTo("One. Two.");
    }

    @Test
    void noOverlapWhenConfiguredOff() {
        List<Chunk> chunks = new Chunker(new ChunkingOptions(30, 0, true)).chunk("d", "", text(6, 10));
        assertThat(chunks).hasSize(2);
        assertThat(chunks.get(1).text()).startsWith("S3 ");
    }

    @Test
    void overlongSentenceIsCutIntoWordWindows() {
        String longSentence = sentence(0, 75);
        List<Chunk> chunks = new Chunker(new ChunkingOptions(30, 1, true)).chunk("d", "t", longSentence + " Tail.");
        assertThat(chunks)
                .allSatisfy(c -> assertThat(Chunker.countWords(c.text())).isLessThanOrEqualTo(30));
        String joined = chunks.stream().map(Chunk::text).collect(Collectors.joining(" "));
        assertThat(joined).contains("w74.").contains("Tail.");
    }

    @Test
    void shortDocumentIsOneChunkAndTitleOnlyDocumentToo() {
        Chunker chunker = new Chunker(ChunkingOptions.defaults());
        assertThat(chunker.chunk("d", "T", "Just one sentence.")).hasSize(1);
        List<Chunk> titleOnly = chunker.chunk("d", "Only a title", "  ");
        assertThat(titleOnly).singleElement().satisfies(c -> {
            assertThat(c.text()).isEqualTo("Only a title");
            assertThat(c.embeddingText()).isEqualTo("Only a title");
        });
        assertThat(chunker.chunk("d", "", "")).isEmpty();
    }

    @Test
    void paragraphBreaksArePreservedInsideAChunk() {
        Chunk c = new Chunker(ChunkingOptions.defaults())
                .chunk("d", "", "First para. Still first.\n\nSecond para.")
                .getFirst();
        assertThat(c.text()).isEqualTo("First para. Still first.\n\nSecond para.");
    }

    @Test
    void rejectsBadOptionsAndIds() {
        assertThatThrownBy(() -> new ChunkingOptions(2, 1, true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Chunker(ChunkingOptions.defaults()).chunk(" ", "t", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package io.mnemos.retrieval.corpusstats.gutenberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mnemos.retrieval.corpusstats.Document;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GutenbergCorpusTest {

    @TempDir
    Path dir;

    private void gz(String name, String content) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve(name)))) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    private void writeCorpus() throws IOException {
        Files.writeString(
                dir.resolve("manifest.tsv"),
                "book_id\tshard\tauthor\ttitle\tsource_path\tgit_blob\traw_bytes\tbody_bytes\tstripped\n"
                        + "B00000\t0\tAusten, Jane\tEmma\tx\ty\t10\t100\tTrue\n"
                        + "B00001\t0\tPoe\tTales\tx\ty\t10\t50\tTrue\n"
                        + "B00002\t1\tTwain\tTom\tx\ty\t10\t70\tFalse\n");
        gz(
                "gutenberg-shard-00.txt.gz",
                "##### PG-BOOK B00000\tAusten, Jane\tEmma\n"
                        + "one two three\nfour five\n\n\nsix seven\n\n"
                        + "eight nine ten eleven\n\ntwelve\n"
                        + "##### PG-BOOK B00001\tPoe\tTales\n\n\nraven\n");
        gz("gutenberg-shard-01.txt.gz", "##### PG-BOOK B00002\tTwain\tTom\n" + "a b c d e f g h i j k l\nm n\n");
    }

    @Test
    void readsManifestAndSplitsBooksIntoParagraphGroups() throws IOException {
        writeCorpus();
        GutenbergCorpus corpus = GutenbergCorpus.open(dir);
        assertThat(corpus.books()).hasSize(3);
        assertThat(corpus.books().getFirst())
                .isEqualTo(new GutenbergCorpus.Book("B00000", 0, "Austen, Jane", "Emma", 100));
        assertThat(corpus.totalBodyBytes()).isEqualTo(220);
        assertThat(corpus.shardFiles()).hasSize(2);

        List<Document> docs = new ArrayList<>();
        try (GutenbergCorpus.DocumentStream s = corpus.documents(6)) {
            s.forEachRemaining(docs::add);
        }
        assertThat(docs)
                .extracting(Document::id)
                .containsExactly("B00000#0000", "B00000#0001", "B00001#0000", "B00002#0000", "B00002#0001");
        // paragraphs are kept whole until the target (6 words) is reached
        assertThat(docs.get(0).text()).isEqualTo("one two three\nfour five\n\nsix seven");
        assertThat(docs.get(1).text()).isEqualTo("eight nine ten eleven\n\ntwelve");
        assertThat(docs.get(2).text()).isEqualTo("raven");
        // a paragraph longer than twice the target is cut at a line end
        assertThat(docs.get(3).text()).isEqualTo("a b c d e f g h i j k l");
        assertThat(docs.get(4).text()).isEqualTo("m n");
    }

    @Test
    void missingCorpusIsAClearError() {
        assertThatThrownBy(() -> GutenbergCorpus.open(dir.resolve("nope"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void resolvesRelativeLocationsAgainstTheRepositoryRoot() {
        Path p = GutenbergCorpus.resolve(GutenbergCorpus.DEFAULT_LOCATION);
        assertThat(p.toString()).endsWith("shared/data/gutenberg");
        assertThat(GutenbergCorpus.resolve("/abs/x")).isEqualTo(Path.of("/abs/x"));
    }

    @Test
    void countsWords() {
        assertThat(GutenbergCorpus.DocumentStream.countWords("  a bb\tc  ")).isEqualTo(3);
        assertThat(GutenbergCorpus.DocumentStream.countWords("")).isZero();
    }
}

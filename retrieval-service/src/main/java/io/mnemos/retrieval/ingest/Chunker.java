package io.mnemos.retrieval.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Cuts a document into chunks of whole sentences.
 *
 * <p>Sentences are packed greedily until the next one would exceed {@link ChunkingOptions#maxWords()}; the next chunk
 * then starts with the last {@link ChunkingOptions#overlapSentences()} sentences of the previous one. A sentence longer
 * than {@code maxWords} is cut into word windows (the only case where a sentence is not kept whole). A document with no
 * text but a title yields one chunk holding the title. Stateless and thread-safe.
 */
public final class Chunker {

    private final SentenceSplitter splitter;
    private final ChunkingOptions options;

    public Chunker(ChunkingOptions options) {
        this(new SentenceSplitter(), options);
    }

    public Chunker(SentenceSplitter splitter, ChunkingOptions options) {
        this.splitter = Objects.requireNonNull(splitter);
        this.options = Objects.requireNonNull(options);
    }

    public ChunkingOptions options() {
        return options;
    }

    /**
     * @param documentId non-blank
     * @param title may be null or empty
     * @param text may be empty if the title is not
     * @return the chunks in document order; empty only if both title and text are blank
     */
    public List<Chunk> chunk(String documentId, String title, String text) {
        if (documentId == null || documentId.isBlank()) {
            throw new IllegalArgumentException("documentId must not be blank");
        }
        String t = title == null ? "" : title.strip();
        List<Piece> pieces = pieces(text);
        List<Chunk> chunks = new ArrayList<>();
        if (pieces.isEmpty()) {
            if (!t.isEmpty()) {
                chunks.add(make(documentId, 0, t, t));
            }
            return chunks;
        }
        int max = options.maxWords();
        int i = 0;
        while (i < pieces.size()) {
            int start = i;
            int words = 0;
            int j = i;
            while (j < pieces.size() && (j == start || words + pieces.get(j).words <= max)) {
                words += pieces.get(j).words;
                j++;
            }
            StringBuilder body = new StringBuilder();
            for (int k = start; k < j; k++) {
                if (k > start) {
                    body.append(pieces.get(k).startsParagraph ? "\n\n" : " ");
                }
                body.append(pieces.get(k).text);
            }
            chunks.add(make(documentId, chunks.size(), t, body.toString()));
            if (j >= pieces.size()) {
                break;
            }
            int next = j;
            int overlapWords = 0;
            for (int k = 0; k < options.overlapSentences() && next - 1 > start; k++) {
                int w = pieces.get(next - 1).words;
                if (overlapWords + w > max / 2) {
                    break;
                }
                overlapWords += w;
                next--;
            }
            i = next;
        }
        return chunks;
    }

    private Chunk make(String documentId, int ordinal, String title, String body) {
        String embedding =
                options.titleInEmbedding() && !title.isEmpty() && !title.equals(body) ? title + "\n" + body : body;
        return new Chunk(documentId, Chunk.chunkId(documentId, ordinal), ordinal, title, body, embedding);
    }

    private record Piece(String text, int words, boolean startsParagraph) {}

    private List<Piece> pieces(String text) {
        List<Piece> out = new ArrayList<>();
        int max = options.maxWords();
        for (SentenceSplitter.Sentence s : splitter.split(text)) {
            String[] words = s.text().split(" ");
            if (words.length <= max) {
                out.add(new Piece(s.text(), words.length, s.startsParagraph()));
                continue;
            }
            // Over-long "sentence" (tables, lists without punctuation): cut into word windows.
            for (int from = 0; from < words.length; from += max) {
                int to = Math.min(words.length, from + max);
                out.add(new Piece(
                        String.join(" ", java.util.Arrays.copyOfRange(words, from, to)),
                        to - from,
                        from == 0 && s.startsParagraph()));
            }
        }
        return out;
    }

    /** Number of whitespace-separated words. */
    public static int countWords(String s) {
        String t = s.strip();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }
}

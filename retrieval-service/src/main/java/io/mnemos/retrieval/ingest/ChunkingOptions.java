package io.mnemos.retrieval.ingest;

/**
 * How {@link Chunker} cuts documents.
 *
 * @param maxWords the most words of body text in one chunk (whitespace-separated words; a single sentence longer than
 *     this is cut at word boundaries). With the 128-token all-MiniLM-L6-v2 keep it at or below ~100: the title shares
 *     the window and scientific text runs ~1.4 word pieces per word. Default {@value #DEFAULT_MAX_WORDS}, chosen on
 *     SciFact (see docs/benchmarks/retrieval.md).
 * @param overlapSentences sentences repeated at the start of the next chunk (default 1; 0 = none). An overlap sentence
 *     longer than half of {@code maxWords} is not repeated.
 * @param titleInEmbedding whether the embedding text is "title\ntext" (default) or the text alone
 */
public record ChunkingOptions(int maxWords, int overlapSentences, boolean titleInEmbedding) {

    public static final int DEFAULT_MAX_WORDS = 90;

    public ChunkingOptions {
        if (maxWords < 8) {
            throw new IllegalArgumentException("maxWords must be at least 8, was " + maxWords);
        }
        if (overlapSentences < 0) {
            throw new IllegalArgumentException("overlapSentences must be >= 0");
        }
    }

    public static ChunkingOptions defaults() {
        return new ChunkingOptions(DEFAULT_MAX_WORDS, 1, true);
    }

    public ChunkingOptions withMaxWords(int words) {
        return new ChunkingOptions(words, overlapSentences, titleInEmbedding);
    }
}

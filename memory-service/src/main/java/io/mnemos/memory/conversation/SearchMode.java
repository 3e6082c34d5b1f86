package io.mnemos.memory.conversation;

import java.util.Locale;

/** Which retrieval runs over conversation turns. */
public enum SearchMode {
    /** Lexical: BM25 over the turn text and its neighbourhood. */
    BM25,
    /** Semantic: kNN over turn embeddings (int8 MiniLM). */
    DENSE,
    /** Both, fused. */
    HYBRID;

    /** Parses {@code bm25|dense|hybrid} (any case). */
    public static SearchMode parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mode must be one of bm25, dense, hybrid: " + s);
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}

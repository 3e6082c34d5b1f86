package io.mnemos.retrieval.index;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;

/** Analyzer used for the BM25 fields (the same at index and query time). */
public enum TextAnalysis {
    /** Standard tokenizer, lower case, English stop words, possessives, Porter stemming (default). */
    ENGLISH,
    /** Standard tokenizer and lower case only. */
    STANDARD;

    public Analyzer create() {
        return switch (this) {
            case ENGLISH -> new EnglishAnalyzer();
            case STANDARD -> new StandardAnalyzer();
        };
    }
}

package io.mnemos.retrieval.corpusstats;

/** How text is turned into tokens; an index is built with one mode and every query uses the same one. */
public enum TokenizerMode {
    /** Case kept: {@code "Paris"} and {@code "paris"} are different tokens (Infini-gram's exact-match semantics). */
    CASED,
    /** Case folded with {@link String#toLowerCase(java.util.Locale) Locale.ROOT} after NFKC, for recall. */
    FOLDED
}

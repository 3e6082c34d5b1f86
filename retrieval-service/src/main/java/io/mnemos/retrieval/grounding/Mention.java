package io.mnemos.retrieval.grounding;

/**
 * A span of text naming something a claim can be checked against.
 *
 * @param text  the text as written
 * @param start character offset where it starts in the analysed text
 * @param end   character offset after its end
 * @param kind  how it was found
 */
public record Mention(String text, int start, int end, Kind kind) {
    public enum Kind {
        /** A proper-noun span (POS tagger, refined with corpus statistics). */
        NAME,
        /** A caller-supplied entity found in the text. */
        GIVEN,
        /** A number of 3–4 digits (a year, mostly); only ever the tail of a triple. */
        NUMBER
    }

    boolean overlaps(Mention o) {
        return start < o.end && o.start < end;
    }
}

package io.mnemos.retrieval.grounding;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * Finds entity mentions in English text without an LLM (QuCo-RAG's extractor model replaced by a POS tagger plus
 * corpus statistics). Implementations are thread-safe.
 */
public interface EntityExtractor {

    /**
     * Mentions in {@code text}, in order of appearance, never overlapping. Blank text gives none.
     *
     * @param counts corpus counts used to merge multiword names and drop capitalised common words; {@link
     *               TermCounter#NONE} to use the tagger alone
     */
    List<Mention> mentions(String text, TermCounter counts);

    /** The distinct names ({@link Mention.Kind#NAME}) in {@code text}, in order of first appearance. */
    default List<String> entities(String text, TermCounter counts) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (Mention m : mentions(text, counts)) {
            if (m.kind() == Mention.Kind.NAME) {
                out.add(m.text());
            }
        }
        return List.copyOf(out);
    }
}

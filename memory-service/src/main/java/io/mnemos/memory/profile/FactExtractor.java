package io.mnemos.memory.profile;

import java.util.List;

/**
 * Reads candidate profile facts from what a user said.
 *
 * <p>Implementations only propose: they do not look at the stored profile, and {@link ProfileService} decides what the
 * candidates do to it. Only statements the user makes about themself count ("I love sushi"), not about others ("my
 * wife loves sushi"), not questions ("do I like sushi?") and not hypotheticals. Thread-safe.
 */
public interface FactExtractor {

    /**
     * Extracts candidate facts from one turn.
     *
     * @param text what the user said; blank text gives an empty list
     * @return candidates in the order they occur in the text; possibly empty, never {@code null}
     */
    List<FactCandidate> extract(String text);

    /** A short name for logs and the {@code source} of stored facts, e.g. {@code patterns} or {@code llm}. */
    default String name() {
        return getClass().getSimpleName();
    }
}

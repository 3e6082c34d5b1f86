package io.mnemos.memory.conversation;

import java.util.List;

/**
 * Writes a summary of a finished session. Summaries need an LLM, and memory-service has no LLM client: there is
 * deliberately no default bean, so without one summaries are skipped (never faked). A deployment that has a chat
 * provider registers an implementation.
 */
public interface SessionSummarizer {

    /**
     * Summarises a session.
     *
     * @param turns the session's turns in order; never empty
     * @return the summary text (not blank)
     */
    String summarize(List<StoredTurn> turns);
}

package io.mnemos.retrieval.corpusstats;

/**
 * Listener for index-build progress (e.g. a progress bar). Calls are serialized but may come from the builder's
 * background thread; keep them short.
 */
@FunctionalInterface
public interface BuildProgress {

    /** Build phases, in order; SORT and WRITE repeat per shard while TOKENIZE continues on the next shard. */
    enum Phase {
        TOKENIZE,
        SORT,
        WRITE,
        FINISH,
        DONE
    }

    /**
     * @param phase current phase
     * @param shard shard being sorted/written ({@code -1} when not shard-specific)
     * @param documentsRead documents tokenized so far
     * @param tokensRead tokens produced so far
     * @param percent overall progress 0–100, or {@code -1} when unknown (no {@code expectedTokens} hint given)
     */
    record Event(Phase phase, int shard, long documentsRead, long tokensRead, double percent) {}

    void onEvent(Event event);

    static BuildProgress none() {
        return event -> {};
    }
}

package io.mnemos.orchestrator.grounded;

/**
 * Told each sentence of an answer as soon as it is final, so clients can show the answer while it is being made.
 * Called on the thread composing the answer; it should only hand the sentence on (e.g. publish a stream event).
 */
@FunctionalInterface
public interface SentenceListener {
    SentenceListener NONE = (mode, sentence) -> {};

    /**
     * @param mode     how the sentence was made: {@code grounded} (kept by the grounded loop) or the composer's mode
     *                 ({@code extractive}, {@code procedure}, {@code canned})
     * @param sentence the sentence, with its citation marks
     */
    void sentence(String mode, String sentence);
}

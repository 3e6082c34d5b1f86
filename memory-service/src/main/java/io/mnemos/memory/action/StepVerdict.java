package io.mnemos.memory.action;

/**
 * Answer of the replay check before a step.
 *
 * @param kind proceed, diverged or complete
 * @param stepIndex the step concerned (for {@code COMPLETE}: the number of steps)
 * @param step the step to execute ({@code PROCEED} only)
 * @param expected the fingerprint the check expected ({@code DIVERGED} only)
 * @param observed the fingerprint the agent reported
 * @param message human-readable, e.g. {@code diverged at step 3: expected pre-state ... observed ...}
 */
public record StepVerdict(
        Kind kind, int stepIndex, PlannedStep step, String expected, String observed, String message) {

    /** Outcome of a check. */
    public enum Kind {
        /** The state matches: execute {@code step}, then call {@code next} again. */
        PROCEED,
        /** The state does not match: the run has stopped; continue with the model. */
        DIVERGED,
        /** Every step was handed out and the last post-state matched: run the task-level check, then finish. */
        COMPLETE
    }
}

package io.mnemos.memory.action;

import java.util.Map;

/**
 * A script step with the task's slot values filled in.
 *
 * @param index position in the script (0-based)
 * @param target what to act on
 * @param action the action
 * @param params concrete parameters
 * @param expectedPreState fingerprint that must be observed before it
 * @param expectedPostState fingerprint expected after it
 * @param requiresConfirmation the action is sensitive (send, pay, delete, ...): ask before executing
 */
public record PlannedStep(
        int index,
        Target target,
        String action,
        Map<String, String> params,
        String expectedPreState,
        String expectedPostState,
        boolean requiresConfirmation) {

    public PlannedStep {
        params = Map.copyOf(params);
    }
}

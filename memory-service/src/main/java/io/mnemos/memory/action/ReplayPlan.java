package io.mnemos.memory.action;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A replay that was started for a task.
 *
 * @param runId the run to drive with {@link ActionMemoryService#next}
 * @param script the chosen script
 * @param similarity cosine similarity of the task to the script's task
 * @param patternConfidence alignment confidence of the task to the script's pattern
 * @param bindings slot values
 * @param steps the script's steps, filled in (for display; hand-out is step by step through {@code next})
 */
public record ReplayPlan(
        UUID runId,
        ReplayScript script,
        double similarity,
        double patternConfidence,
        Map<String, String> bindings,
        List<PlannedStep> steps) {

    public ReplayPlan {
        bindings = Map.copyOf(bindings);
        steps = List.copyOf(steps);
    }
}

package io.mnemos.memory.action;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A recorded task execution.
 *
 * @param id trace id
 * @param userId who it was recorded for (may be {@code null} for shared demonstrations)
 * @param task the task as stated
 * @param steps steps in order (at least one)
 * @param success whether the task was achieved (only successful traces become scripts)
 * @param recordedAt when
 */
public record ActionTrace(
        UUID id, String userId, String task, List<TraceStep> steps, boolean success, Instant recordedAt) {

    public ActionTrace {
        Objects.requireNonNull(id, "id");
        if (task == null || task.isBlank()) {
            throw new IllegalArgumentException("task must not be blank");
        }
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("A trace needs at least one step");
        }
        Objects.requireNonNull(recordedAt, "recordedAt");
    }
}

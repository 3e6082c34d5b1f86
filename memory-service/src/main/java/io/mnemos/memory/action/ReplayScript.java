package io.mnemos.memory.action;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A replayable script compiled from a successful trace.
 *
 * @param id script id
 * @param tenant owning tenant
 * @param taskPattern the task with slot values replaced, e.g. {@code send a message to {slot1} saying {slot2}}
 * @param task the task text of the trace it came from
 * @param slots slot names, in pattern order
 * @param steps steps in order
 * @param sourceTraceId the trace it was compiled from
 * @param runs replay runs finished so far
 * @param successes of which succeeded
 * @param recent outcomes of the latest runs, oldest first ({@code S} / {@code F}), at most the policy window
 * @param status active or retired
 * @param createdAt when compiled
 * @param updatedAt last change
 * @param version optimistic-locking version
 */
public record ReplayScript(
        UUID id,
        String tenant,
        String taskPattern,
        String task,
        List<String> slots,
        List<ScriptStep> steps,
        UUID sourceTraceId,
        int runs,
        int successes,
        String recent,
        Status status,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    /** Whether the script may be replayed. */
    public enum Status {
        ACTIVE,
        RETIRED
    }

    public ReplayScript {
        slots = List.copyOf(slots);
        steps = List.copyOf(steps);
        recent = recent == null ? "" : recent;
    }

    /** Success rate of the recent runs (1 when none). */
    public double recentSuccessRate() {
        if (recent.isEmpty()) {
            return 1;
        }
        return recent.chars().filter(c -> c == 'S').count() / (double) recent.length();
    }

    ReplayScript withRun(boolean success, int window, Status newStatus, Instant now) {
        String r = recent + (success ? "S" : "F");
        if (r.length() > window) {
            r = r.substring(r.length() - window);
        }
        return new ReplayScript(
                id,
                tenant,
                taskPattern,
                task,
                slots,
                steps,
                sourceTraceId,
                runs + 1,
                successes + (success ? 1 : 0),
                r,
                newStatus,
                createdAt,
                now,
                version + 1);
    }

    ReplayScript withStatus(Status newStatus, Instant now) {
        return new ReplayScript(
                id,
                tenant,
                taskPattern,
                task,
                slots,
                steps,
                sourceTraceId,
                runs,
                successes,
                recent,
                newStatus,
                createdAt,
                now,
                version + 1);
    }
}

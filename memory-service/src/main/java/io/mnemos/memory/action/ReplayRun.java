package io.mnemos.memory.action;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One replay of a script for one task.
 *
 * @param id run id
 * @param tenant owning tenant
 * @param scriptId the script being replayed (changes when the run branches to a sibling script)
 * @param task the task text
 * @param bindings slot values read from the task
 * @param status running or how it ended
 * @param nextStep index of the next step to hand out
 * @param stepsReplayed steps handed out from memory (each is one model call avoided)
 * @param divergedAt the step whose check failed, if it diverged
 * @param divergence what was expected and observed
 * @param branches times the run moved to a sibling script instead of diverging
 * @param startedAt when it started
 * @param finishedAt when it ended
 * @param version optimistic-locking version
 */
public record ReplayRun(
        UUID id,
        String tenant,
        UUID scriptId,
        String task,
        Map<String, String> bindings,
        Status status,
        int nextStep,
        int stepsReplayed,
        Integer divergedAt,
        String divergence,
        int branches,
        Instant startedAt,
        Instant finishedAt,
        long version) {

    /** Run state. */
    public enum Status {
        RUNNING,
        SUCCEEDED,
        FAILED,
        DIVERGED
    }

    public ReplayRun {
        bindings = Map.copyOf(bindings);
    }

    ReplayRun advanced(UUID script, int next, int replayed, int branchCount) {
        return new ReplayRun(
                id,
                tenant,
                script,
                task,
                bindings,
                status,
                next,
                replayed,
                divergedAt,
                divergence,
                branchCount,
                startedAt,
                finishedAt,
                version + 1);
    }

    ReplayRun finished(Status s, Integer at, String why, Instant now) {
        return new ReplayRun(
                id,
                tenant,
                scriptId,
                task,
                bindings,
                s,
                nextStep,
                stepsReplayed,
                at,
                why,
                branches,
                startedAt,
                now,
                version + 1);
    }
}

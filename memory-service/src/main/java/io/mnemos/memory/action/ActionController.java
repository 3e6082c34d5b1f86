package io.mnemos.memory.action;

import io.micrometer.core.instrument.MeterRegistry;
import io.mnemos.memory.erasure.DeletionReceipt;
import io.mnemos.web.problem.ConflictProblem;
import io.mnemos.web.problem.NotFoundProblem;
import io.mnemos.web.problem.UnprocessableProblem;
import io.mnemos.web.security.RequiresScope;
import io.mnemos.web.security.TenantContext;
import io.mnemos.web.validation.UserId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Action memory over HTTP: record traces, replay scripts with a check before every step, scripts with their success
 * rates. Scripts are per tenant; traces and replays may name a user, whose erasure removes them (and scripts compiled
 * from their traces).
 *
 * <p>Replay protocol: {@code POST /v1/actions/replay} returns a replay id and the script. Before executing step {@code
 * k} (0-based) the agent reports the state it observes with {@code POST .../replay/{id}/steps/{k}}: {@code PROCEED}
 * means execute that step; {@code DIVERGED} means the replay stopped ("diverged at step k") and the agent continues
 * with its model. After the last step it reports step {@code n} (= number of steps) with the final state ({@code
 * COMPLETE} if it matches), then {@code POST .../finish} with the task-level outcome.
 */
@RestController
@Validated
@Tag(name = "Action memory")
class ActionController {

    private final ActionMemoryService actions;
    private final ActionTraces traces;
    private final Clock clock;
    private final MeterRegistry meters;

    ActionController(
            ActionMemoryService actions, ActionTraces traces, ObjectProvider<Clock> clock, MeterRegistry meters) {
        this.actions = actions;
        this.traces = traces;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        this.meters = meters;
    }

    record TargetRequest(
            @NotBlank @Size(max = 200) String system,
            @NotBlank @Size(max = 500) String location,
            @Nullable @Size(max = 500) String element) {}

    /**
     * @param preState  fingerprint of the state before the step (null: not checked on replay)
     * @param postState fingerprint of the state after it
     */
    record TraceStepRequest(
            @NotNull @Valid TargetRequest target,
            @NotBlank @Size(max = 200) String action,
            @Nullable Map<String, @NotNull @Size(max = 2000) String> params,
            @Nullable @Size(max = 500) String preState,
            @Nullable @Size(max = 500) String postState) {}

    /** @param success whether the task was achieved (default true); only successful traces become scripts */
    record TraceRequest(
            @Nullable @UserId String userId,
            @NotBlank @Size(max = 2000) String task,
            @NotNull @Size(max = 500) List<@NotNull @Valid TraceStepRequest> steps,
            @Nullable Boolean success) {}

    record TraceRecorded(UUID traceId, boolean success, @Nullable UUID scriptId, boolean newScript) {}

    /** @param currentState when given, scripts whose first step expects another state are skipped */
    record ReplayRequest(
            @NotBlank @Size(max = 2000) String task,
            @Nullable @UserId String userId,
            @Nullable @Size(max = 500) String currentState) {}

    record PlannedStepView(
            int index,
            Target target,
            String action,
            Map<String, String> params,
            @Nullable String expectedPreState,
            @Nullable String expectedPostState,
            boolean requiresConfirmation) {
        static PlannedStepView of(PlannedStep s) {
            return new PlannedStepView(
                    s.index(),
                    s.target(),
                    s.action(),
                    s.params(),
                    s.expectedPreState(),
                    s.expectedPostState(),
                    s.requiresConfirmation());
        }
    }

    /** @param matched false when no script fits: use the model, then record the trace */
    record ReplayStarted(
            boolean matched,
            @Nullable UUID replayId,
            @Nullable UUID scriptId,
            double similarity,
            double patternConfidence,
            Map<String, String> bindings,
            List<PlannedStepView> steps) {}

    /** @param observedState fingerprint of the state observed before step k (after the last step: the final state) */
    record StepReport(@NotNull @Size(max = 500) String observedState) {}

    record StepResult(
            UUID replayId,
            int step,
            StepVerdict.Kind verdict,
            String message,
            @Nullable PlannedStepView plannedStep,
            @Nullable String expected,
            @Nullable String observed) {}

    record FinishRequest(@NotNull Boolean success) {}

    record RunView(
            UUID replayId,
            UUID scriptId,
            ReplayRun.Status status,
            int nextStep,
            int stepsReplayed,
            @Nullable Integer divergedAt,
            @Nullable String divergence,
            int branches,
            Instant startedAt,
            @Nullable Instant finishedAt) {
        static RunView of(ReplayRun r) {
            return new RunView(
                    r.id(),
                    r.scriptId(),
                    r.status(),
                    r.nextStep(),
                    r.stepsReplayed(),
                    r.divergedAt(),
                    r.divergence(),
                    r.branches(),
                    r.startedAt(),
                    r.finishedAt());
        }
    }

    record ScriptView(
            UUID id,
            String taskPattern,
            List<String> slots,
            int steps,
            ReplayScript.Status status,
            int runs,
            int successes,
            double successRate,
            double recentSuccessRate,
            @Nullable UUID sourceTraceId,
            Instant createdAt,
            Instant updatedAt) {
        static ScriptView of(ReplayScript s) {
            return new ScriptView(
                    s.id(),
                    s.taskPattern(),
                    s.slots(),
                    s.steps().size(),
                    s.status(),
                    s.runs(),
                    s.successes(),
                    s.runs() == 0 ? 1.0 : s.successes() / (double) s.runs(),
                    s.recentSuccessRate(),
                    s.sourceTraceId(),
                    s.createdAt(),
                    s.updatedAt());
        }
    }

    record ScriptList(List<ScriptView> scripts) {}

    record TraceView(
            UUID id, @Nullable String userId, String task, List<TraceStep> steps, boolean success, Instant recordedAt) {
        static TraceView of(ActionTrace t) {
            return new TraceView(t.id(), t.userId(), t.task(), t.steps(), t.success(), t.recordedAt());
        }
    }

    /** @param next {@code before} value for the next page (null: no more) */
    record TraceList(List<TraceView> traces, @Nullable Instant next) {}

    @PostMapping("/v1/actions/traces")
    @RequiresScope("memory:write")
    @Operation(
            summary = "Record an action trace",
            description = "Each step: target, action, parameters and state fingerprints before and after. A successful"
                    + " trace is compiled into a replay script (or matches an existing one). A trace without steps is"
                    + " 422. Publishes memory.action.recorded.")
    ResponseEntity<TraceRecorded> record(@Valid @RequestBody TraceRequest body) {
        if (body.steps().isEmpty()) {
            throw new UnprocessableProblem(
                    "trace-without-steps",
                    "Trace has no steps",
                    "A trace needs at least one step: send the steps taken, in order.");
        }
        List<TraceStep> steps = new ArrayList<>();
        for (TraceStepRequest s : body.steps()) {
            steps.add(new TraceStep(
                    new Target(
                            s.target().system(),
                            s.target().location(),
                            s.target().element()),
                    s.action().strip(),
                    s.params(),
                    s.preState(),
                    s.postState()));
        }
        boolean success = body.success() == null || body.success();
        ActionMemoryService.Recorded r = actions.record(
                TenantContext.tenant(),
                new ActionTrace(
                        io.mnemos.contracts.Ids.newId(),
                        body.userId(),
                        body.task().strip(),
                        steps,
                        success,
                        clock.instant()));
        meters.counter("mnemos.memory.action.traces", "newScript", String.valueOf(r.newScript()))
                .increment();
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new TraceRecorded(
                        r.trace().id(),
                        success,
                        r.script().map(ReplayScript::id).orElse(null),
                        r.newScript()));
    }

    @GetMapping("/v1/actions/traces")
    @RequiresScope("memory:read")
    @Operation(
            summary = "The tenant's recorded traces, newest first",
            description = "Optionally only those recorded for one user. Pages of `limit` (1-500, default 100); pass"
                    + " the answer's `next` as `before` for the next page.")
    TraceList traces(
            @RequestParam(required = false) @Nullable @UserId String userId,
            @RequestParam(required = false) @Nullable Instant before,
            @RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit) {
        List<TraceView> page = traces.list(TenantContext.tenant(), userId, before, limit).stream()
                .map(TraceView::of)
                .toList();
        return new TraceList(page, page.size() < limit ? null : page.getLast().recordedAt());
    }

    @GetMapping("/v1/actions/traces/{traceId}")
    @RequiresScope("memory:read")
    @Operation(summary = "One recorded trace")
    TraceView trace(@PathVariable UUID traceId) {
        return traces.find(TenantContext.tenant(), traceId)
                .map(TraceView::of)
                .orElseThrow(() -> traceNotFound(traceId));
    }

    @DeleteMapping("/v1/actions/traces/{traceId}")
    @RequiresScope("memory:write")
    @Operation(
            summary = "Delete one trace and the replay scripts compiled from it",
            description = "Scripts whose source is this trace are deleted with all their runs; a script the trace only"
                    + " matched stays. One transaction with the tombstone memory.item.deleted. Answers the receipt"
                    + " with counts (traces, scripts, runs). Another tenant's trace is 404.")
    DeletionReceipt deleteTrace(@PathVariable UUID traceId) {
        DeletionReceipt r = traces.delete(TenantContext.tenant(), traceId).orElseThrow(() -> traceNotFound(traceId));
        meters.counter("mnemos.memory.action.traces.deleted").increment();
        return r;
    }

    @PostMapping("/v1/actions/replay")
    @RequiresScope("memory:write")
    @Operation(
            summary = "Start replaying the best script for a task",
            description = "Returns a replay id and the script's steps with slot values filled in and the expected"
                    + " pre-state fingerprint of each step; matched=false when no active script fits.")
    ReplayStarted replay(@Valid @RequestBody ReplayRequest body) {
        Optional<ReplayPlan> plan =
                actions.replay(TenantContext.tenant(), body.userId(), body.task(), body.currentState());
        meters.counter("mnemos.memory.action.replays", "hit", String.valueOf(plan.isPresent()))
                .increment();
        return plan.map(p -> new ReplayStarted(
                        true,
                        p.runId(),
                        p.script().id(),
                        p.similarity(),
                        p.patternConfidence(),
                        p.bindings(),
                        p.steps().stream().map(PlannedStepView::of).toList()))
                .orElseGet(() -> new ReplayStarted(false, null, null, 0, 0, Map.of(), List.of()));
    }

    @GetMapping("/v1/actions/replay/{replayId}")
    @RequiresScope("memory:read")
    @Operation(summary = "The state of a replay")
    RunView run(@PathVariable UUID replayId) {
        return RunView.of(findRun(replayId));
    }

    @PostMapping("/v1/actions/replay/{replayId}/steps/{k}")
    @RequiresScope("memory:write")
    @Operation(
            summary = "Report the state before step k; get the verdict",
            description = "PROCEED: execute the step returned. DIVERGED: the replay stopped (\"diverged at step k\");"
                    + " continue with the model. After the last step report k = number of steps with the final state"
                    + " (COMPLETE when it matches). 404 for a step the script does not have; 422 for a step other than"
                    + " the next one; 409 if the replay already ended.")
    StepResult step(@PathVariable UUID replayId, @PathVariable @Min(0) int k, @Valid @RequestBody StepReport body) {
        String tenant = TenantContext.tenant();
        ReplayRun run = findRun(replayId);
        ReplayScript script = actions.script(tenant, run.scriptId()).orElseThrow(() -> runNotFound(replayId));
        int n = script.steps().size();
        if (k > n) {
            throw new NotFoundProblem(
                            "step-not-found",
                            "Step not found",
                            "The script of replay " + replayId + " has " + n + " steps (0.." + (n - 1) + "); report"
                                    + " step " + n + " with the final state after the last one.")
                    .with("steps", n);
        }
        if (run.status() != ReplayRun.Status.RUNNING) {
            throw notRunning(run);
        }
        if (k != run.nextStep()) {
            throw new UnprocessableProblem(
                            "step-out-of-order",
                            "Step out of order",
                            "Replay " + replayId + " expects a report for step " + run.nextStep() + ", not " + k
                                    + ": report the state before each step, in order.")
                    .with("nextStep", run.nextStep());
        }
        StepVerdict v;
        try {
            v = actions.next(tenant, replayId, body.observedState());
        } catch (IllegalStateException e) {
            throw notRunning(findRun(replayId));
        }
        meters.counter("mnemos.memory.action.steps", "verdict", v.kind().name().toLowerCase(java.util.Locale.ROOT))
                .increment();
        return new StepResult(
                replayId,
                v.stepIndex(),
                v.kind(),
                v.message(),
                v.step() == null ? null : PlannedStepView.of(v.step()),
                v.expected(),
                v.observed());
    }

    @PostMapping("/v1/actions/replay/{replayId}/finish")
    @RequiresScope("memory:write")
    @Operation(
            summary = "End a replay with the task-level outcome",
            description = "Updates the script's success rate; a script whose recent success rate falls below the"
                    + " policy is retired. A replay that already ended (e.g. diverged) is returned unchanged.")
    RunView finish(@PathVariable UUID replayId, @Valid @RequestBody FinishRequest body) {
        findRun(replayId);
        return RunView.of(actions.finish(TenantContext.tenant(), replayId, body.success()));
    }

    @GetMapping("/v1/actions/scripts")
    @RequiresScope("memory:read")
    @Operation(summary = "The tenant's replay scripts with success rates, retired ones included")
    ScriptList scripts() {
        return new ScriptList(actions.scripts(TenantContext.tenant()).stream()
                .map(ScriptView::of)
                .toList());
    }

    @DeleteMapping("/v1/actions/scripts/{scriptId}")
    @RequiresScope("memory:write")
    @Operation(summary = "Delete a replay script and its runs")
    ResponseEntity<Void> deleteScript(@PathVariable UUID scriptId) {
        if (!actions.delete(TenantContext.tenant(), scriptId)) {
            throw new NotFoundProblem(
                    "script-not-found",
                    "Script not found",
                    "No replay script " + scriptId + ". List them with GET /v1/actions/scripts.");
        }
        return ResponseEntity.noContent().build();
    }

    private ReplayRun findRun(UUID replayId) {
        return actions.run(TenantContext.tenant(), replayId).orElseThrow(() -> runNotFound(replayId));
    }

    private static NotFoundProblem traceNotFound(UUID traceId) {
        return new NotFoundProblem(
                "trace-not-found",
                "Trace not found",
                "No trace " + traceId + ". List them with GET /v1/actions/traces.");
    }

    private static NotFoundProblem runNotFound(UUID replayId) {
        return new NotFoundProblem(
                "replay-not-found",
                "Replay not found",
                "No replay " + replayId + ". Start one with POST /v1/actions/replay.");
    }

    private static ConflictProblem notRunning(ReplayRun run) {
        return (ConflictProblem) new ConflictProblem(
                        "replay-not-running",
                        "Replay has ended",
                        "Replay " + run.id() + " is " + run.status()
                                + (run.divergence() == null ? "" : " (" + run.divergence() + ")")
                                + "; start a new one with POST /v1/actions/replay.")
                .with("status", run.status())
                .with("divergedAt", run.divergedAt());
    }
}

package io.mnemos.memory.action;

import io.mnemos.contracts.Ids;
import io.mnemos.contracts.events.ActionRecorded;
import io.mnemos.memory.experience.TextPattern;
import io.mnemos.messaging.outbox.Outbox;
import io.mnemos.model.Embedder;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.apache.lucene.util.VectorUtil;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Entry point of action memory: record traces, replay scripts step by step with checks, learn from run outcomes.
 *
 * <p>Protocol for the agent: {@link #replay} a task (empty: no script fits, use the model and {@link #record} the
 * trace); then before every step call {@link #next} with the fingerprint of the current state and execute the step it
 * returns; on {@link StepVerdict.Kind#DIVERGED} continue with the model from the current state; on {@link
 * StepVerdict.Kind#COMPLETE} run the task-level check and {@link #finish} the run. Every method is scoped to a tenant.
 * Thread-safe (runs and scripts are updated with optimistic locking).
 *
 * <p>Each call that writes runs in one transaction: a recorded trace, its compiled script and its {@code
 * memory.action.recorded} event commit together; a step check's run and script-statistics updates too.
 */
public final class ActionMemoryService {

    private static final int MAX_ATTEMPTS = 5;

    private final ActionStore store;
    private final Embedder embedder;
    private final ReplayPolicy policy;
    private final Clock clock;
    private final TransactionOperations tx;
    private final Outbox outbox;
    private final Map<String, List<Candidate>> cache = new ConcurrentHashMap<>();

    private record Candidate(ReplayScript script, float[] vector, TextPattern pattern) {}

    /** What {@link #record} did. */
    public record Recorded(ActionTrace trace, Optional<ReplayScript> script, boolean newScript) {}

    /** Without transactions around store calls and without events (tests of the service layer). */
    public ActionMemoryService(ActionStore store, Embedder embedder, ReplayPolicy policy, Clock clock) {
        this(store, embedder, policy, clock, TransactionOperations.withoutTransaction(), (e, t, k) -> {});
    }

    /**
     * @param tx     transactions on the store's data source
     * @param outbox where {@code memory.action.recorded} events go, inside {@code tx}
     */
    public ActionMemoryService(
            ActionStore store,
            Embedder embedder,
            ReplayPolicy policy,
            Clock clock,
            TransactionOperations tx,
            Outbox outbox) {
        this.store = Objects.requireNonNull(store, "store");
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tx = Objects.requireNonNull(tx, "tx");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
    }

    /**
     * Stores a trace; a successful one is compiled into a script unless an active script with the same pattern and
     * the same steps exists (then that one is returned).
     */
    public Recorded record(String tenant, ActionTrace trace) {
        JdbcActionStore.requireTenant(tenant);
        Recorded r = tx.execute(status -> {
            Recorded rec = recordRows(tenant, trace);
            outbox.publish(
                    new ActionRecorded(
                            trace.id(),
                            trace.userId(),
                            trace.success(),
                            trace.steps().size(),
                            rec.script().map(ReplayScript::id).orElse(null),
                            rec.newScript()),
                    tenant,
                    trace.userId() != null ? trace.userId() : trace.id().toString());
            return rec;
        });
        if (r.newScript()) {
            afterCommit(() -> cache.remove(tenant));
        }
        return r;
    }

    private Recorded recordRows(String tenant, ActionTrace trace) {
        store.saveTrace(tenant, trace);
        if (!trace.success()) {
            return new Recorded(trace, Optional.empty(), false);
        }
        ReplayScript compiled = ScriptCompiler.compile(tenant, trace, clock.instant());
        for (Candidate c : candidates(tenant)) {
            if (c.script().taskPattern().equals(compiled.taskPattern())
                    && c.script().steps().equals(compiled.steps())) {
                return new Recorded(trace, Optional.of(c.script()), false);
            }
        }
        store.saveScript(compiled, embedder.embed(masked(compiled.taskPattern())));
        cache.remove(tenant);
        return new Recorded(trace, Optional.of(compiled), true);
    }

    /** Convenience: records a new trace with a fresh id, recorded now. */
    public Recorded record(String tenant, String userId, String task, List<TraceStep> steps, boolean success) {
        return record(tenant, new ActionTrace(Ids.newId(), userId, task, steps, success, clock.instant()));
    }

    /** {@link #replay(String, String, String)} without a current-state filter. */
    public Optional<ReplayPlan> replay(String tenant, String task) {
        return replay(tenant, task, null);
    }

    /**
     * Starts replaying the best script for {@code task}: active scripts whose pattern aligns with the task with every
     * slot bound and whose pattern embedding is similar enough to the task's (both with the slot values masked, so
     * that different values do not lower the similarity); ranked by the mean of similarity and alignment confidence,
     * then recent success rate.
     *
     * @param currentState when given, scripts whose first step expects another state are skipped (the root of the
     *     ActTree is chosen by the current state)
     * @return the plan with a new running run; empty when no script fits
     */
    public Optional<ReplayPlan> replay(String tenant, String task, String currentState) {
        return replay(tenant, null, task, currentState);
    }

    /** {@link #replay(String, String, String)} for a user ({@code null}: unknown), whose run erasure removes. */
    public Optional<ReplayPlan> replay(String tenant, String userId, String task, String currentState) {
        JdbcActionStore.requireTenant(tenant);
        List<Candidate> candidates = candidates(tenant);
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        Map<String, float[]> embedded = new java.util.HashMap<>();
        Candidate best = null;
        double bestScore = -1;
        double bestSim = 0;
        TextPattern.Match bestMatch = null;
        for (Candidate c : candidates) {
            TextPattern.Match m = c.pattern().match(task);
            if (m.confidence() < policy.minPatternConfidence()
                    || !m.bindings().keySet().containsAll(c.script().slots())) {
                continue;
            }
            String first = c.script().steps().getFirst().expectedPreState();
            if (currentState != null && first != null && !first.equals(currentState)) {
                continue;
            }
            float[] q = embedded.computeIfAbsent(maskedTask(task, m), embedder::embed);
            if (c.vector() == null || c.vector().length != q.length) {
                continue;
            }
            double sim = VectorUtil.dotProduct(q, c.vector());
            if (sim < policy.minSimilarity()) {
                continue;
            }
            double score = 0.5 * sim + 0.5 * m.confidence();
            if (best == null
                    || score > bestScore + 1e-9
                    || (Math.abs(score - bestScore) <= 1e-9
                            && c.script().recentSuccessRate() > best.script().recentSuccessRate())) {
                best = c;
                bestScore = score;
                bestSim = sim;
                bestMatch = m;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        ReplayRun run = new ReplayRun(
                Ids.newId(),
                tenant,
                best.script().id(),
                task,
                bestMatch.bindings(),
                ReplayRun.Status.RUNNING,
                0,
                0,
                null,
                null,
                0,
                clock.instant(),
                null,
                0);
        store.saveRun(run, userId);
        List<PlannedStep> steps = new ArrayList<>();
        for (int i = 0; i < best.script().steps().size(); i++) {
            steps.add(plan(best.script(), i, run.bindings()));
        }
        return Optional.of(
                new ReplayPlan(run.id(), best.script(), bestSim, bestMatch.confidence(), run.bindings(), steps));
    }

    /**
     * The check before the next step: hands out the step if {@code observedState} equals the state recorded before it
     * (or moves to a sibling script whose next recorded state it equals); otherwise stops the run. After the last step
     * it compares the final state with the recorded post-state.
     *
     * @throws IllegalArgumentException if the run is missing or another tenant's
     * @throws IllegalStateException if the run is not running
     */
    public StepVerdict next(String tenant, UUID runId, String observedState) {
        JdbcActionStore.requireTenant(tenant);
        return tx.execute(status -> nextInTransaction(tenant, runId, observedState));
    }

    private StepVerdict nextInTransaction(String tenant, UUID runId, String observedState) {
        ReplayRun run = store.run(tenant, runId).orElseThrow(() -> new IllegalArgumentException("No run " + runId));
        if (run.status() != ReplayRun.Status.RUNNING) {
            throw new IllegalStateException("Run " + runId + " is " + run.status());
        }
        ReplayScript script = store.script(tenant, run.scriptId()).orElseThrow();
        int k = run.nextStep();
        List<ScriptStep> steps = script.steps();
        if (k >= steps.size()) {
            String expected = steps.getLast().expectedPostState();
            if (expected == null || expected.equals(observedState)) {
                return new StepVerdict(
                        StepVerdict.Kind.COMPLETE, steps.size(), null, expected, observedState, "complete");
            }
            return diverge(run, script, steps.size() - 1, expected, observedState, "post-state after step");
        }
        String expected = steps.get(k).expectedPreState();
        if (expected == null || expected.equals(observedState)) {
            store.updateRun(run.advanced(script.id(), k + 1, run.stepsReplayed() + 1, run.branches()), run.version());
            return new StepVerdict(
                    StepVerdict.Kind.PROCEED, k, plan(script, k, run.bindings()), expected, observedState, "proceed");
        }
        if (policy.branching()) {
            Optional<ReplayScript> sibling = sibling(tenant, script, k, observedState);
            if (sibling.isPresent()) {
                ReplayScript s = sibling.get();
                store.updateRun(
                        run.advanced(s.id(), k + 1, run.stepsReplayed() + 1, run.branches() + 1), run.version());
                return new StepVerdict(
                        StepVerdict.Kind.PROCEED,
                        k,
                        plan(s, k, run.bindings()),
                        expected,
                        observedState,
                        "branched to script " + s.id() + " at step " + k);
            }
        }
        return diverge(run, script, k, expected, observedState, "pre-state of step");
    }

    /**
     * Ends a running run with the task-level outcome and updates the script's statistics (retiring it if its recent
     * success rate fell below the policy). A run that already ended (e.g. diverged) is returned unchanged.
     */
    public ReplayRun finish(String tenant, UUID runId, boolean taskSucceeded) {
        JdbcActionStore.requireTenant(tenant);
        return tx.execute(status -> finishInTransaction(tenant, runId, taskSucceeded));
    }

    private ReplayRun finishInTransaction(String tenant, UUID runId, boolean taskSucceeded) {
        ReplayRun run = store.run(tenant, runId).orElseThrow(() -> new IllegalArgumentException("No run " + runId));
        if (run.status() != ReplayRun.Status.RUNNING) {
            return run;
        }
        ReplayRun done = run.finished(
                taskSucceeded ? ReplayRun.Status.SUCCEEDED : ReplayRun.Status.FAILED,
                null,
                taskSucceeded ? null : "task-level check failed",
                clock.instant());
        store.updateRun(done, run.version());
        recordOutcome(tenant, run.scriptId(), taskSucceeded);
        return done;
    }

    public Optional<ReplayRun> run(String tenant, UUID runId) {
        JdbcActionStore.requireTenant(tenant);
        return store.run(tenant, runId);
    }

    public List<ReplayScript> scripts(String tenant) {
        JdbcActionStore.requireTenant(tenant);
        return store.scripts(tenant);
    }

    public Optional<ReplayScript> script(String tenant, UUID id) {
        JdbcActionStore.requireTenant(tenant);
        return store.script(tenant, id);
    }

    /** Retires a script by hand; {@code false} if missing or another tenant's. */
    public boolean retire(String tenant, UUID id) {
        JdbcActionStore.requireTenant(tenant);
        boolean done = update(tenant, id, s -> s.withStatus(ReplayScript.Status.RETIRED, clock.instant()))
                .isPresent();
        cache.remove(tenant);
        return done;
    }

    /** Deletes a script and its runs; {@code false} if missing or another tenant's. */
    public boolean delete(String tenant, UUID id) {
        JdbcActionStore.requireTenant(tenant);
        boolean deleted = store.deleteScript(tenant, id);
        cache.remove(tenant);
        return deleted;
    }

    /** Drops the cached scripts of the tenant (re-read on the next replay). */
    public void invalidate(String tenant) {
        cache.remove(tenant);
    }

    /** Drops the script cache of the tenant once the surrounding transaction commits (at once when there is none). */
    static void afterCommitInvalidate(ActionMemoryService service, String tenant) {
        afterCommit(() -> service.invalidate(tenant));
    }

    /** Removes now, and again once the surrounding transaction commits (so no reader caches uncommitted state). */
    private static void afterCommit(Runnable work) {
        work.run();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    work.run();
                }
            });
        }
    }

    private StepVerdict diverge(
            ReplayRun run, ReplayScript script, int k, String expected, String observed, String what) {
        String msg = "diverged at step " + k + ": " + what + " expected " + expected + ", observed " + observed;
        store.updateRun(run.finished(ReplayRun.Status.DIVERGED, k, msg, clock.instant()), run.version());
        recordOutcome(run.tenant(), script.id(), false);
        return new StepVerdict(StepVerdict.Kind.DIVERGED, k, null, expected, observed, msg);
    }

    private void recordOutcome(String tenant, UUID scriptId, boolean success) {
        Optional<ReplayScript> updated = update(tenant, scriptId, s -> {
            String recent = (s.recent() + (success ? "S" : "F"));
            recent = recent.substring(Math.max(0, recent.length() - policy.window()));
            ReplayScript.Status status = s.status() == ReplayScript.Status.ACTIVE && policy.shouldRetire(recent)
                    ? ReplayScript.Status.RETIRED
                    : s.status();
            return s.withRun(success, policy.window(), status, clock.instant());
        });
        if (updated.isPresent()) {
            cache.remove(tenant);
        }
    }

    private Optional<ReplayScript> update(String tenant, UUID id, UnaryOperator<ReplayScript> change) {
        for (int attempt = 1; ; attempt++) {
            Optional<ReplayScript> s = store.script(tenant, id);
            if (s.isEmpty()) {
                return s;
            }
            ReplayScript next = change.apply(s.get());
            try {
                store.updateScript(next, s.get().version());
                return Optional.of(next);
            } catch (OptimisticLockingFailureException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** An active script with the same pattern and the same first {@code k} steps whose step {@code k} expects the state. */
    private Optional<ReplayScript> sibling(String tenant, ReplayScript script, int k, String observed) {
        return candidates(tenant).stream()
                .map(Candidate::script)
                .filter(s -> !s.id().equals(script.id()))
                .filter(s -> s.taskPattern().equals(script.taskPattern()))
                .filter(s -> s.steps().size() > k)
                .filter(s -> samePrefix(s.steps(), script.steps(), k))
                .filter(s -> observed.equals(s.steps().get(k).expectedPreState()))
                .max(Comparator.comparingDouble(ReplayScript::recentSuccessRate)
                        .thenComparing(ReplayScript::createdAt, Comparator.<Instant>naturalOrder()));
    }

    /**
     * The first {@code k} steps act alike: same targets, actions, parameters and pre-states, and the same post-states
     * except the last one (that is where the two branches part).
     */
    static boolean samePrefix(List<ScriptStep> a, List<ScriptStep> b, int k) {
        for (int i = 0; i < k; i++) {
            ScriptStep x = a.get(i);
            ScriptStep y = b.get(i);
            if (!x.target().equals(y.target())
                    || !x.action().equals(y.action())
                    || !x.params().equals(y.params())
                    || !Objects.equals(x.expectedPreState(), y.expectedPreState())
                    || (i < k - 1 && !Objects.equals(x.expectedPostState(), y.expectedPostState()))) {
                return false;
            }
        }
        return true;
    }

    private PlannedStep plan(ReplayScript script, int i, Map<String, String> bindings) {
        ScriptStep s = script.steps().get(i);
        Map<String, String> params = new java.util.TreeMap<>();
        s.params().forEach((k, v) -> params.put(k, v == null ? "" : TextPattern.fill(v, bindings)));
        return new PlannedStep(
                i,
                s.target(),
                s.action(),
                params,
                s.expectedPreState(),
                s.expectedPostState(),
                policy.sensitiveActions().contains(s.action()));
    }

    /** A pattern with every slot replaced by a neutral word, for embedding. */
    static String masked(String pattern) {
        return pattern.replaceAll("\\{[^}]*}", MASK);
    }

    /** The task with the text each slot took replaced by the same neutral word. */
    static String maskedTask(String task, TextPattern.Match m) {
        String out = task;
        for (String v : m.bindings().values().stream()
                .sorted(java.util.Comparator.comparingInt(String::length).reversed())
                .toList()) {
            out = out.replace(v, MASK);
        }
        return out.toLowerCase(java.util.Locale.ROOT);
    }

    private static final String MASK = "something";

    private List<Candidate> candidates(String tenant) {
        return cache.computeIfAbsent(tenant, t -> store.activeScripts(t).stream()
                .map(sv -> new Candidate(
                        sv.script(), sv.vector(), TextPattern.parse(sv.script().taskPattern())))
                .toList());
    }
}

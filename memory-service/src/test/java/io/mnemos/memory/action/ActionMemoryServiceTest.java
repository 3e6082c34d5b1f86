package io.mnemos.memory.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mnemos.memory.profile.TestEmbedders;
import io.mnemos.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActionMemoryServiceTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-04-01T08:00:00Z"));
    private final ActionMemoryService service =
            new ActionMemoryService(new InMemoryActionStore(), TestEmbedders.fake(256), FAKE_EMBEDDER_POLICY, clock);

    /** The bag-of-words test embedder gives lower similarities than MiniLM: the pattern check does the real work. */
    static final ReplayPolicy FAKE_EMBEDDER_POLICY =
            new ReplayPolicy(0.3, 0.8, 4, 8, 0.5, true, ReplayPolicy.defaults().sensitiveActions());

    static List<TraceStep> sendSteps(String contact, String text) {
        return List.of(
                new TraceStep(Target.ui("Messages", "home", "new"), "tap", Map.of(), "msg:home", "msg:compose"),
                new TraceStep(
                        Target.ui("Messages", "compose", "to"),
                        "type",
                        Map.of("text", contact),
                        "msg:compose",
                        "msg:compose-to"),
                new TraceStep(
                        Target.ui("Messages", "compose", "body"),
                        "type",
                        Map.of("text", text),
                        "msg:compose-to",
                        "msg:ready"),
                new TraceStep(Target.ui("Messages", "compose", "send"), "send", Map.of(), "msg:ready", "msg:sent"));
    }

    @Test
    void compileTurnsTaskValuesIntoSlots() {
        ReplayScript s = ScriptCompiler.compile(
                "t",
                new ActionTrace(
                        io.mnemos.contracts.Ids.newId(),
                        "u",
                        "Send a message to Bob Stone saying running late",
                        sendSteps("Bob Stone", "running late"),
                        true,
                        clock.instant()),
                clock.instant());
        assertThat(s.taskPattern()).isEqualTo("send a message to {slot1} saying {slot2}");
        assertThat(s.slots()).containsExactly("slot1", "slot2");
        assertThat(s.steps().get(1).params()).containsEntry("text", "{slot1}");
        assertThat(s.steps().get(2).params()).containsEntry("text", "{slot2}");
    }

    @Test
    void replaysWithSlotSubstitutionAndChecksEveryStep() {
        service.record("t", "u", "send a message to Bob saying running late", sendSteps("Bob", "running late"), true);
        ReplayPlan plan = service.replay("t", "send a message to Ann Lee saying see you at noon")
                .orElseThrow();
        assertThat(plan.bindings()).containsEntry("slot1", "Ann Lee").containsEntry("slot2", "see you at noon");
        assertThat(plan.steps().getLast().requiresConfirmation()).isTrue();

        String[] states = {"msg:home", "msg:compose", "msg:compose-to", "msg:ready"};
        for (int k = 0; k < 4; k++) {
            StepVerdict v = service.next("t", plan.runId(), states[k]);
            assertThat(v.kind()).isEqualTo(StepVerdict.Kind.PROCEED);
            assertThat(v.stepIndex()).isEqualTo(k);
        }
        assertThat(service.run("t", plan.runId()).orElseThrow().stepsReplayed()).isEqualTo(4);
        assertThat(service.next("t", plan.runId(), "msg:sent").kind()).isEqualTo(StepVerdict.Kind.COMPLETE);
        ReplayRun done = service.finish("t", plan.runId(), true);
        assertThat(done.status()).isEqualTo(ReplayRun.Status.SUCCEEDED);
        ReplayScript s = service.script("t", plan.script().id()).orElseThrow();
        assertThat(s.runs()).isEqualTo(1);
        assertThat(s.successes()).isEqualTo(1);
        assertThat(s.recent()).isEqualTo("S");
    }

    @Test
    void stepsCarryTheFilledParameters() {
        service.record("t", "u", "send a message to Bob saying hi", sendSteps("Bob", "hi"), true);
        ReplayPlan plan =
                service.replay("t", "send a message to Zoe saying bye").orElseThrow();
        service.next("t", plan.runId(), "msg:home");
        StepVerdict v = service.next("t", plan.runId(), "msg:compose");
        assertThat(v.step().params()).containsEntry("text", "Zoe");
    }

    @Test
    void divergenceStopsTheRunAtTheFailedCheck() {
        service.record("t", "u", "send a message to Bob saying hi", sendSteps("Bob", "hi"), true);
        ReplayPlan plan = service.replay("t", "send a message to Ann saying yo").orElseThrow();
        assertThat(service.next("t", plan.runId(), "msg:home").kind()).isEqualTo(StepVerdict.Kind.PROCEED);
        StepVerdict v = service.next("t", plan.runId(), "msg:rate-us-popup");
        assertThat(v.kind()).isEqualTo(StepVerdict.Kind.DIVERGED);
        assertThat(v.stepIndex()).isEqualTo(1);
        assertThat(v.message())
                .startsWith("diverged at step 1")
                .contains("msg:compose")
                .contains("msg:rate-us-popup");
        ReplayRun run = service.run("t", plan.runId()).orElseThrow();
        assertThat(run.status()).isEqualTo(ReplayRun.Status.DIVERGED);
        assertThat(run.divergedAt()).isEqualTo(1);
        assertThatThrownBy(() -> service.next("t", plan.runId(), "msg:compose"))
                .isInstanceOf(IllegalStateException.class);
        assertThat(service.finish("t", plan.runId(), true).status()).isEqualTo(ReplayRun.Status.DIVERGED);
        assertThat(service.script("t", plan.script().id()).orElseThrow().recent())
                .isEqualTo("F");
    }

    @Test
    void wrongFinalStateIsCaughtByThePostCheck() {
        service.record("t", "u", "send a message to Bob saying hi", sendSteps("Bob", "hi"), true);
        ReplayPlan plan = service.replay("t", "send a message to Ann saying yo").orElseThrow();
        for (String s : List.of("msg:home", "msg:compose", "msg:compose-to", "msg:ready")) {
            service.next("t", plan.runId(), s);
        }
        StepVerdict v = service.next("t", plan.runId(), "msg:error");
        assertThat(v.kind()).isEqualTo(StepVerdict.Kind.DIVERGED);
        assertThat(v.stepIndex()).isEqualTo(3);
    }

    @Test
    void scriptIsRetiredWhenItsRecentSuccessRateDrops() {
        service.record("t", "u", "send a message to Bob saying hi", sendSteps("Bob", "hi"), true);
        // 1 success, then failures: after 4 runs the rate is 1/4 < 0.5 -> retired.
        for (int i = 0; i < 4; i++) {
            ReplayPlan plan =
                    service.replay("t", "send a message to Ann saying yo " + i).orElseThrow();
            if (i == 0) {
                for (String s : List.of("msg:home", "msg:compose", "msg:compose-to", "msg:ready")) {
                    service.next("t", plan.runId(), s);
                }
                service.finish("t", plan.runId(), true);
            } else {
                service.next("t", plan.runId(), "msg:changed-home-v2");
            }
            clock.advance(Duration.ofMinutes(1));
        }
        ReplayScript s = service.scripts("t").getFirst();
        assertThat(s.runs()).isEqualTo(4);
        assertThat(s.status()).isEqualTo(ReplayScript.Status.RETIRED);
        assertThat(service.replay("t", "send a message to Ann saying yo")).isEmpty();
    }

    @Test
    void threeOfFourRunsIsNotRetired() {
        ReplayPolicy p = ReplayPolicy.defaults();
        assertThat(p.shouldRetire("SSF")).isFalse();
        assertThat(p.shouldRetire("SSFF")).isFalse();
        assertThat(p.shouldRetire("SFFF")).isTrue();
        assertThat(p.shouldRetire("SSSSFFFF")).isFalse();
        assertThat(p.shouldRetire("SSSFFFFF")).isTrue();
    }

    @Test
    void branchesToASiblingScriptInsteadOfDiverging() {
        service.record("t", "u", "send a message to Bob saying hi", sendSteps("Bob", "hi"), true);
        // A second recording of the same task where the app showed a new screen at step 1.
        List<TraceStep> v2 = new java.util.ArrayList<>(sendSteps("Ann", "yo"));
        v2.set(
                1,
                new TraceStep(
                        Target.ui("Messages", "compose2", "to"),
                        "type",
                        Map.of("text", "Ann"),
                        "msg:compose-v2",
                        "msg:compose-to"));
        var rec = service.record("t", "u", "send a message to Ann saying yo", v2, true);
        assertThat(rec.newScript()).isTrue();
        ReplayPlan plan = service.replay("t", "send a message to Cy saying ok", "msg:home")
                .orElseThrow();
        assertThat(service.next("t", plan.runId(), "msg:home").kind()).isEqualTo(StepVerdict.Kind.PROCEED);
        StepVerdict branch = service.next(
                "t",
                plan.runId(),
                plan.script().steps().get(1).expectedPreState().equals("msg:compose")
                        ? "msg:compose-v2"
                        : "msg:compose");
        assertThat(branch.kind()).isEqualTo(StepVerdict.Kind.PROCEED);
        assertThat(branch.message()).startsWith("branched");
        assertThat(branch.step().params()).containsEntry("text", "Cy");
        assertThat(service.run("t", plan.runId()).orElseThrow().branches()).isEqualTo(1);
    }

    @Test
    void sameRecordingTwiceKeepsOneScriptAndFailuresMakeNone() {
        assertThat(service.record("t", "u", "send a message to Bob saying hi", sendSteps("Bob", "hi"), true)
                        .newScript())
                .isTrue();
        var again = service.record("t", "u", "send a message to Eve saying yo", sendSteps("Eve", "yo"), true);
        assertThat(again.newScript()).isFalse();
        assertThat(again.script()).isPresent();
        assertThat(service.record("t", "u", "delete all my photos", sendSteps("x", "y"), false)
                        .script())
                .isEmpty();
        assertThat(service.scripts("t")).hasSize(1);
    }

    @Test
    void unrelatedTaskOrUnboundSlotGetsNoReplay() {
        service.record("t", "u", "send a message to Bob saying hi", sendSteps("Bob", "hi"), true);
        assertThat(service.replay("t", "order a large pizza")).isEmpty();
        assertThat(service.replay("t", "send a message to Bob")).isEmpty();
        assertThat(service.replay("other-tenant", "send a message to Bob saying hi"))
                .isEmpty();
    }
}

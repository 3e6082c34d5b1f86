package io.mnemos.memory.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mnemos.memory.profile.TestDatabase;
import io.mnemos.memory.profile.TestEmbedders;
import io.mnemos.testsupport.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link ActionMemoryService} on the real PostgreSQL with MiniLM: persistence of traces, scripts, runs; tenants. */
class ActionMemoryIT {

    private static TestDatabase db;

    @BeforeAll
    static void database() {
        db = TestDatabase.create("action_it");
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    private ActionMemoryService service() {
        return new ActionMemoryService(
                new JdbcActionStore(db.dataSource()),
                TestEmbedders.miniLm(),
                ReplayPolicy.defaults(),
                new MutableClock(Instant.parse("2026-04-01T08:00:00Z")));
    }

    @Test
    void recordReplayAndRunsArePersisted() {
        ActionMemoryService service = service();
        String tenant = "t-" + UUID.randomUUID();
        var rec = service.record(
                tenant,
                "u",
                "send a message to Bob saying running late",
                ActionMemoryServiceTest.sendSteps("Bob", "running late"),
                true);
        assertThat(rec.newScript()).isTrue();
        ReplayPlan plan = service.replay(tenant, "send a message to Ann Lee saying see you at noon")
                .orElseThrow();
        assertThat(plan.similarity()).isGreaterThan(0.5);
        for (String s : List.of("msg:home", "msg:compose", "msg:compose-to", "msg:ready")) {
            assertThat(service.next(tenant, plan.runId(), s).kind()).isEqualTo(StepVerdict.Kind.PROCEED);
        }
        assertThat(service.next(tenant, plan.runId(), "msg:sent").kind()).isEqualTo(StepVerdict.Kind.COMPLETE);
        service.finish(tenant, plan.runId(), true);

        // A fresh service (empty caches) reads everything back from PostgreSQL.
        ActionMemoryService fresh = service();
        ReplayRun run = fresh.run(tenant, plan.runId()).orElseThrow();
        assertThat(run.status()).isEqualTo(ReplayRun.Status.SUCCEEDED);
        assertThat(run.stepsReplayed()).isEqualTo(4);
        assertThat(run.bindings()).containsEntry("slot2", "see you at noon");
        ReplayScript script = fresh.script(tenant, plan.script().id()).orElseThrow();
        assertThat(script.steps()).isEqualTo(plan.script().steps());
        assertThat(script.recent()).isEqualTo("S");
        assertThat(fresh.replay(tenant, "send a message to Zoe saying hi")).isPresent();
        assertThat(fresh.replay(tenant, "what is the weather in Oslo")).isEmpty();
    }

    @Test
    void tenantsCannotSeeReplayOrChangeEachOthersScriptsAndRuns() {
        ActionMemoryService service = service();
        String a = "a-" + UUID.randomUUID();
        String b = "b-" + UUID.randomUUID();
        service.record(a, "u", "send a message to Bob saying hi", ActionMemoryServiceTest.sendSteps("Bob", "hi"), true);
        ReplayPlan plan = service.replay(a, "send a message to Ann saying yo").orElseThrow();
        UUID scriptId = plan.script().id();

        assertThat(service.replay(b, "send a message to Ann saying yo")).isEmpty();
        assertThat(service.scripts(b)).isEmpty();
        assertThat(service.script(b, scriptId)).isEmpty();
        assertThat(service.run(b, plan.runId())).isEmpty();
        assertThatThrownBy(() -> service.next(b, plan.runId(), "msg:home"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> service.finish(b, plan.runId(), false)).isInstanceOf(IllegalArgumentException.class);
        assertThat(service.retire(b, scriptId)).isFalse();
        assertThat(service.delete(b, scriptId)).isFalse();

        assertThat(service.script(a, scriptId).orElseThrow().status()).isEqualTo(ReplayScript.Status.ACTIVE);
        assertThat(service.run(a, plan.runId()).orElseThrow().status()).isEqualTo(ReplayRun.Status.RUNNING);
        assertThat(service.retire(a, scriptId)).isTrue();
        assertThat(service.replay(a, "send a message to Ann saying yo")).isEmpty();
        assertThat(service.delete(a, scriptId)).isTrue();
        assertThat(service.run(a, plan.runId())).isEmpty();
    }
}

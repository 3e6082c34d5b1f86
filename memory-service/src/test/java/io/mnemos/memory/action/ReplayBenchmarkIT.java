package io.mnemos.memory.action;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnemos.memory.profile.TestDatabase;
import io.mnemos.memory.profile.TestEmbedders;
import io.mnemos.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Record and replay in a simulated agent loop ({@link ReplaySimulation}) on PostgreSQL with the real MiniLM: model calls
 * avoided, divergences caught, scripts retired; with ActTree branching and with plain chains. Prints the numbers.
 */
class ReplayBenchmarkIT {

    private static TestDatabase db;

    @BeforeAll
    static void database() {
        db = TestDatabase.create("replay_bench");
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    @Test
    void simulatedAgentWithDrift() {
        int tasks = Integer.getInteger("mnemos.bench.replayTasks", 600);
        for (boolean branching : List.of(true, false)) {
            MutableClock clock = new MutableClock(Instant.parse("2026-05-01T00:00:00Z"));
            ActionMemoryService memory = new ActionMemoryService(
                    new JdbcActionStore(db.dataSource()),
                    TestEmbedders.miniLm(),
                    ReplayPolicy.defaults().withBranching(branching),
                    new java.time.Clock() {
                        @Override
                        public java.time.ZoneId getZone() {
                            return java.time.ZoneOffset.UTC;
                        }

                        @Override
                        public java.time.Clock withZone(java.time.ZoneId zone) {
                            return this;
                        }

                        @Override
                        public Instant instant() {
                            clock.advance(Duration.ofMillis(1));
                            return clock.instant();
                        }
                    });
            String tenant = "bench-" + branching;
            ReplaySimulation sim = new ReplaySimulation(2026, 0.05, 0.03, 150);
            ReplaySimulation.Stats st = sim.run(memory, tenant, tasks);
            List<ReplayScript> scripts = memory.scripts(tenant);
            int retired = (int) scripts.stream()
                    .filter(s -> s.status() == ReplayScript.Status.RETIRED)
                    .count();
            System.out.println("[replay-bench branching=" + branching + "] " + st.summary(scripts.size(), retired));
            assertThat(st.undetected).isZero();
            // Measured (600 tasks, seed 2026): 55.4 % avoided with branching, 44.6 % with plain chains.
            assertThat(st.baselineCalls - st.modelCalls).isGreaterThan(st.baselineCalls * 35 / 100);
            assertThat(st.caughtPopup + st.caughtSilent + st.caughtUpdate).isEqualTo(st.divergences);
        }
    }
}

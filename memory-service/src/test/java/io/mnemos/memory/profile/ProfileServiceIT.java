package io.mnemos.memory.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mnemos.memory.profile.disgraph.DisGraphParams;
import io.mnemos.model.Embedder;
import io.mnemos.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.OptimisticLockingFailureException;

/** {@link JdbcProfileStore} and {@link ProfileService} on the real PostgreSQL with the real MiniLM embedder. */
class ProfileServiceIT {

    private static TestDatabase db;
    private static Embedder embedder;
    private MutableClock clock;
    private JdbcProfileStore store;
    private ProfileGraphs graphs;
    private ProfileService service;
    private String tenant;

    @BeforeAll
    static void database() {
        db = TestDatabase.create("profile_it");
        embedder = TestEmbedders.miniLm();
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    @BeforeEach
    void setUp() {
        clock = new MutableClock(Instant.parse("2026-03-01T09:00:00Z"));
        ProfileMemoryProperties props = ProfileMemoryProperties.defaults();
        store = new JdbcProfileStore(db.dataSource(), props.reconciler(), clock);
        graphs = new ProfileGraphs(store, embedder, DisGraphParams.defaults(), Duration.ofMinutes(30), 100, clock);
        service = new ProfileService(store, new PatternFactExtractor(), embedder, graphs, clock);
        tenant = "tenant-" + UUID.randomUUID();
    }

    @Test
    void ingestMergeSupersedeAndHistory() {
        service.ingestTurn(tenant, "u1", "turn-1", "I live in Paris. I love sushi.");
        clock.advance(Duration.ofMinutes(1));
        List<UpsertOutcome> again = service.ingestTurn(tenant, "u1", "turn-2", "I really love sushi");
        assertThat(again).singleElement().satisfies(o -> {
            assertThat(o.kind()).isEqualTo(UpsertOutcome.Kind.MERGED);
            assertThat(o.fact().evidenceCount()).isEqualTo(2);
            assertThat(o.fact().confidence()).isGreaterThan(0.85);
            assertThat(o.fact().validFrom()).isEqualTo(Instant.parse("2026-03-01T09:00:00Z"));
            assertThat(o.fact().version()).isEqualTo(1);
        });
        clock.advance(Duration.ofDays(40));
        UpsertOutcome moved =
                service.ingestTurn(tenant, "u1", "turn-3", "I moved to Berlin").getFirst();
        assertThat(moved.kind()).isEqualTo(UpsertOutcome.Kind.SUPERSEDED);
        assertThat(moved.fact().supersedes())
                .isEqualTo(moved.superseded().getFirst().id());

        List<ProfileFact> history = service.history(tenant, "u1", "location.home");
        assertThat(history).extracting(ProfileFact::value).containsExactly("Paris", "Berlin");
        assertThat(history.getFirst().status()).isEqualTo(FactStatus.SUPERSEDED);
        assertThat(history.getFirst().supersededBy()).isEqualTo(history.get(1).id());
        assertThat(history.getFirst().validTo()).isEqualTo(clock.instant());
        assertThat(service.current(tenant, "u1"))
                .extracting(ProfileFact::attribute, ProfileFact::value)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("food.preference", "sushi"),
                        org.assertj.core.groups.Tuple.tuple("location.home", "Berlin"));
    }

    @Test
    void contradictionIsVisibleAndResolvable() {
        service.ingestTurn(tenant, "u1", "t1", "I live in Paris");
        clock.advance(Duration.ofMinutes(2));
        UpsertOutcome o =
                service.ingestTurn(tenant, "u1", "t2", "I live in Rome").getFirst();
        assertThat(o.kind()).isEqualTo(UpsertOutcome.Kind.CONTRADICTED);
        Contradiction c = service.contradictions(tenant, "u1", true).getFirst();
        assertThat(c.status()).isEqualTo(ContradictionStatus.OPEN);
        assertThat(service.current(tenant, "u1")).hasSize(2);

        // The query shows one side, flagged.
        ProfileQueryResult r = service.query(tenant, "u1", "where does the user live", 5);
        assertThat(r.hits())
                .filteredOn(h -> h.fact().attribute().equals("location.home"))
                .singleElement()
                .satisfies(h -> assertThat(h.contested()).isTrue());

        assertThatThrownBy(() -> service.resolve(tenant, c.id(), c.factA(), c.version() + 7))
                .isInstanceOf(OptimisticLockingFailureException.class);
        assertThatThrownBy(() -> service.resolve(tenant, c.id(), UUID.randomUUID(), c.version()))
                .isInstanceOf(IllegalArgumentException.class);
        ProfileStore.Resolution res =
                service.resolve(tenant, c.id(), c.factB(), c.version()).orElseThrow();
        assertThat(res.contradiction().status()).isEqualTo(ContradictionStatus.RESOLVED);
        assertThat(res.contradiction().resolvedWith()).isEqualTo(c.factB());
        assertThat(res.rejected().status()).isEqualTo(FactStatus.REJECTED);
        assertThat(service.current(tenant, "u1")).extracting(ProfileFact::value).containsExactly("Rome");
        assertThat(service.contradictions(tenant, "u1", true)).isEmpty();
        assertThatThrownBy(() -> service.resolve(
                        tenant, c.id(), c.factB(), res.contradiction().version()))
                .isInstanceOf(IllegalStateException.class);
        ProfileQueryResult after = service.query(tenant, "u1", "where does the user live", 5);
        assertThat(after.hits())
                .extracting(h -> h.fact().value())
                .contains("Rome")
                .doesNotContain("Paris");
    }

    @Test
    void queryFindsRelevantFactsAndSurvivesRebuildFromPostgres() {
        service.ingestTurn(tenant, "u1", "t1", "I'm vegetarian. I am allergic to peanuts. I love Thai food.");
        service.ingestTurn(tenant, "u1", "t2", "I work as a nurse. I live in Lisbon. I really enjoy jazz.");
        ProfileQueryResult r = service.query(tenant, "u1", "what should I cook for dinner tonight?", 3);
        assertThat(r.hits()).hasSize(3);
        assertThat(r.hits().subList(0, 2))
                .extracting(h -> h.fact().attribute())
                .allMatch(a -> a.startsWith("food.") || a.startsWith("health."));
        assertThat(r.hits())
                .extracting(h -> h.fact().attribute())
                .noneMatch(a -> a.startsWith("work.") || a.startsWith("location."));
        assertThat(r.embedMicros()).isPositive();
        assertThat(r.candidates()).isEqualTo(6);

        graphs.invalidate(tenant, "u1");
        ProfileQueryResult rebuilt = service.query(tenant, "u1", "what should I cook for dinner tonight?", 3);
        assertThat(rebuilt.hits())
                .extracting(h -> h.fact().id())
                .containsExactlyElementsOf(
                        r.hits().stream().map(h -> h.fact().id()).toList());

        // Retract and delete leave the graph too.
        ProfileFact peanuts = service.current(tenant, "u1").stream()
                .filter(f -> f.value().equals("peanuts"))
                .findFirst()
                .orElseThrow();
        assertThatThrownBy(() -> service.retract(tenant, peanuts.id(), peanuts.version() + 1))
                .isInstanceOf(OptimisticLockingFailureException.class);
        assertThat(service.retract(tenant, peanuts.id(), peanuts.version())
                        .orElseThrow()
                        .status())
                .isEqualTo(FactStatus.RETRACTED);
        assertThat(service.query(tenant, "u1", "food allergy", 6).hits())
                .extracting(h -> h.fact().value())
                .doesNotContain("peanuts");
        assertThat(service.delete(tenant, peanuts.id())).isTrue();
        assertThat(service.get(tenant, peanuts.id())).isEmpty();
        assertThat(service.forgetUser(tenant, "u1")).isEqualTo(5);
        assertThat(service.query(tenant, "u1", "anything", 3).hits()).isEmpty();
    }

    @Test
    void concurrentUpsertsOfOneAttributeAreSerialised() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<UpsertOutcome>> fs = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                fs.add(pool.submit(() -> service.upsert(
                        tenant,
                        new ProfileUpsert(
                                "u1",
                                "drink.preference",
                                "green tea",
                                Polarity.POSITIVE,
                                0.5,
                                "chat",
                                null,
                                clock.instant(),
                                null))));
            }
            for (Future<UpsertOutcome> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(service.current(tenant, "u1")).singleElement().satisfies(f -> {
            assertThat(f.evidenceCount()).isEqualTo(8);
            assertThat(f.version()).isEqualTo(7);
        });
    }

    @Test
    void tenantsCannotSeeOrChangeEachOthersFacts() {
        String other = "other-" + UUID.randomUUID();
        service.ingestTurn(tenant, "u1", "t1", "I live in Paris");
        clock.advance(Duration.ofMinutes(1));
        service.ingestTurn(tenant, "u1", "t2", "I live in Oslo");
        ProfileFact fact = service.current(tenant, "u1").getFirst();
        Contradiction c = service.contradictions(tenant, "u1", true).getFirst();

        assertThat(service.get(other, fact.id())).isEmpty();
        assertThat(service.current(other, "u1")).isEmpty();
        assertThat(service.history(other, "u1", "location.home")).isEmpty();
        assertThat(service.contradictions(other, "u1", false)).isEmpty();
        assertThat(service.query(other, "u1", "where do I live", 5).hits()).isEmpty();
        assertThat(service.retract(other, fact.id(), fact.version())).isEmpty();
        assertThat(service.resolve(other, c.id(), c.factA(), c.version())).isEmpty();
        assertThat(service.delete(other, fact.id())).isFalse();
        assertThat(service.forgetUser(other, "u1")).isZero();
        // the same user id in another tenant is another person
        service.ingestTurn(other, "u1", "t9", "I live in Madrid");
        assertThat(service.current(other, "u1")).extracting(ProfileFact::value).containsExactly("Madrid");

        assertThat(service.current(tenant, "u1"))
                .extracting(ProfileFact::value)
                .containsExactlyInAnyOrder("Paris", "Oslo");
        assertThat(service.get(tenant, fact.id())).isPresent();
        assertThat(service.contradictions(tenant, "u1", true)).hasSize(1);
    }

    @Test
    void lateObservationIsStoredAsHistory() {
        service.upsert(
                tenant,
                new ProfileUpsert(
                        "u1", "work.employer", "Acme", Polarity.POSITIVE, 0.8, "chat", null, clock.instant(), null));
        UpsertOutcome late = service.upsert(
                tenant,
                new ProfileUpsert(
                        "u1",
                        "work.employer",
                        "Globex",
                        Polarity.POSITIVE,
                        0.8,
                        "chat",
                        null,
                        clock.instant().minus(Duration.ofDays(100)),
                        null));
        assertThat(late.fact().status()).isEqualTo(FactStatus.SUPERSEDED);
        assertThat(service.current(tenant, "u1")).extracting(ProfileFact::value).containsExactly("Acme");
        assertThat(service.history(tenant, "u1", "work.employer"))
                .extracting(ProfileFact::value)
                .containsExactly("Globex", "Acme");
    }

    @Test
    void aFirstQueryDoesNotWaitForTheGraphBuildAndWritesDuringTheBuildAreKept() {
        service.ingestTurn(tenant, "u1", "t1", "I'm vegetarian. I am allergic to peanuts. I love Thai food.");
        service.ingestTurn(tenant, "u1", "t2", "I work as a nurse. I live in Lisbon. I really enjoy jazz.");
        // builds run only when the test says so, so the states in between are observable
        java.util.ArrayDeque<Runnable> builds = new java.util.ArrayDeque<>();
        ProfileGraphs background = new ProfileGraphs(
                store, embedder, DisGraphParams.defaults(), Duration.ofMinutes(30), 100, clock, builds::add);
        ProfileService bg = new ProfileService(store, new PatternFactExtractor(), embedder, background, clock);
        String q = "what should I cook for dinner tonight?";

        ProfileQueryResult exact = bg.query(tenant, "u1", q, 3);
        assertThat(background.isBuilt(tenant, "u1")).isFalse();
        assertThat(builds).hasSize(1);
        assertThat(exact.candidates()).isEqualTo(6);
        assertThat(exact.hits()).hasSize(3);
        assertThat(exact.hits().subList(0, 2))
                .extracting(h -> h.fact().attribute())
                .allMatch(a -> a.startsWith("food.") || a.startsWith("health."));
        // a second query before the build neither waits nor queues a second build
        bg.query(tenant, "u1", q, 3);
        assertThat(builds).hasSize(1);

        // a write while the build is pending: queued for the new graph, and visible to exact scans at once
        bg.ingestTurn(tenant, "u1", "t3", "I love mushroom risotto.");
        assertThat(bg.query(tenant, "u1", "mushroom risotto", 1)
                        .hits()
                        .getFirst()
                        .fact()
                        .value())
                .containsIgnoringCase("risotto");
        // a fact retracted while the build is pending disappears from the built graph too
        ProfileFact lisbon = bg.current(tenant, "u1").stream()
                .filter(f -> f.value().equals("Lisbon"))
                .findFirst()
                .orElseThrow();
        assertThat(bg.delete(tenant, lisbon.id())).isTrue();

        builds.poll().run();
        assertThat(background.isBuilt(tenant, "u1")).isTrue();
        ProfileQueryResult graph = bg.query(tenant, "u1", q, 3);
        assertThat(graph.candidates()).isEqualTo(bg.current(tenant, "u1").size());
        // the built graph answers like an exact scan of what is stored now (a fresh instance whose build never runs)
        ProfileGraphs scanOnly = new ProfileGraphs(
                store, embedder, DisGraphParams.defaults(), Duration.ofMinutes(30), 100, clock, r -> {});
        assertThat(graph.hits())
                .extracting(h -> h.fact().id())
                .containsExactlyElementsOf(scanOnly.search(tenant, "u1", embedder.embed(q), 3).hits().stream()
                        .map(h -> h.fact().id())
                        .toList());
        assertThat(bg.query(tenant, "u1", "mushroom risotto", 1)
                        .hits()
                        .getFirst()
                        .fact()
                        .value())
                .containsIgnoringCase("risotto");
        assertThat(bg.query(tenant, "u1", "which city does the user live in", 6).hits())
                .extracting(h -> h.fact().value())
                .doesNotContain("Lisbon");
        assertThat(builds).isEmpty();
    }
}

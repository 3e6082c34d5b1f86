package io.mnemos.memory.profile;

import io.mnemos.model.Embedder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.OptimisticLockingFailureException;

/**
 * Entry point of profile memory: ingest turns, upsert facts, read history and contradictions, query by meaning.
 *
 * <p>Every method takes the tenant first and never sees another tenant's data: a foreign id behaves like a missing
 * one. Writes go to the {@link ProfileStore} first and are then applied to the user's in-memory graph
 * ({@link ProfileGraphs}) if it is loaded. An upsert that loses an optimistic-locking race is retried (up to
 * {@value #MAX_ATTEMPTS} attempts). Thread-safe.
 */
public final class ProfileService {

    static final int MAX_ATTEMPTS = 3;

    private final ProfileStore store;
    private final FactExtractor extractor;
    private final Embedder embedder;
    private final ProfileGraphs graphs;
    private final Clock clock;

    public ProfileService(
            ProfileStore store, FactExtractor extractor, Embedder embedder, ProfileGraphs graphs, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.extractor = Objects.requireNonNull(extractor, "extractor");
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        this.graphs = Objects.requireNonNull(graphs, "graphs");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Extracts facts from one user turn and upserts each, with {@code source} = the extractor's name.
     *
     * @return one outcome per extracted fact, in text order; empty when nothing was recognised
     */
    public List<UpsertOutcome> ingestTurn(String tenant, String userId, String turnId, String text) {
        requireTenant(tenant);
        List<UpsertOutcome> outcomes = new ArrayList<>();
        for (FactCandidate c : extractor.extract(text)) {
            outcomes.add(upsert(tenant, ProfileUpsert.of(userId, c, extractor.name(), turnId, clock.instant())));
        }
        return outcomes;
    }

    /** Merges one observation into the profile (see {@link FactReconciler} for what happens). */
    public UpsertOutcome upsert(String tenant, ProfileUpsert observation) {
        requireTenant(tenant);
        ProfileUpsert o = observation.embedding() != null
                ? observation
                : observation.withEmbedding(embedder.embed(observation.embeddingText()));
        for (int attempt = 1; ; attempt++) {
            try {
                UpsertOutcome outcome = store.upsert(tenant, o);
                graphs.apply(tenant, outcome, o.embedding());
                return outcome;
            } catch (OptimisticLockingFailureException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** A fact of the tenant, whatever its status. */
    public Optional<ProfileFact> get(String tenant, UUID factId) {
        requireTenant(tenant);
        return store.get(tenant, factId);
    }

    /** The user's current facts, ordered by attribute. */
    public List<ProfileFact> current(String tenant, String userId) {
        requireTenant(tenant);
        return store.current(tenant, userId);
    }

    /** All versions of one attribute, oldest first. */
    public List<ProfileFact> history(String tenant, String userId, String attribute) {
        requireTenant(tenant);
        return store.history(tenant, userId, attribute);
    }

    /**
     * Withdraws a current fact (kept as history).
     *
     * @throws OptimisticLockingFailureException if the fact is no longer at {@code expectedVersion}
     * @throws IllegalStateException if it is not current
     */
    public Optional<ProfileFact> retract(String tenant, UUID factId, long expectedVersion) {
        requireTenant(tenant);
        Optional<ProfileFact> retracted = store.retract(tenant, factId, expectedVersion);
        retracted.ifPresent(f -> graphs.removeFacts(tenant, f.userId(), List.of(f.id())));
        return retracted;
    }

    /** Deletes a fact for good; {@code false} if it is missing or another tenant's. */
    public boolean delete(String tenant, UUID factId) {
        requireTenant(tenant);
        Optional<ProfileFact> f = store.get(tenant, factId);
        boolean deleted = f.isPresent() && store.delete(tenant, factId);
        if (deleted) {
            graphs.removeFacts(tenant, f.get().userId(), List.of(factId));
        }
        return deleted;
    }

    /** Deletes everything known about a user; returns the number of facts deleted. */
    public int forgetUser(String tenant, String userId) {
        requireTenant(tenant);
        int n = store.deleteUser(tenant, userId);
        graphs.invalidate(tenant, userId);
        return n;
    }

    /** The user's contradictions, newest first. */
    public List<Contradiction> contradictions(String tenant, String userId, boolean openOnly) {
        requireTenant(tenant);
        return store.contradictions(tenant, userId, openOnly);
    }

    /**
     * Resolves an open contradiction by picking the fact that holds.
     *
     * @return the resolution; empty if the contradiction is missing or another tenant's
     * @throws OptimisticLockingFailureException if it is no longer at {@code expectedVersion}
     */
    public Optional<ProfileStore.Resolution> resolve(
            String tenant, UUID contradictionId, UUID winnerFactId, long expectedVersion) {
        requireTenant(tenant);
        Optional<ProfileStore.Resolution> r = store.resolve(tenant, contradictionId, winnerFactId, expectedVersion);
        r.ifPresent(res -> graphs.removeFacts(
                tenant, res.contradiction().userId(), List.of(res.rejected().id())));
        return r;
    }

    /**
     * The user's current facts most relevant to {@code text}: embeds the text, then searches the user's DisGraph.
     *
     * @param k maximum number of facts (1–100)
     */
    public ProfileQueryResult query(String tenant, String userId, String text, int k) {
        requireTenant(tenant);
        if (k < 1 || k > 100) {
            throw new IllegalArgumentException("k must be in [1, 100]: " + k);
        }
        long t0 = System.nanoTime();
        float[] q = embedder.embed(text);
        long embedMicros = (System.nanoTime() - t0) / 1_000;
        ProfileQueryResult r = graphs.search(tenant, userId, q, k);
        return new ProfileQueryResult(r.hits(), r.searchMicros(), embedMicros, r.candidates());
    }

    private static void requireTenant(String tenant) {
        JdbcProfileStore.requireTenant(tenant);
    }
}

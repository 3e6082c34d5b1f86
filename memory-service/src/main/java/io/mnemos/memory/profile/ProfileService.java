package io.mnemos.memory.profile;

import io.mnemos.contracts.events.ProfileUpdated;
import io.mnemos.messaging.outbox.Outbox;
import io.mnemos.model.Embedder;
import io.mnemos.model.QueryVectors;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Entry point of profile memory: ingest turns, upsert facts, read history and contradictions, query by meaning.
 *
 * <p>Every method takes the tenant first and never sees another tenant's data: a foreign id behaves like a missing
 * one. Writes go to the {@link ProfileStore} first and are then applied to the user's in-memory graph
 * ({@link ProfileGraphs}) if it is loaded. An upsert that loses an optimistic-locking race is retried (up to
 * {@value #MAX_ATTEMPTS} attempts). Thread-safe.
 *
 * <p>Every write runs in one transaction (joining the caller's, e.g. an idempotent consumer's) together with its
 * {@code memory.profile.updated} event in the outbox; the in-memory graph is changed only after that transaction
 * commits, so a rolled-back write never shows up in queries.
 */
public final class ProfileService {

    static final int MAX_ATTEMPTS = 3;

    private final ProfileStore store;
    private final FactExtractor extractor;
    private final Embedder embedder;
    private final ProfileGraphs graphs;
    private final Clock clock;
    private final TransactionOperations tx;
    private final Outbox outbox;

    /** Without transactions around store calls and without events (tests of the service layer). */
    public ProfileService(
            ProfileStore store, FactExtractor extractor, Embedder embedder, ProfileGraphs graphs, Clock clock) {
        this(store, extractor, embedder, graphs, clock, TransactionOperations.withoutTransaction(), (e, t, k) -> {});
    }

    /**
     * @param tx     transactions on the store's data source (writes and their events commit together)
     * @param outbox where {@code memory.profile.updated} events go, inside {@code tx}
     */
    public ProfileService(
            ProfileStore store,
            FactExtractor extractor,
            Embedder embedder,
            ProfileGraphs graphs,
            Clock clock,
            TransactionOperations tx,
            Outbox outbox) {
        this.store = Objects.requireNonNull(store, "store");
        this.extractor = Objects.requireNonNull(extractor, "extractor");
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        this.graphs = Objects.requireNonNull(graphs, "graphs");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tx = Objects.requireNonNull(tx, "tx");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
    }

    /**
     * Learns from one conversation turn: extracts facts (rules and patterns, or an LLM extractor when configured) and
     * upserts each with its turn as the source. Meant for the {@code conversation.turn.recorded} consumer: called inside
     * its transaction, the facts and their events commit (or roll back) with the processed-event record. Only user
     * turns should be passed.
     *
     * @return one outcome per extracted fact; empty when nothing was recognised
     */
    public List<UpsertOutcome> learnFromTurn(String tenant, String userId, String turnId, String text) {
        return ingestTurn(tenant, userId, turnId, text);
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
        // Inside a caller's transaction a lost race marks it rollback-only: retrying there is pointless.
        int attempts = TransactionSynchronizationManager.isActualTransactionActive() ? 1 : MAX_ATTEMPTS;
        for (int attempt = 1; ; attempt++) {
            try {
                UpsertOutcome outcome = inTransaction(() -> {
                    UpsertOutcome out = store.upsert(tenant, o);
                    publish(tenant, out);
                    return out;
                });
                afterCommit(() -> graphs.apply(tenant, outcome, o.embedding()));
                return outcome;
            } catch (OptimisticLockingFailureException e) {
                if (attempt >= attempts) {
                    throw e;
                }
            }
        }
    }

    /**
     * Edits a current fact (see {@link ProfileStore#replace}); the edit's embedding is computed here if missing.
     *
     * @return the outcome; empty if the fact is missing or another tenant's
     * @throws OptimisticLockingFailureException if the fact is no longer at {@code expectedVersion}
     * @throws IllegalStateException if it is not current or the new value is already held by another current fact
     */
    public Optional<UpsertOutcome> replace(String tenant, UUID factId, long expectedVersion, ProfileUpsert edit) {
        requireTenant(tenant);
        ProfileUpsert e = edit.embedding() != null ? edit : edit.withEmbedding(embedder.embed(edit.embeddingText()));
        Optional<UpsertOutcome> outcome = inTransaction(() -> {
            Optional<UpsertOutcome> out = store.replace(tenant, factId, expectedVersion, e);
            out.ifPresent(o -> publish(tenant, o));
            return out;
        });
        outcome.ifPresent(o -> afterCommit(() -> graphs.apply(tenant, o, e.embedding())));
        return outcome;
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

    /** Every fact of the user, current and history, by attribute then {@code validFrom}. */
    public List<ProfileFact> all(String tenant, String userId) {
        requireTenant(tenant);
        return store.all(tenant, userId);
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
        Optional<ProfileFact> retracted = inTransaction(() -> {
            Optional<ProfileFact> r = store.retract(tenant, factId, expectedVersion);
            r.ifPresent(f -> publish(tenant, f, "retracted", f.version(), List.of(), List.of()));
            return r;
        });
        retracted.ifPresent(f -> afterCommit(() -> graphs.removeFacts(tenant, f.userId(), List.of(f.id()))));
        return retracted;
    }

    /** Deletes a fact for good; {@code false} if it is missing or another tenant's. */
    public boolean delete(String tenant, UUID factId) {
        requireTenant(tenant);
        Optional<ProfileFact> f = inTransaction(() -> {
            Optional<ProfileFact> found = store.get(tenant, factId);
            if (found.isEmpty() || !store.delete(tenant, factId)) {
                return Optional.<ProfileFact>empty();
            }
            publish(tenant, found.get(), "deleted", -1, List.of(), List.of());
            return found;
        });
        f.ifPresent(fact -> afterCommit(() -> graphs.removeFacts(tenant, fact.userId(), List.of(factId))));
        return f.isPresent();
    }

    /** Deletes everything known about a user; returns the number of facts deleted. */
    public int forgetUser(String tenant, String userId) {
        requireTenant(tenant);
        int n = inTransaction(() -> store.deleteUser(tenant, userId));
        afterCommit(() -> graphs.invalidate(tenant, userId));
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
        Optional<ProfileStore.Resolution> r = inTransaction(() -> {
            Optional<ProfileStore.Resolution> res =
                    store.resolve(tenant, contradictionId, winnerFactId, expectedVersion);
            res.ifPresent(x -> publish(
                    tenant,
                    x.rejected(),
                    "resolved",
                    x.rejected().version(),
                    List.of(),
                    List.of(x.contradiction().id())));
            return res;
        });
        r.ifPresent(res -> afterCommit(() -> graphs.removeFacts(
                tenant, res.contradiction().userId(), List.of(res.rejected().id()))));
        return r;
    }

    /**
     * The user's current facts most relevant to {@code text}: embeds the text, then searches the user's DisGraph.
     *
     * @param k maximum number of facts (1–100)
     */
    public ProfileQueryResult query(String tenant, String userId, String text, int k) {
        return query(tenant, userId, text, k, null, null);
    }

    /**
     * As {@link #query(String, String, String, int)}, with the text's embedding when the caller already has it (rules
     * in {@link QueryVectors}): used only if {@code vectorModel} is this service's embedding model, otherwise the text
     * is embedded here.
     *
     * @throws IllegalArgumentException when the vector claims this service's model but is malformed, or has no model
     */
    public ProfileQueryResult query(
            String tenant, String userId, String text, int k, float @Nullable [] vector, @Nullable String vectorModel) {
        requireTenant(tenant);
        if (k < 1 || k > 100) {
            throw new IllegalArgumentException("k must be in [1, 100]: " + k);
        }
        long t0 = System.nanoTime();
        float[] q = QueryVectors.usable(embedder, vectorModel, vector).orElseGet(() -> embedder.embed(text));
        long embedMicros = (System.nanoTime() - t0) / 1_000;
        ProfileQueryResult r = graphs.search(tenant, userId, q, k);
        return new ProfileQueryResult(r.hits(), r.searchMicros(), embedMicros, r.candidates());
    }

    /** One contradiction; empty if missing or another tenant's. */
    public Optional<Contradiction> contradiction(String tenant, UUID contradictionId) {
        requireTenant(tenant);
        return store.contradiction(tenant, contradictionId);
    }

    /** Drops the user's in-memory graph (after an erasure, or a write made by another instance). */
    public void invalidate(String tenant, String userId) {
        graphs.invalidate(tenant, userId);
    }

    private void publish(String tenant, UpsertOutcome o) {
        publish(
                tenant,
                o.fact(),
                o.kind().name().toLowerCase(java.util.Locale.ROOT),
                o.fact().version(),
                o.superseded().stream().map(ProfileFact::id).toList(),
                o.contradictions().stream().map(Contradiction::id).toList());
    }

    private void publish(
            String tenant, ProfileFact f, String change, long version, List<UUID> superseded, List<UUID> opened) {
        outbox.publish(
                new ProfileUpdated(f.userId(), f.id(), f.attribute(), change, version, superseded, opened),
                tenant,
                f.userId());
    }

    private <T> T inTransaction(Supplier<T> work) {
        return tx.execute(status -> work.get());
    }

    /** Runs {@code work} once the surrounding transaction commits (at once when there is none). */
    static void afterCommit(Runnable work) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    work.run();
                }
            });
        } else {
            work.run();
        }
    }

    private static void requireTenant(String tenant) {
        JdbcProfileStore.requireTenant(tenant);
    }
}

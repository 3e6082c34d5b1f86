package io.mnemos.memory.profile;

import io.mnemos.contracts.Ids;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link ProfileStore} on PostgreSQL (tables {@code profile_fact}, {@code profile_contradiction}, migration
 * {@code V10__profile.sql}).
 *
 * <p>{@link #upsert} runs in one transaction that first takes a transaction-scoped advisory lock on (tenant, user,
 * attribute), so concurrent observations of one attribute are decided one after the other; other writes check the
 * row {@code version}. Embeddings are stored as little-endian float32 {@code bytea}.
 */
public final class JdbcProfileStore implements ProfileStore {

    private static final String FACT_COLUMNS = "id, tenant, user_id, attribute, value, normalized_value, polarity,"
            + " confidence, evidence_count, source, source_turn_id, valid_from, valid_to, last_observed_at, status,"
            + " supersedes, superseded_by, version, created_at, updated_at";
    private static final String CONTRADICTION_COLUMNS = "id, tenant, user_id, attribute, fact_a, fact_b, reason,"
            + " status, resolved_with, detected_at, resolved_at, version";

    private final JdbcClient jdbc;
    private final TransactionOperations tx;
    private final FactReconciler reconciler;
    private final Clock clock;

    public JdbcProfileStore(JdbcClient jdbc, TransactionOperations tx, FactReconciler reconciler, Clock clock) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.tx = Objects.requireNonNull(tx, "tx");
        this.reconciler = Objects.requireNonNull(reconciler, "reconciler");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** On a plain {@link DataSource}, with its own transaction manager. */
    public JdbcProfileStore(DataSource dataSource, FactReconciler reconciler, Clock clock) {
        this(
                JdbcClient.create(dataSource),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                reconciler,
                clock);
    }

    @Override
    public UpsertOutcome upsert(String tenant, ProfileUpsert o) {
        requireTenant(tenant);
        return tx.execute(status -> {
            lockAttribute(tenant, o.userId(), o.attribute());
            List<ProfileFact> current = jdbc.sql("SELECT " + FACT_COLUMNS + " FROM profile_fact WHERE tenant = ? AND"
                            + " user_id = ? AND attribute = ? AND status = 'ACTIVE' ORDER BY valid_from, id")
                    .params(tenant, o.userId(), o.attribute())
                    .query(JdbcProfileStore::fact)
                    .list();
            Instant now = clock.instant();
            return switch (reconciler.decide(o, current)) {
                case FactReconciler.Merge m -> {
                    ProfileFact merged = m.target().merged(m.newConfidence(), o.observedAt(), now);
                    updateFact(m.target().version(), merged);
                    yield new UpsertOutcome(UpsertOutcome.Kind.MERGED, merged, List.of(), List.of());
                }
                case FactReconciler.Insert ins -> applyInsert(tenant, o, ins, now);
            };
        });
    }

    private UpsertOutcome applyInsert(String tenant, ProfileUpsert o, FactReconciler.Insert ins, Instant now) {
        UUID id = Ids.newId();
        if (ins.newerThanObservation() != null) {
            ProfileFact newer = ins.newerThanObservation();
            ProfileFact old = newFact(id, tenant, o, null, now)
                    .withStatus(FactStatus.SUPERSEDED, newer.validFrom(), newer.id(), now);
            insertFact(old, o.embedding());
            return new UpsertOutcome(UpsertOutcome.Kind.INSERTED, old, List.of(), List.of());
        }
        UUID supersedes =
                ins.supersede().isEmpty() ? null : ins.supersede().getFirst().id();
        ProfileFact fact = newFact(id, tenant, o, supersedes, now);
        insertFact(fact, o.embedding());
        List<ProfileFact> superseded = new ArrayList<>();
        for (ProfileFact old : ins.supersede()) {
            ProfileFact closed = old.withStatus(FactStatus.SUPERSEDED, o.observedAt(), id, now);
            updateFact(old.version(), closed);
            obsoleteContradictionsOf(tenant, old.id(), now);
            superseded.add(closed);
        }
        List<Contradiction> opened = new ArrayList<>();
        for (FactReconciler.Conflict c : ins.contradict()) {
            Contradiction k = new Contradiction(
                    Ids.newId(),
                    tenant,
                    o.userId(),
                    o.attribute(),
                    c.existing().id(),
                    id,
                    c.reason(),
                    ContradictionStatus.OPEN,
                    null,
                    now,
                    null,
                    0);
            jdbc.sql("INSERT INTO profile_contradiction (" + CONTRADICTION_COLUMNS
                            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(
                            k.id(),
                            k.tenant(),
                            k.userId(),
                            k.attribute(),
                            k.factA(),
                            k.factB(),
                            k.reason(),
                            k.status().name(),
                            null,
                            ts(now),
                            null,
                            0L)
                    .update();
            opened.add(k);
        }
        UpsertOutcome.Kind kind = !opened.isEmpty()
                ? UpsertOutcome.Kind.CONTRADICTED
                : superseded.isEmpty() ? UpsertOutcome.Kind.INSERTED : UpsertOutcome.Kind.SUPERSEDED;
        return new UpsertOutcome(kind, fact, superseded, opened);
    }

    static ProfileFact newFact(UUID id, String tenant, ProfileUpsert o, UUID supersedes, Instant now) {
        return new ProfileFact(
                id,
                tenant,
                o.userId(),
                o.attribute(),
                o.value(),
                o.normalizedValue(),
                o.polarity(),
                Math.min(FactReconciler.MAX_CONFIDENCE, o.confidence()),
                1,
                o.source(),
                o.sourceTurnId(),
                o.observedAt(),
                null,
                o.observedAt(),
                FactStatus.ACTIVE,
                supersedes,
                null,
                0,
                now,
                now);
    }

    @Override
    public Optional<ProfileFact> get(String tenant, UUID factId) {
        return jdbc.sql("SELECT " + FACT_COLUMNS + " FROM profile_fact WHERE tenant = ? AND id = ?")
                .params(tenant, factId)
                .query(JdbcProfileStore::fact)
                .optional();
    }

    @Override
    public List<ProfileFact> current(String tenant, String userId) {
        return jdbc.sql("SELECT " + FACT_COLUMNS + " FROM profile_fact WHERE tenant = ? AND user_id = ? AND status ="
                        + " 'ACTIVE' ORDER BY attribute, valid_from, id")
                .params(tenant, userId)
                .query(JdbcProfileStore::fact)
                .list();
    }

    @Override
    public List<ProfileFact> all(String tenant, String userId) {
        return jdbc.sql("SELECT " + FACT_COLUMNS + " FROM profile_fact WHERE tenant = ? AND user_id = ? ORDER BY"
                        + " attribute, valid_from, created_at, id")
                .params(tenant, userId)
                .query(JdbcProfileStore::fact)
                .list();
    }

    @Override
    public List<ProfileFact> history(String tenant, String userId, String attribute) {
        return jdbc.sql("SELECT " + FACT_COLUMNS + " FROM profile_fact WHERE tenant = ? AND user_id = ? AND attribute ="
                        + " ? ORDER BY valid_from, created_at, id")
                .params(tenant, userId, AttributeCatalog.normalizeAttribute(attribute))
                .query(JdbcProfileStore::fact)
                .list();
    }

    @Override
    public List<FactVector> currentWithVectors(String tenant, String userId) {
        return jdbc.sql("SELECT " + FACT_COLUMNS + ", embedding FROM profile_fact WHERE tenant = ? AND user_id = ? AND"
                        + " status = 'ACTIVE' ORDER BY attribute, valid_from, id")
                .params(tenant, userId)
                .query((rs, n) -> new FactVector(fact(rs, n), decode(rs.getBytes("embedding"))))
                .list();
    }

    @Override
    public List<TenantUser> recentlyActiveUsers(Instant since, int limit) {
        // the partial index on current facts keeps this to the ACTIVE rows; run once at start-up
        return jdbc.sql("SELECT tenant, user_id, max(greatest(updated_at, last_observed_at)) AS last FROM profile_fact"
                        + " WHERE status = 'ACTIVE' AND greatest(updated_at, last_observed_at) > ? GROUP BY tenant,"
                        + " user_id ORDER BY last DESC LIMIT ?")
                .params(ts(since), limit)
                .query((rs, n) -> new TenantUser(rs.getString("tenant"), rs.getString("user_id")))
                .list();
    }

    @Override
    public void saveVector(String tenant, UUID factId, float[] vector) {
        jdbc.sql("UPDATE profile_fact SET embedding = ? WHERE tenant = ? AND id = ?")
                .params(encode(vector), tenant, factId)
                .update();
    }

    @Override
    public Optional<ProfileFact> retract(String tenant, UUID factId, long expectedVersion) {
        return tx.execute(status -> {
            Optional<ProfileFact> found = get(tenant, factId);
            if (found.isEmpty()) {
                return Optional.<ProfileFact>empty();
            }
            ProfileFact f = found.get();
            lockAttribute(tenant, f.userId(), f.attribute());
            // Not current first: no version can edit it, so "re-read and retry" (a stale version's 409) would not help
            if (!f.isActive()) {
                throw new IllegalStateException("Fact " + factId + " is " + f.status() + ", not current");
            }
            checkVersion("fact", factId, f.version(), expectedVersion);
            Instant now = clock.instant();
            ProfileFact retracted = f.withStatus(FactStatus.RETRACTED, now, null, now);
            updateFact(f.version(), retracted);
            obsoleteContradictionsOf(tenant, factId, now);
            return Optional.of(retracted);
        });
    }

    @Override
    public Optional<UpsertOutcome> replace(String tenant, UUID factId, long expectedVersion, ProfileUpsert edit) {
        requireTenant(tenant);
        return tx.execute(status -> {
            Optional<ProfileFact> found = get(tenant, factId);
            if (found.isEmpty()) {
                return Optional.<UpsertOutcome>empty();
            }
            ProfileFact f = found.get();
            if (!f.userId().equals(edit.userId()) || !f.attribute().equals(edit.attribute())) {
                throw new IllegalArgumentException("An edit must keep the fact's user and attribute");
            }
            lockAttribute(tenant, f.userId(), f.attribute());
            f = get(tenant, factId).orElseThrow();
            // Not current first: no version can edit it, so "re-read and retry" (a stale version's 409) would not help
            if (!f.isActive()) {
                throw new IllegalStateException("Fact " + factId + " is " + f.status() + ", not current");
            }
            checkVersion("fact", factId, f.version(), expectedVersion);
            Instant now = clock.instant();
            if (f.normalizedValue().equals(edit.normalizedValue()) && f.polarity() == edit.polarity()) {
                ProfileFact updated = new ProfileFact(
                        f.id(),
                        f.tenant(),
                        f.userId(),
                        f.attribute(),
                        f.value(),
                        f.normalizedValue(),
                        f.polarity(),
                        Math.min(FactReconciler.MAX_CONFIDENCE, edit.confidence()),
                        f.evidenceCount(),
                        f.source(),
                        f.sourceTurnId(),
                        f.validFrom(),
                        f.validTo(),
                        edit.observedAt(),
                        f.status(),
                        f.supersedes(),
                        f.supersededBy(),
                        f.version() + 1,
                        f.createdAt(),
                        now);
                updateFact(f.version(), updated);
                return Optional.of(new UpsertOutcome(UpsertOutcome.Kind.UPDATED, updated, List.of(), List.of()));
            }
            boolean taken = jdbc.sql("SELECT count(*) FROM profile_fact WHERE tenant = ? AND user_id = ? AND attribute"
                                    + " = ? AND normalized_value = ? AND polarity = ? AND status = 'ACTIVE'")
                            .params(tenant, f.userId(), f.attribute(), edit.normalizedValue(), (short)
                                    edit.polarity().sign())
                            .query(Long.class)
                            .single()
                    > 0;
            if (taken) {
                throw new IllegalStateException(
                        "Another current fact of " + f.attribute() + " already holds that value");
            }
            UUID id = Ids.newId();
            ProfileFact replacement = newFact(id, tenant, edit, f.id(), now);
            insertFact(replacement, edit.embedding());
            ProfileFact closed = f.withStatus(FactStatus.SUPERSEDED, now, id, now);
            updateFact(f.version(), closed);
            obsoleteContradictionsOf(tenant, f.id(), now);
            return Optional.of(
                    new UpsertOutcome(UpsertOutcome.Kind.SUPERSEDED, replacement, List.of(closed), List.of()));
        });
    }

    @Override
    public boolean delete(String tenant, UUID factId) {
        return jdbc.sql("DELETE FROM profile_fact WHERE tenant = ? AND id = ?")
                        .params(tenant, factId)
                        .update()
                > 0;
    }

    @Override
    public int deleteUser(String tenant, String userId) {
        return tx.execute(status -> {
            jdbc.sql("DELETE FROM profile_contradiction WHERE tenant = ? AND user_id = ?")
                    .params(tenant, userId)
                    .update();
            return jdbc.sql("DELETE FROM profile_fact WHERE tenant = ? AND user_id = ?")
                    .params(tenant, userId)
                    .update();
        });
    }

    @Override
    public List<Contradiction> contradictions(String tenant, String userId, boolean openOnly) {
        return jdbc.sql("SELECT " + CONTRADICTION_COLUMNS + " FROM profile_contradiction WHERE tenant = ? AND user_id"
                        + " = ?" + (openOnly ? " AND status = 'OPEN'" : "") + " ORDER BY detected_at DESC, id DESC")
                .params(tenant, userId)
                .query(JdbcProfileStore::contradiction)
                .list();
    }

    @Override
    public Optional<Contradiction> contradiction(String tenant, UUID contradictionId) {
        return jdbc.sql("SELECT " + CONTRADICTION_COLUMNS + " FROM profile_contradiction WHERE tenant = ? AND id = ?")
                .params(tenant, contradictionId)
                .query(JdbcProfileStore::contradiction)
                .optional();
    }

    @Override
    public Optional<Resolution> resolve(String tenant, UUID contradictionId, UUID winnerFactId, long expectedVersion) {
        return tx.execute(status -> {
            Optional<Contradiction> found = contradiction(tenant, contradictionId);
            if (found.isEmpty()) {
                return Optional.<Resolution>empty();
            }
            Contradiction c = found.get();
            lockAttribute(tenant, c.userId(), c.attribute());
            c = contradiction(tenant, contradictionId).orElseThrow();
            checkVersion("contradiction", contradictionId, c.version(), expectedVersion);
            if (!c.involves(winnerFactId)) {
                throw new IllegalArgumentException(
                        "Fact " + winnerFactId + " is not part of contradiction " + contradictionId);
            }
            if (c.status() != ContradictionStatus.OPEN) {
                throw new IllegalStateException("Contradiction " + contradictionId + " is " + c.status());
            }
            Instant now = clock.instant();
            ProfileFact loser = get(tenant, c.other(winnerFactId)).orElseThrow();
            ProfileFact rejected = loser;
            if (loser.isActive()) {
                rejected = loser.withStatus(FactStatus.REJECTED, now, winnerFactId, now);
                updateFact(loser.version(), rejected);
            }
            Contradiction resolved = c.closed(ContradictionStatus.RESOLVED, winnerFactId, now);
            updateContradiction(c.version(), resolved);
            obsoleteContradictionsOf(tenant, loser.id(), now);
            return Optional.of(new Resolution(resolved, rejected));
        });
    }

    private void lockAttribute(String tenant, String userId, String attribute) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")
                .param(tenant.length() + ":" + tenant + "/" + userId.length() + ":" + userId + "/" + attribute)
                .query((rs, n) -> 1)
                .list();
    }

    private void insertFact(ProfileFact f, float[] vector) {
        jdbc.sql("INSERT INTO profile_fact (" + FACT_COLUMNS + ", embedding) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                        + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        f.id(),
                        f.tenant(),
                        f.userId(),
                        f.attribute(),
                        f.value(),
                        f.normalizedValue(),
                        (short) f.polarity().sign(),
                        f.confidence(),
                        f.evidenceCount(),
                        f.source(),
                        f.sourceTurnId(),
                        ts(f.validFrom()),
                        ts(f.validTo()),
                        ts(f.lastObservedAt()),
                        f.status().name(),
                        f.supersedes(),
                        f.supersededBy(),
                        f.version(),
                        ts(f.createdAt()),
                        ts(f.updatedAt()),
                        encode(vector))
                .update();
    }

    /** Writes {@code f} (whose version is already incremented) if the row still has {@code expectedVersion}. */
    private void updateFact(long expectedVersion, ProfileFact f) {
        int n = jdbc.sql("UPDATE profile_fact SET confidence = ?, evidence_count = ?, valid_from = ?, valid_to = ?,"
                        + " last_observed_at = ?, status = ?, superseded_by = ?, version = ?, updated_at = ? WHERE"
                        + " tenant = ? AND id = ? AND version = ?")
                .params(
                        f.confidence(),
                        f.evidenceCount(),
                        ts(f.validFrom()),
                        ts(f.validTo()),
                        ts(f.lastObservedAt()),
                        f.status().name(),
                        f.supersededBy(),
                        f.version(),
                        ts(f.updatedAt()),
                        f.tenant(),
                        f.id(),
                        expectedVersion)
                .update();
        if (n != 1) {
            throw new OptimisticLockingFailureException("Fact " + f.id() + " changed concurrently");
        }
    }

    private void updateContradiction(long expectedVersion, Contradiction c) {
        int n = jdbc.sql("UPDATE profile_contradiction SET status = ?, resolved_with = ?, resolved_at = ?, version = ?"
                        + " WHERE tenant = ? AND id = ? AND version = ?")
                .params(
                        c.status().name(),
                        c.resolvedWith(),
                        ts(c.resolvedAt()),
                        c.version(),
                        c.tenant(),
                        c.id(),
                        expectedVersion)
                .update();
        if (n != 1) {
            throw new OptimisticLockingFailureException("Contradiction " + c.id() + " changed concurrently");
        }
    }

    private void obsoleteContradictionsOf(String tenant, UUID factId, Instant now) {
        jdbc.sql("UPDATE profile_contradiction SET status = 'OBSOLETE', resolved_at = ?, version = version + 1 WHERE"
                        + " tenant = ? AND status = 'OPEN' AND (fact_a = ? OR fact_b = ?)")
                .params(ts(now), tenant, factId, factId)
                .update();
    }

    private static void checkVersion(String what, UUID id, long actual, long expected) {
        if (actual != expected) {
            throw new OptimisticLockingFailureException(
                    "The " + what + " " + id + " is at version " + actual + ", not " + expected);
        }
    }

    static void requireTenant(String tenant) {
        if (tenant == null || tenant.isBlank()) {
            throw new IllegalArgumentException("tenant must not be blank");
        }
    }

    static ProfileFact fact(ResultSet rs, int row) throws SQLException {
        return new ProfileFact(
                rs.getObject("id", UUID.class),
                rs.getString("tenant"),
                rs.getString("user_id"),
                rs.getString("attribute"),
                rs.getString("value"),
                rs.getString("normalized_value"),
                Polarity.ofSign(rs.getInt("polarity")),
                rs.getDouble("confidence"),
                rs.getInt("evidence_count"),
                rs.getString("source"),
                rs.getString("source_turn_id"),
                instant(rs, "valid_from"),
                instant(rs, "valid_to"),
                instant(rs, "last_observed_at"),
                FactStatus.valueOf(rs.getString("status")),
                rs.getObject("supersedes", UUID.class),
                rs.getObject("superseded_by", UUID.class),
                rs.getLong("version"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }

    static Contradiction contradiction(ResultSet rs, int row) throws SQLException {
        return new Contradiction(
                rs.getObject("id", UUID.class),
                rs.getString("tenant"),
                rs.getString("user_id"),
                rs.getString("attribute"),
                rs.getObject("fact_a", UUID.class),
                rs.getObject("fact_b", UUID.class),
                rs.getString("reason"),
                ContradictionStatus.valueOf(rs.getString("status")),
                rs.getObject("resolved_with", UUID.class),
                instant(rs, "detected_at"),
                instant(rs, "resolved_at"),
                rs.getLong("version"));
    }

    static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    /** Little-endian float32 bytes; {@code null} for {@code null}. */
    public static byte[] encode(float[] v) {
        if (v == null) {
            return null;
        }
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    /** Inverse of {@link #encode}. */
    public static float[] decode(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        float[] v = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }
}

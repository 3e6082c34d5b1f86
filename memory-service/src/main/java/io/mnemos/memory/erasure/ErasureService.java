package io.mnemos.memory.erasure;

import io.mnemos.contracts.Ids;
import io.mnemos.contracts.events.UserErased;
import io.mnemos.messaging.outbox.Outbox;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Erases everything memory-service holds about a user by asking every {@link UserMemoryEraser}: all rows go in one
 * transaction together with the stored receipt and the {@code memory.user.erased} tombstone (outbox); each store
 * clears its derived indexes and caches after that commit. Either everything is erased or nothing is.
 */
public final class ErasureService {

    private static final Logger log = LoggerFactory.getLogger(ErasureService.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<UserMemoryEraser> erasers;
    private final JdbcClient jdbc;
    private final TransactionOperations tx;
    private final Outbox outbox;
    private final Clock clock;

    public ErasureService(
            List<UserMemoryEraser> erasers, JdbcClient jdbc, TransactionOperations tx, Outbox outbox, Clock clock) {
        this.erasers = List.copyOf(erasers);
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.tx = Objects.requireNonNull(tx, "tx");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Erases the user in the tenant; a user with nothing stored gets a receipt with zero counts. */
    public ErasureReceipt erase(String tenant, String userId, String requestedBy) {
        if (tenant == null || tenant.isBlank() || userId == null || userId.isBlank()) {
            throw new IllegalArgumentException("tenant and userId must not be blank");
        }
        ErasureReceipt receipt = tx.execute(status -> {
            List<ErasedItems> stores = new ArrayList<>();
            for (UserMemoryEraser e : erasers) {
                stores.add(e.erase(tenant, userId));
            }
            stores.sort(Comparator.comparing(ErasedItems::store));
            ErasureReceipt r = new ErasureReceipt(
                    Ids.newId(), tenant, userId, digest(tenant, userId), clock.instant(), requestedBy, stores);
            jdbc.sql("INSERT INTO erasure_receipt (id, tenant, user_digest, requested_by, stores, erased_at) VALUES (?,"
                            + " ?, ?, ?, CAST(? AS jsonb), ?)")
                    .params(
                            r.erasureId(),
                            tenant,
                            r.userDigest(),
                            requestedBy,
                            JSON.writeValueAsString(stores),
                            Timestamp.from(r.erasedAt()))
                    .update();
            outbox.publish(new UserErased(userId, r.erasureId(), r.erasedAt(), totals(stores)), tenant, userId);
            return r;
        });
        log.info(
                "erased user memory: tenant={} erasure={} items={} stores={}",
                tenant,
                receipt.erasureId(),
                receipt.total(),
                receipt.stores().stream().map(ErasedItems::store).toList());
        return receipt;
    }

    /** A stored receipt (without the user id); empty if missing or another tenant's. */
    public Optional<ErasureReceipt> receipt(String tenant, UUID erasureId) {
        return jdbc.sql("SELECT id, tenant, user_digest, requested_by, stores::text AS stores, erased_at FROM"
                        + " erasure_receipt WHERE tenant = ? AND id = ?")
                .params(tenant, erasureId)
                .query((rs, n) -> new ErasureReceipt(
                        rs.getObject("id", UUID.class),
                        rs.getString("tenant"),
                        null,
                        rs.getString("user_digest"),
                        rs.getTimestamp("erased_at").toInstant(),
                        rs.getString("requested_by"),
                        JSON.readValue(rs.getString("stores"), new TypeReference<List<ErasedItems>>() {})))
                .optional();
    }

    /** Names of the stores erasure covers. */
    public List<String> eraserTypes() {
        return erasers.stream().map(e -> e.getClass().getSimpleName()).sorted().toList();
    }

    private static Map<String, Long> totals(List<ErasedItems> stores) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (ErasedItems s : stores) {
            s.counts().forEach((kind, n) -> out.put(s.store() + "." + kind, n));
        }
        return out;
    }

    /** SHA-256 hex of {@code tenant}, NUL, {@code userId}. */
    public static String digest(String tenant, String userId) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(tenant.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(userId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.mnemos.memory.action;

import io.mnemos.memory.erasure.DeletionReceipt;
import io.mnemos.memory.erasure.ItemDeletions;
import io.mnemos.memory.paging.NewestFirst;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Recorded action traces as items: list, read, and delete one (or all of a user's, for erasure). Deleting a trace also
 * deletes the replay scripts compiled from it, with all their runs (a script is the trace generalised, so it goes with
 * its source); a trace that only matched an existing script leaves that script alone. Tenant-scoped: another tenant's
 * trace behaves as missing.
 */
public final class ActionTraces {

    /** Item kind in receipts and tombstones. */
    public static final String KIND = "action.trace";

    private static final String SELECT = "SELECT id, user_id, task, steps, success, recorded_at FROM action_trace";

    private final JdbcClient jdbc;
    private final ActionMemoryService service;
    private final ItemDeletions deletions;

    public ActionTraces(JdbcClient jdbc, ActionMemoryService service, ItemDeletions deletions) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.service = Objects.requireNonNull(service, "service");
        this.deletions = Objects.requireNonNull(deletions, "deletions");
    }

    /**
     * Traces of the tenant, newest first, optionally only one user's, at most {@code limit}, recorded strictly before
     * {@code before} when given (for paging).
     */
    public List<ActionTrace> list(String tenant, @Nullable String userId, @Nullable Instant before, int limit) {
        JdbcActionStore.requireTenant(tenant);
        return NewestFirst.list(
                jdbc, SELECT + " WHERE tenant = ?", tenant, userId, before, limit, JdbcActionStore::trace);
    }

    /** One trace; empty if missing or another tenant's. */
    public Optional<ActionTrace> find(String tenant, UUID id) {
        JdbcActionStore.requireTenant(tenant);
        return jdbc.sql(SELECT + " WHERE tenant = ? AND id = ?")
                .params(tenant, id)
                .query(JdbcActionStore::trace)
                .optional();
    }

    /**
     * Deletes one trace and the scripts compiled from it (with their runs) and publishes {@code memory.item.deleted},
     * in one transaction.
     *
     * @return the receipt; empty if the trace is missing or another tenant's
     */
    public Optional<DeletionReceipt> delete(String tenant, UUID id) {
        JdbcActionStore.requireTenant(tenant);
        return deletions.delete(tenant, KIND, id, () -> {
            // lock the row: a concurrent delete of the same trace waits, then finds nothing (404)
            List<Owner> owner = jdbc.sql("SELECT user_id FROM action_trace WHERE tenant = ? AND id = ? FOR UPDATE")
                    .params(tenant, id)
                    .query((rs, n) -> new Owner(rs.getString("user_id")))
                    .list();
            if (owner.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(
                    new ItemDeletions.Removed(owner.getFirst().userId(), deleteWhere(tenant, "id = ?", id, 0)));
        });
    }

    private record Owner(@Nullable String userId) {}

    /**
     * Deletes every trace recorded for the user, the scripts compiled from them and every run the user started;
     * joins the caller's transaction.
     */
    Map<String, Long> deleteOfUser(String tenant, String userId) {
        JdbcActionStore.requireTenant(tenant);
        long ownRuns = jdbc.sql("DELETE FROM replay_run WHERE tenant = ? AND user_id = ?")
                .params(tenant, userId)
                .update();
        return deleteWhere(tenant, "user_id = ?", userId, ownRuns);
    }

    /** Deletes the traces of the tenant matching {@code condition} (one parameter) and the scripts compiled from them. */
    private Map<String, Long> deleteWhere(String tenant, String condition, Object param, long runsAlready) {
        // Runs of those scripts go with them (ON DELETE CASCADE); count them first for the receipt.
        long scriptRuns = jdbc.sql("SELECT count(*) FROM replay_run r JOIN replay_script s ON s.id = r.script_id WHERE"
                        + " r.tenant = ? AND s.tenant = ? AND s.source_trace_id IN (SELECT id FROM action_trace WHERE"
                        + " tenant = ? AND " + condition + ")")
                .params(tenant, tenant, tenant, param)
                .query(Long.class)
                .single();
        long scripts = jdbc.sql("DELETE FROM replay_script WHERE tenant = ? AND source_trace_id IN (SELECT id FROM"
                        + " action_trace WHERE tenant = ? AND " + condition + ")")
                .params(tenant, tenant, param)
                .update();
        long traces = jdbc.sql("DELETE FROM action_trace WHERE tenant = ? AND " + condition)
                .params(tenant, param)
                .update();
        service.invalidate(tenant);
        ActionMemoryService.afterCommitInvalidate(service, tenant);
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("traces", traces);
        counts.put("scripts", scripts);
        counts.put("runs", runsAlready + scriptRuns);
        return counts;
    }
}

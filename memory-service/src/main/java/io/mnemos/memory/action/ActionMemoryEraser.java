package io.mnemos.memory.action;

import io.mnemos.memory.erasure.ErasedItems;
import io.mnemos.memory.erasure.UserMemoryEraser;
import java.util.Map;
import java.util.Objects;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Erases a user's action memory: the replay scripts compiled from their traces (with every run of those scripts), the
 * runs they started of other scripts, and their traces. Shared demonstrations (traces without a user) stay. The
 * script cache is dropped now and after commit.
 */
public final class ActionMemoryEraser implements UserMemoryEraser {

    private final JdbcClient jdbc;
    private final ActionMemoryService service;

    public ActionMemoryEraser(JdbcClient jdbc, ActionMemoryService service) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.service = Objects.requireNonNull(service, "service");
    }

    @Override
    public ErasedItems erase(String tenant, String userId) {
        JdbcActionStore.requireTenant(tenant);
        // Runs of the user's scripts go with them (ON DELETE CASCADE); count them first for the receipt.
        long scriptRuns = jdbc.sql("SELECT count(*) FROM replay_run r JOIN replay_script s ON s.id = r.script_id JOIN"
                        + " action_trace t ON t.id = s.source_trace_id WHERE s.tenant = ? AND t.tenant = ? AND"
                        + " t.user_id = ? AND (r.user_id IS NULL OR r.user_id <> ?)")
                .params(tenant, tenant, userId, userId)
                .query(Long.class)
                .single();
        long runs = jdbc.sql("DELETE FROM replay_run WHERE tenant = ? AND user_id = ?")
                .params(tenant, userId)
                .update();
        long scripts = jdbc.sql("DELETE FROM replay_script WHERE tenant = ? AND source_trace_id IN (SELECT id FROM"
                        + " action_trace WHERE tenant = ? AND user_id = ?)")
                .params(tenant, tenant, userId)
                .update();
        long traces = jdbc.sql("DELETE FROM action_trace WHERE tenant = ? AND user_id = ?")
                .params(tenant, userId)
                .update();
        service.invalidate(tenant);
        ActionMemoryService.afterCommitInvalidate(service, tenant);
        return new ErasedItems("action", Map.of("traces", traces, "scripts", scripts, "runs", runs + scriptRuns));
    }
}

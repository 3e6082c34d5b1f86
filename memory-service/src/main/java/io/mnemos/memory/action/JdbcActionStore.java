package io.mnemos.memory.action;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link ActionStore} on PostgreSQL (tables {@code action_trace}, {@code replay_script}, {@code replay_run}, migration
 * {@code V12__action.sql}).
 */
public final class JdbcActionStore implements ActionStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<TraceStep>> TRACE_STEPS = new TypeReference<>() {};
    private static final TypeReference<List<ScriptStep>> SCRIPT_STEPS = new TypeReference<>() {};
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final TypeReference<Map<String, String>> BINDINGS = new TypeReference<>() {};
    private static final String SCRIPT_COLUMNS = "id, tenant, task_pattern, task, slots, steps, source_trace_id, runs,"
            + " successes, recent, status, created_at, updated_at, version";
    private static final String RUN_COLUMNS = "id, tenant, script_id, task, bindings, status, next_step,"
            + " steps_replayed, diverged_at, divergence, branches, started_at, finished_at, version";

    private final JdbcClient jdbc;

    public JdbcActionStore(JdbcClient jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    public JdbcActionStore(DataSource dataSource) {
        this(JdbcClient.create(dataSource));
    }

    @Override
    public void saveTrace(String tenant, ActionTrace t) {
        requireTenant(tenant);
        jdbc.sql("INSERT INTO action_trace (id, tenant, user_id, task, steps, success, recorded_at) VALUES (?, ?, ?, ?,"
                        + " CAST(? AS jsonb), ?, ?)")
                .params(
                        t.id(),
                        tenant,
                        t.userId(),
                        t.task(),
                        JSON.writeValueAsString(t.steps()),
                        t.success(),
                        ts(t.recordedAt()))
                .update();
    }

    @Override
    public Optional<ActionTrace> trace(String tenant, UUID id) {
        return jdbc.sql("SELECT id, user_id, task, steps, success, recorded_at FROM action_trace WHERE tenant = ? AND"
                        + " id = ?")
                .params(tenant, id)
                .query(JdbcActionStore::trace)
                .optional();
    }

    /** Maps a row with {@code id, user_id, task, steps, success, recorded_at} of {@code action_trace}. */
    static ActionTrace trace(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new ActionTrace(
                rs.getObject("id", UUID.class),
                rs.getString("user_id"),
                rs.getString("task"),
                JSON.readValue(rs.getString("steps"), TRACE_STEPS),
                rs.getBoolean("success"),
                rs.getTimestamp("recorded_at").toInstant());
    }

    @Override
    public void saveScript(ReplayScript s, float[] taskEmbedding) {
        requireTenant(s.tenant());
        jdbc.sql("INSERT INTO replay_script (" + SCRIPT_COLUMNS + ", embedding) VALUES (?, ?, ?, ?, CAST(? AS jsonb),"
                        + " CAST(? AS jsonb), ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        s.id(),
                        s.tenant(),
                        s.taskPattern(),
                        s.task(),
                        JSON.writeValueAsString(s.slots()),
                        JSON.writeValueAsString(s.steps()),
                        s.sourceTraceId(),
                        s.runs(),
                        s.successes(),
                        s.recent(),
                        s.status().name(),
                        ts(s.createdAt()),
                        ts(s.updatedAt()),
                        s.version(),
                        encode(taskEmbedding))
                .update();
    }

    @Override
    public void updateScript(ReplayScript s, long expectedVersion) {
        int n = jdbc.sql("UPDATE replay_script SET runs = ?, successes = ?, recent = ?, status = ?, updated_at = ?,"
                        + " version = ? WHERE tenant = ? AND id = ? AND version = ?")
                .params(
                        s.runs(),
                        s.successes(),
                        s.recent(),
                        s.status().name(),
                        ts(s.updatedAt()),
                        s.version(),
                        s.tenant(),
                        s.id(),
                        expectedVersion)
                .update();
        if (n != 1) {
            throw new OptimisticLockingFailureException("Script " + s.id() + " changed concurrently");
        }
    }

    @Override
    public Optional<ReplayScript> script(String tenant, UUID id) {
        return jdbc.sql("SELECT " + SCRIPT_COLUMNS + " FROM replay_script WHERE tenant = ? AND id = ?")
                .params(tenant, id)
                .query(JdbcActionStore::script)
                .optional();
    }

    @Override
    public List<ReplayScript> scripts(String tenant) {
        return jdbc.sql("SELECT " + SCRIPT_COLUMNS + " FROM replay_script WHERE tenant = ? ORDER BY created_at, id")
                .param(tenant)
                .query(JdbcActionStore::script)
                .list();
    }

    @Override
    public List<ScriptVector> activeScripts(String tenant) {
        return jdbc.sql("SELECT " + SCRIPT_COLUMNS + ", embedding FROM replay_script WHERE tenant = ? AND status ="
                        + " 'ACTIVE' ORDER BY created_at, id")
                .param(tenant)
                .query((rs, n) -> new ScriptVector(script(rs, n), decode(rs.getBytes("embedding"))))
                .list();
    }

    @Override
    public boolean deleteScript(String tenant, UUID id) {
        return jdbc.sql("DELETE FROM replay_script WHERE tenant = ? AND id = ?")
                        .params(tenant, id)
                        .update()
                > 0;
    }

    @Override
    public void saveRun(ReplayRun r) {
        saveRun(r, null);
    }

    @Override
    public void saveRun(ReplayRun r, String userId) {
        requireTenant(r.tenant());
        jdbc.sql("INSERT INTO replay_run (" + RUN_COLUMNS + ", user_id) VALUES (?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?,"
                        + " ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        r.id(),
                        r.tenant(),
                        r.scriptId(),
                        r.task(),
                        JSON.writeValueAsString(r.bindings()),
                        r.status().name(),
                        r.nextStep(),
                        r.stepsReplayed(),
                        r.divergedAt(),
                        r.divergence(),
                        r.branches(),
                        ts(r.startedAt()),
                        ts(r.finishedAt()),
                        r.version(),
                        userId)
                .update();
    }

    @Override
    public void updateRun(ReplayRun r, long expectedVersion) {
        int n = jdbc.sql("UPDATE replay_run SET script_id = ?, status = ?, next_step = ?, steps_replayed = ?,"
                        + " diverged_at = ?, divergence = ?, branches = ?, finished_at = ?, version = ? WHERE tenant"
                        + " = ? AND id = ? AND version = ?")
                .params(
                        r.scriptId(),
                        r.status().name(),
                        r.nextStep(),
                        r.stepsReplayed(),
                        r.divergedAt(),
                        r.divergence(),
                        r.branches(),
                        ts(r.finishedAt()),
                        r.version(),
                        r.tenant(),
                        r.id(),
                        expectedVersion)
                .update();
        if (n != 1) {
            throw new OptimisticLockingFailureException("Run " + r.id() + " changed concurrently");
        }
    }

    @Override
    public Optional<ReplayRun> run(String tenant, UUID id) {
        return jdbc.sql("SELECT " + RUN_COLUMNS + " FROM replay_run WHERE tenant = ? AND id = ?")
                .params(tenant, id)
                .query(JdbcActionStore::run)
                .optional();
    }

    @Override
    public List<ReplayRun> runs(String tenant, UUID scriptId) {
        return jdbc.sql("SELECT " + RUN_COLUMNS + " FROM replay_run WHERE tenant = ? AND script_id = ? ORDER BY"
                        + " started_at, id")
                .params(tenant, scriptId)
                .query(JdbcActionStore::run)
                .list();
    }

    private static ReplayScript script(ResultSet rs, int row) throws SQLException {
        return new ReplayScript(
                rs.getObject("id", UUID.class),
                rs.getString("tenant"),
                rs.getString("task_pattern"),
                rs.getString("task"),
                JSON.readValue(rs.getString("slots"), STRINGS),
                JSON.readValue(rs.getString("steps"), SCRIPT_STEPS),
                rs.getObject("source_trace_id", UUID.class),
                rs.getInt("runs"),
                rs.getInt("successes"),
                rs.getString("recent"),
                ReplayScript.Status.valueOf(rs.getString("status")),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                rs.getLong("version"));
    }

    private static ReplayRun run(ResultSet rs, int row) throws SQLException {
        int diverged = rs.getInt("diverged_at");
        Integer divergedAt = rs.wasNull() ? null : diverged;
        return new ReplayRun(
                rs.getObject("id", UUID.class),
                rs.getString("tenant"),
                rs.getObject("script_id", UUID.class),
                rs.getString("task"),
                JSON.readValue(rs.getString("bindings"), BINDINGS),
                ReplayRun.Status.valueOf(rs.getString("status")),
                rs.getInt("next_step"),
                rs.getInt("steps_replayed"),
                divergedAt,
                rs.getString("divergence"),
                rs.getInt("branches"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                rs.getLong("version"));
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static byte[] encode(float[] v) {
        if (v == null) {
            return null;
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(v.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    private static float[] decode(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        float[] v = new float[bytes.length / 4];
        java.nio.ByteBuffer.wrap(bytes)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer()
                .get(v);
        return v;
    }

    static void requireTenant(String tenant) {
        if (tenant == null || tenant.isBlank()) {
            throw new IllegalArgumentException("tenant must not be blank");
        }
    }
}

package io.mnemos.orchestrator.pipeline;

import java.sql.Timestamp;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Turn traces in PostgreSQL (JSONB), written in the same transaction as the answer. */
@Repository
class TraceStore {
    private final JdbcClient jdbc;
    private final ObjectMapper json;

    TraceStore(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void save(String tenant, TurnTrace trace) {
        jdbc.sql(
                        """
                        INSERT INTO turn_trace (tenant, turn_id, session_id, trace, created_at)
                        VALUES (?, ?, ?, CAST(? AS jsonb), ?)
                        ON CONFLICT (tenant, turn_id) DO NOTHING""")
                .params(
                        tenant,
                        trace.turnId(),
                        trace.sessionId(),
                        json.writeValueAsString(trace),
                        Timestamp.from(trace.at()))
                .update();
    }

    Optional<JsonNode> find(String tenant, UUID sessionId, UUID turnId) {
        return jdbc.sql("SELECT trace::text FROM turn_trace WHERE tenant = ? AND session_id = ? AND turn_id = ?")
                .params(tenant, sessionId, turnId)
                .query((rs, i) -> json.readTree(rs.getString(1)))
                .optional();
    }
}

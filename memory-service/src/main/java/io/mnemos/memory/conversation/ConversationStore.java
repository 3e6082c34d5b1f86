package io.mnemos.memory.conversation;

import io.mnemos.contracts.events.SessionStarted;
import io.mnemos.contracts.events.TurnRecorded;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** PostgreSQL access for sessions and turns. Every statement is scoped by tenant. */
@Repository
public class ConversationStore {
    private final JdbcClient jdbc;

    public ConversationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a session; a session already known is left as it is. */
    public void saveSession(String tenant, SessionStarted s) {
        jdbc.sql("""
                INSERT INTO conversation_session (tenant, session_id, user_id, started_at)
                VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(tenant, s.sessionId(), s.userId(), Timestamp.from(s.startedAt()))
                .update();
    }

    /**
     * Stores a turn (creating its session if the session event has not been seen, e.g. after topic compaction).
     *
     * @return the number of turns the session holds afterwards
     */
    public long saveTurn(String tenant, TurnRecorded t) {
        jdbc.sql("""
                INSERT INTO conversation_session (tenant, session_id, user_id, started_at)
                VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(tenant, t.sessionId(), t.userId(), Timestamp.from(t.timestamp()))
                .update();
        jdbc.sql("""
                INSERT INTO conversation_turn (tenant, turn_id, session_id, user_id, sequence, speaker, text, spoken_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(
                        tenant,
                        t.turnId(),
                        t.sessionId(),
                        t.userId(),
                        t.sequence(),
                        t.speaker(),
                        t.text(),
                        Timestamp.from(t.timestamp()))
                .update();
        return jdbc.sql("SELECT count(*) FROM conversation_turn WHERE tenant = ? AND session_id = ?")
                .params(tenant, t.sessionId())
                .query(Long.class)
                .single();
    }

    /** Whether the tenant has this session. */
    public boolean sessionExists(String tenant, UUID sessionId) {
        return jdbc.sql("SELECT count(*) FROM conversation_session WHERE tenant = ? AND session_id = ?")
                        .params(tenant, sessionId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** The turns of a session in order, or empty if the tenant has no such session. */
    public Optional<List<StoredTurn>> turns(String tenant, UUID sessionId, int limit, long afterSequence) {
        if (!sessionExists(tenant, sessionId)) {
            return Optional.empty();
        }
        return Optional.of(jdbc.sql("""
                        SELECT turn_id, session_id, user_id, sequence, speaker, text, spoken_at, stored_at
                        FROM conversation_turn
                        WHERE tenant = ? AND session_id = ? AND sequence > ?
                        ORDER BY sequence LIMIT ?""")
                .params(tenant, sessionId, afterSequence, limit)
                .query((rs, i) -> new StoredTurn(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        rs.getString(3),
                        rs.getLong(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getTimestamp(7).toInstant(),
                        rs.getTimestamp(8).toInstant()))
                .list());
    }
}

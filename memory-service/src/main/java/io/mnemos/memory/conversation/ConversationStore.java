package io.mnemos.memory.conversation;

import io.mnemos.contracts.events.SessionStarted;
import io.mnemos.contracts.events.TurnRecorded;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** PostgreSQL access for sessions and turns. Every statement is scoped by tenant. */
@Repository
public class ConversationStore {
    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    public ConversationStore(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /** Records a session; a session already known is left as it is. */
    public void saveSession(String tenant, SessionStarted s) {
        jdbc.sql(
                        """
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
        jdbc.sql(
                        """
                INSERT INTO conversation_session (tenant, session_id, user_id, started_at)
                VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(tenant, t.sessionId(), t.userId(), Timestamp.from(t.timestamp()))
                .update();
        jdbc.sql(
                        """
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

    /** The session's user and its latest turn's sequence number, if the tenant has the session. */
    public Optional<SessionHead> sessionHead(String tenant, UUID sessionId) {
        return jdbc.sql(
                        """
                SELECT s.user_id, COALESCE(max(t.sequence), 0) FROM conversation_session s
                LEFT JOIN conversation_turn t ON t.tenant = s.tenant AND t.session_id = s.session_id
                WHERE s.tenant = ? AND s.session_id = ? GROUP BY s.user_id""")
                .params(tenant, sessionId)
                .query((rs, i) -> new SessionHead(rs.getString(1), rs.getLong(2)))
                .optional();
    }

    /** A session's user and latest turn sequence. */
    public record SessionHead(String userId, long lastSequence) {}

    /** Whether the tenant has this session. */
    public boolean sessionExists(String tenant, UUID sessionId) {
        return jdbc.sql("SELECT count(*) FROM conversation_session WHERE tenant = ? AND session_id = ?")
                        .params(tenant, sessionId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /**
     * A page of a session's turns.
     *
     * @param turns in order of sequence, then time
     * @param nextAfterSequence the {@code afterSequence} of the next page, or {@code null} after the last page
     */
    public record TurnPage(List<StoredTurn> turns, @Nullable Long nextAfterSequence) {}

    /**
     * The turns of a session in order, or empty if the tenant has no such session. An agent's answer shares its user
     * turn's sequence number, so a page never splits one sequence number: it holds the turns of the first {@code
     * limit} turns' sequence numbers (a few more than {@code limit} when the last one has an answer), and paging by
     * {@code afterSequence} never skips a turn.
     */
    public Optional<TurnPage> turns(String tenant, UUID sessionId, int limit, long afterSequence) {
        if (!sessionExists(tenant, sessionId)) {
            return Optional.empty();
        }
        List<StoredTurn> turns = jdbc.sql(
                        """
                        SELECT turn_id, session_id, user_id, sequence, speaker, text, spoken_at, stored_at
                        FROM conversation_turn
                        WHERE tenant = ? AND session_id = ? AND sequence > ? AND sequence <= (
                            SELECT max(sequence) FROM (
                                SELECT sequence FROM conversation_turn
                                WHERE tenant = ? AND session_id = ? AND sequence > ?
                                ORDER BY sequence LIMIT ?) AS page)
                        ORDER BY sequence, spoken_at, stored_at, turn_id""")
                .params(tenant, sessionId, afterSequence, tenant, sessionId, afterSequence, limit)
                .query((rs, i) -> new StoredTurn(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        rs.getString(3),
                        rs.getLong(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getTimestamp(7).toInstant(),
                        rs.getTimestamp(8).toInstant()))
                .list();
        if (turns.isEmpty()) {
            return Optional.of(new TurnPage(turns, null));
        }
        long last = turns.getLast().sequence();
        boolean more = jdbc.sql(
                        "SELECT EXISTS (SELECT 1 FROM conversation_turn WHERE tenant = ? AND session_id = ? AND sequence > ?)")
                .params(tenant, sessionId, last)
                .query(Boolean.class)
                .single();
        return Optional.of(new TurnPage(turns, more ? last : null));
    }

    // --- bulk import, index maintenance, erasure ---

    /** UUID of an imported session: derived from tenant, user and the client's id, so re-imports find it again. */
    public static UUID importedSessionId(String tenant, String userId, String externalSessionId) {
        return UUID.nameUUIDFromBytes(("conversation-session\0" + tenant + "\0" + userId + "\0" + externalSessionId)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** UUID of an imported turn: derived from its session's UUID and the client's turn id. */
    public static UUID importedTurnId(UUID sessionId, String externalTurnId) {
        return UUID.nameUUIDFromBytes(
                ("conversation-turn\0" + sessionId + "\0" + externalTurnId).getBytes(StandardCharsets.UTF_8));
    }

    /** One turn row as written by an import. */
    public record ImportRow(
            UUID turnId, String externalTurnId, long sequence, String speaker, String text, Instant at) {}

    /**
     * Writes an imported session and its turns; rows that exist already (same ids) are left as they are. Must run in
     * the caller's transaction.
     *
     * @return how many of {@code turns} were new
     */
    public int importSession(
            String tenant,
            String userId,
            UUID sessionId,
            String externalSessionId,
            Instant startedAt,
            List<ImportRow> turns) {
        jdbc.sql(
                        """
                INSERT INTO conversation_session (tenant, session_id, user_id, started_at, external_id)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(tenant, sessionId, userId, Timestamp.from(startedAt), externalSessionId)
                .update();
        int[][] counts = template.batchUpdate(
                """
                INSERT INTO conversation_turn
                    (tenant, turn_id, session_id, user_id, sequence, speaker, text, spoken_at, external_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
                turns,
                1000,
                (PreparedStatement ps, ImportRow t) -> {
                    ps.setString(1, tenant);
                    ps.setObject(2, t.turnId());
                    ps.setObject(3, sessionId);
                    ps.setString(4, userId);
                    ps.setLong(5, t.sequence());
                    ps.setString(6, t.speaker());
                    ps.setString(7, t.text());
                    ps.setTimestamp(8, Timestamp.from(t.at()));
                    ps.setString(9, t.externalTurnId());
                });
        int inserted = 0;
        for (int[] batch : counts) {
            for (int c : batch) {
                // pgjdbc reports 1/0 per row; SUCCESS_NO_INFO (-2) would mean "unknown": count it as written
                inserted += c == 0 ? 0 : 1;
            }
        }
        return inserted;
    }

    /** A stored turn with what the index needs. */
    public record IndexRow(
            UUID turnId,
            String externalTurnId,
            UUID sessionId,
            String externalSessionId,
            String userId,
            long sequence,
            String speaker,
            String text,
            Instant spokenAt) {}

    private static final String INDEX_ROW_SELECT =
            """
            SELECT t.turn_id, t.external_id, t.session_id, s.external_id, t.user_id, t.sequence, t.speaker, t.text,
                   t.spoken_at
            FROM conversation_turn t
            JOIN conversation_session s ON s.tenant = t.tenant AND s.session_id = t.session_id
            """;

    private static IndexRow indexRow(ResultSet rs) throws SQLException {
        return new IndexRow(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                rs.getObject(3, UUID.class),
                rs.getString(4),
                rs.getString(5),
                rs.getLong(6),
                rs.getString(7),
                rs.getString(8),
                rs.getTimestamp(9).toInstant());
    }

    /** How many turns a session holds. */
    public long countSessionTurns(String tenant, UUID sessionId) {
        return jdbc.sql("SELECT count(*) FROM conversation_turn WHERE tenant = ? AND session_id = ?")
                .params(tenant, sessionId)
                .query(Long.class)
                .single();
    }

    /** Every turn of a session in order. */
    public List<IndexRow> sessionTurns(String tenant, UUID sessionId) {
        return jdbc.sql(INDEX_ROW_SELECT + " WHERE t.tenant = ? AND t.session_id = ? ORDER BY t.sequence, t.turn_id")
                .params(tenant, sessionId)
                .query((rs, i) -> indexRow(rs))
                .list();
    }

    /** The turns of a session up to and including {@code sequence}, newest last, at most {@code limit}. */
    public List<IndexRow> turnsUpTo(String tenant, UUID sessionId, long sequence, int limit) {
        List<IndexRow> newestFirst = jdbc.sql(INDEX_ROW_SELECT
                        + " WHERE t.tenant = ? AND t.session_id = ? AND t.sequence <= ?"
                        + " ORDER BY t.sequence DESC, t.turn_id DESC LIMIT ?")
                .params(tenant, sessionId, sequence, limit)
                .query((rs, i) -> indexRow(rs))
                .list();
        List<IndexRow> out = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(out);
        return out;
    }

    /**
     * Streams every turn of a tenant, session by session in order (for a rebuild): {@code sink} receives one session's
     * turns at a time. Reads with a cursor, so call it inside a (read-only) transaction.
     */
    public void forEachSession(String tenant, Consumer<List<IndexRow>> sink) {
        List<IndexRow> session = new ArrayList<>();
        JdbcTemplate cursor = new JdbcTemplate(java.util.Objects.requireNonNull(template.getDataSource()));
        cursor.setFetchSize(2000);
        cursor.query(
                INDEX_ROW_SELECT + " WHERE t.tenant = ? ORDER BY t.session_id, t.sequence, t.turn_id",
                (ResultSet rs) -> {
                    IndexRow r = indexRow(rs);
                    if (!session.isEmpty() && !session.getFirst().sessionId().equals(r.sessionId())) {
                        sink.accept(List.copyOf(session));
                        session.clear();
                    }
                    session.add(r);
                },
                tenant);
        if (!session.isEmpty()) {
            sink.accept(List.copyOf(session));
        }
    }

    /** Turn counts per tenant (the startup check compares them with the index). */
    public Map<String, Long> turnCountsByTenant() {
        Map<String, Long> out = new LinkedHashMap<>();
        jdbc.sql("SELECT tenant, count(*) FROM conversation_turn GROUP BY tenant ORDER BY tenant")
                .query((ResultSet rs) -> {
                    out.put(rs.getString(1), rs.getLong(2));
                });
        return out;
    }

    /** Whether the tenant has any session of the user. */
    public boolean userExists(String tenant, String userId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM conversation_session WHERE tenant = ? AND user_id = ?)")
                .params(tenant, userId)
                .query(Boolean.class)
                .single();
    }

    /** What {@link #deleteUser} removed. */
    public record Deleted(long sessions, long turns) {}

    /** Deletes every session and turn of a user (in the caller's transaction). */
    public Deleted deleteUser(String tenant, String userId) {
        long turns = jdbc.sql("DELETE FROM conversation_turn WHERE tenant = ? AND user_id = ?")
                .params(tenant, userId)
                .update();
        long sessions = jdbc.sql("DELETE FROM conversation_session WHERE tenant = ? AND user_id = ?")
                .params(tenant, userId)
                .update();
        return new Deleted(sessions, turns);
    }
}

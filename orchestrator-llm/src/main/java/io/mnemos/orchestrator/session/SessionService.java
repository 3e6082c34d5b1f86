package io.mnemos.orchestrator.session;

import io.mnemos.contracts.Ids;
import io.mnemos.contracts.events.SessionStarted;
import io.mnemos.contracts.events.TurnRecorded;
import io.mnemos.messaging.outbox.Outbox;
import io.mnemos.orchestrator.grounded.SentenceListener;
import io.mnemos.orchestrator.pipeline.Answer;
import io.mnemos.orchestrator.pipeline.TurnContext;
import io.mnemos.orchestrator.pipeline.TurnPipeline;
import io.mnemos.web.problem.NotFoundProblem;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates sessions and accepts turns; each state change and its event commit together. */
@Service
public class SessionService {
    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final TurnPipeline pipeline;

    public SessionService(JdbcClient jdbc, Outbox outbox, TurnPipeline pipeline) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.pipeline = pipeline;
    }

    @Transactional
    public Session create(String tenant, String userId, String locale) {
        UUID id = Ids.newId();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        jdbc.sql("INSERT INTO session (tenant, session_id, user_id, locale, created_at) VALUES (?, ?, ?, ?, ?)")
                .params(tenant, id, userId, locale, Timestamp.from(now))
                .update();
        outbox.publish(new SessionStarted(id, userId, now), tenant, id.toString());
        return new Session(id, userId, locale, now, 0);
    }

    @Transactional(readOnly = true)
    public Optional<Session> find(String tenant, UUID sessionId) {
        return jdbc.sql(
                        """
                        SELECT session_id, user_id, locale, created_at, turn_count
                        FROM session WHERE tenant = ? AND session_id = ?""")
                .params(tenant, sessionId)
                .query((rs, i) -> new Session(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getTimestamp(4).toInstant(),
                        rs.getLong(5)))
                .optional();
    }

    /** The session, or a 404 problem that says how to get one. */
    public Session require(String tenant, UUID sessionId) {
        return find(tenant, sessionId).orElseThrow(() -> sessionNotFound(sessionId));
    }

    /**
     * Accepts a user turn: stores it with the next sequence number and queues its event, in one transaction. The
     * session pipeline answers it once memory-service reports it stored ({@link MemoryEvents}), and sends the answer
     * to memory as the agent's turn.
     *
     * @param turnId chosen by the caller so a stream can subscribe before the turn exists
     */
    @Transactional
    public TurnEvent accept(String tenant, UUID sessionId, UUID turnId, String text) {
        return accept(tenant, sessionId, turnId, text, true);
    }

    /**
     * As {@link #accept(String, UUID, UUID, String)}.
     *
     * @param rememberAnswer false when the caller records what the user actually heard itself (speech-service), so the
     *     answer is not sent to memory as the agent's turn
     */
    @Transactional
    public TurnEvent accept(String tenant, UUID sessionId, UUID turnId, String text, boolean rememberAnswer) {
        return insert(tenant, sessionId, turnId, text, "accepted", null, rememberAnswer);
    }

    /**
     * Accepts a user turn that its caller answers itself (a chat completion): stored and sent to memory like {@link
     * #accept}, but with status {@code direct}, so the session pipeline leaves it alone; the caller records the reply
     * with {@link #recordReply}. A row with the same {@code requestKey} older than {@code replayWindow} gives its key
     * up first.
     *
     * @throws org.springframework.dao.DuplicateKeyException if a turn with this request key was accepted meanwhile
     *     (a concurrent replay): look it up with {@link #findDirect}
     */
    @Transactional
    public TurnEvent acceptDirect(
            String tenant, UUID sessionId, UUID turnId, String text, String requestKey, Duration replayWindow) {
        jdbc.sql(
                        """
                        UPDATE turn SET request_key = NULL
                        WHERE tenant = ? AND request_key = ? AND created_at < ?""")
                .params(tenant, requestKey, Timestamp.from(Instant.now().minus(replayWindow)))
                .update();
        return insert(tenant, sessionId, turnId, text, "direct", requestKey, true);
    }

    private TurnEvent insert(
            String tenant,
            UUID sessionId,
            UUID turnId,
            String text,
            String status,
            @Nullable String requestKey,
            boolean rememberAnswer) {
        record Next(long sequence, String userId) {}
        Next next = jdbc.sql(
                        """
                        UPDATE session SET turn_count = turn_count + 1
                        WHERE tenant = ? AND session_id = ? RETURNING turn_count, user_id""")
                .params(tenant, sessionId)
                .query((rs, i) -> new Next(rs.getLong(1), rs.getString(2)))
                .optional()
                .orElseThrow(() -> sessionNotFound(sessionId));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        jdbc.sql(
                        """
                        INSERT INTO turn (tenant, turn_id, session_id, sequence, text, created_at, status, request_key,
                                          remember_answer)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        tenant,
                        turnId,
                        sessionId,
                        next.sequence(),
                        text,
                        Timestamp.from(now),
                        status,
                        requestKey,
                        rememberAnswer)
                .update();
        outbox.publish(
                new TurnRecorded(sessionId, turnId, next.userId(), next.sequence(), "user", text, now),
                tenant,
                sessionId.toString());
        return TurnEvent.note(
                TurnEvent.ACCEPTED, sessionId, turnId, next.sequence(), "Turn accepted; remembering it.", now);
    }

    /**
     * A turn its caller answers.
     *
     * @param answer the recorded reply, null while the caller has not recorded one (still answering, or it failed)
     */
    public record DirectTurn(UUID sessionId, UUID turnId, long sequence, @Nullable String answer) {}

    /** The turn accepted with this request key within {@code replayWindow}, if any. */
    @Transactional(readOnly = true)
    public Optional<DirectTurn> findDirect(String tenant, String requestKey, Duration replayWindow) {
        return jdbc.sql(
                        """
                        SELECT session_id, turn_id, sequence, answer FROM turn
                        WHERE tenant = ? AND request_key = ? AND created_at >= ?""")
                .params(tenant, requestKey, Timestamp.from(Instant.now().minus(replayWindow)))
                .query((rs, i) -> new DirectTurn(
                        rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getLong(3), rs.getString(4)))
                .optional();
    }

    /**
     * Records the reply to a {@code direct} turn, once: the answer and its trace, and the reply as the agent's turn of
     * the session ({@code conversation.turn.recorded}, speaker {@code agent}, the user turn's sequence number as
     * memory-service gives agent turns), so memory-service stores it.
     *
     * @return false if the turn was already answered (a replayed request finished first) or is not a direct turn
     */
    @Transactional
    public boolean recordReply(String tenant, UUID turnId, String reply, Answer evidence) {
        record Recorded(UUID sessionId, long sequence, String userId) {}
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Optional<Recorded> r = jdbc.sql(
                        """
                        UPDATE turn t SET status = 'answered', answer = ?, answered_at = ?
                        FROM session s
                        WHERE s.tenant = t.tenant AND s.session_id = t.session_id
                          AND t.tenant = ? AND t.turn_id = ? AND t.status = 'direct'
                        RETURNING t.session_id, t.sequence, s.user_id""")
                .params(reply, Timestamp.from(now), tenant, turnId)
                .query((rs, i) -> new Recorded(rs.getObject(1, UUID.class), rs.getLong(2), rs.getString(3)))
                .optional();
        if (r.isEmpty()) {
            return false;
        }
        pipeline.keep(tenant, evidence);
        publishAgentTurn(tenant, r.get().sessionId(), r.get().userId(), r.get().sequence(), reply, now);
        return true;
    }

    /**
     * The agent's reply as a turn of the session ({@code conversation.turn.recorded}, speaker {@code agent}, the user
     * turn's sequence number, as memory-service gives agent turns), so conversation memory holds both sides.
     */
    private void publishAgentTurn(
            String tenant, UUID sessionId, String userId, long sequence, String reply, Instant now) {
        outbox.publish(
                new TurnRecorded(sessionId, Ids.newId(), userId, sequence, "agent", reply, now),
                tenant,
                sessionId.toString());
    }

    /**
     * A user turn waiting for the session pipeline's answer.
     *
     * @param rememberAnswer whether the answer goes to memory as the agent's turn
     */
    public record PendingTurn(
            UUID sessionId, UUID turnId, long sequence, String userId, String text, boolean rememberAnswer) {}

    /** The turn, if it is still waiting for the session pipeline's answer (not unknown, direct or answered). */
    @Transactional(readOnly = true)
    public Optional<PendingTurn> pending(String tenant, UUID turnId) {
        return jdbc.sql(
                        """
                        SELECT t.session_id, t.turn_id, t.sequence, s.user_id, t.text, t.remember_answer FROM turn t
                        JOIN session s ON s.tenant = t.tenant AND s.session_id = t.session_id
                        WHERE t.tenant = ? AND t.turn_id = ? AND t.status = 'accepted'""")
                .params(tenant, turnId)
                .query((rs, i) -> new PendingTurn(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        rs.getLong(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getBoolean(6)))
                .optional();
    }

    /**
     * Runs the turn pipeline (route, specialists, composition; LLM and grounding calls when configured) for a pending
     * turn. Deliberately outside any transaction: no database connection is held while specialists and the LLM work.
     *
     * @param listener told each sentence of the answer once it is final
     */
    public Answer compose(String tenant, PendingTurn turn, SentenceListener listener) {
        return pipeline.answer(
                new TurnContext(tenant, turn.sessionId(), turn.turnId(), turn.userId(), turn.text()), listener);
    }

    /**
     * Records the pipeline's answer to a pending turn with its trace, and the answer as the agent's turn of the session
     * (as {@link #recordReply} does for chat), in one short transaction (joined by the consumer's processed mark). The
     * status guard makes a duplicate computation (a redelivered event that raced the first) record nothing.
     *
     * @return the answer event, or empty if the turn was answered meanwhile
     */
    @Transactional
    public Optional<TurnEvent> recordAnswer(String tenant, PendingTurn turn, Answer a) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        int updated = jdbc.sql(
                        """
                        UPDATE turn SET status = 'answered', answer = ?, answered_at = ?
                        WHERE tenant = ? AND turn_id = ? AND status = 'accepted'""")
                .params(a.text(), Timestamp.from(now), tenant, turn.turnId())
                .update();
        if (updated == 0) {
            return Optional.empty();
        }
        pipeline.keep(tenant, a);
        if (turn.rememberAnswer()) {
            publishAgentTurn(tenant, turn.sessionId(), turn.userId(), turn.sequence(), a.text(), now);
        }
        return Optional.of(new TurnEvent(
                TurnEvent.ANSWER,
                turn.sessionId(),
                turn.turnId(),
                turn.sequence(),
                a.text(),
                now,
                a.route(),
                a.mode(),
                a.citations(),
                "/v1/sessions/" + turn.sessionId() + "/turns/" + turn.turnId() + "/trace"));
    }

    /**
     * What erasing a user removed here.
     *
     * @param sessions sessions (chat completions' included)
     * @param turns their turns, answers included
     * @param traces turn traces (they quote the turns, the evidence and the answers)
     */
    public record Erased(int sessions, int turns, int traces) {}

    /**
     * Deletes everything this service holds about a user of a tenant. Called for memory-service's {@code
     * memory.user.erased} tombstone, inside the consumer's transaction, so the deletion and the processed mark commit
     * together.
     */
    @Transactional
    public Erased eraseUser(String tenant, String userId) {
        int traces = jdbc.sql(
                        """
                        DELETE FROM turn_trace t USING session s
                        WHERE s.tenant = ? AND s.user_id = ? AND t.tenant = s.tenant AND t.session_id = s.session_id""")
                .params(tenant, userId)
                .update();
        int turns = jdbc.sql(
                        """
                        DELETE FROM turn t USING session s
                        WHERE s.tenant = ? AND s.user_id = ? AND t.tenant = s.tenant AND t.session_id = s.session_id""")
                .params(tenant, userId)
                .update();
        int sessions = jdbc.sql("DELETE FROM session WHERE tenant = ? AND user_id = ?")
                .params(tenant, userId)
                .update();
        return new Erased(sessions, turns, traces);
    }

    static NotFoundProblem sessionNotFound(UUID sessionId) {
        return new NotFoundProblem(
                "session-not-found",
                "Session not found",
                "No session " + sessionId + " for this tenant. Create one with POST /v1/sessions.");
    }
}

package io.mnemos.orchestrator.session;

import io.mnemos.contracts.Ids;
import io.mnemos.contracts.events.SessionStarted;
import io.mnemos.contracts.events.TurnRecorded;
import io.mnemos.contracts.events.TurnStored;
import io.mnemos.messaging.outbox.Outbox;
import io.mnemos.orchestrator.pipeline.Answer;
import io.mnemos.orchestrator.pipeline.TurnContext;
import io.mnemos.orchestrator.pipeline.TurnPipeline;
import io.mnemos.web.problem.NotFoundProblem;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
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
     * Accepts a user turn: stores it with the next sequence number and queues its event, in one transaction.
     *
     * @param turnId chosen by the caller so a stream can subscribe before the turn exists
     */
    @Transactional
    public TurnEvent accept(String tenant, UUID sessionId, UUID turnId, String text) {
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
        jdbc.sql("INSERT INTO turn (tenant, turn_id, session_id, sequence, text, created_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(tenant, turnId, sessionId, next.sequence(), text, Timestamp.from(now))
                .update();
        outbox.publish(
                new TurnRecorded(sessionId, turnId, next.userId(), next.sequence(), "user", text, now),
                tenant,
                sessionId.toString());
        return TurnEvent.note(
                TurnEvent.ACCEPTED, sessionId, turnId, next.sequence(), "Turn accepted; remembering it.", now);
    }

    /**
     * Answers a turn memory has stored: runs the turn pipeline (route, specialists, extractive composition) and records
     * the answer with its trace. The pipeline's HTTP calls run inside the consumer's transaction, so one database
     * connection is held for the length of a turn (a few hundred ms); the answer and trace commit together with the
     * consumer's processed mark, so a redelivered event is never answered twice.
     *
     * @return the answer event, or empty if the turn is unknown or already answered (a redelivered event)
     */
    @Transactional
    public Optional<TurnEvent> answer(String tenant, TurnStored stored) {
        record Pending(String text, String userId) {}
        Optional<Pending> pending = jdbc.sql(
                        """
                        SELECT t.text, s.user_id FROM turn t
                        JOIN session s ON s.tenant = t.tenant AND s.session_id = t.session_id
                        WHERE t.tenant = ? AND t.turn_id = ? AND t.status = 'accepted'""")
                .params(tenant, stored.turnId())
                .query((rs, i) -> new Pending(rs.getString(1), rs.getString(2)))
                .optional();
        if (pending.isEmpty()) {
            return Optional.empty();
        }
        Answer a = pipeline.answer(new TurnContext(
                tenant,
                stored.sessionId(),
                stored.turnId(),
                pending.get().userId(),
                pending.get().text()));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        int updated = jdbc.sql(
                        """
                        UPDATE turn SET status = 'answered', answer = ?, answered_at = ?
                        WHERE tenant = ? AND turn_id = ? AND status = 'accepted'""")
                .params(a.text(), Timestamp.from(now), tenant, stored.turnId())
                .update();
        if (updated == 0) {
            return Optional.empty();
        }
        pipeline.keep(tenant, a);
        return Optional.of(new TurnEvent(
                TurnEvent.ANSWER,
                stored.sessionId(),
                stored.turnId(),
                stored.sequence(),
                a.text(),
                now,
                a.route(),
                a.mode(),
                a.citations(),
                "/v1/sessions/" + stored.sessionId() + "/turns/" + stored.turnId() + "/trace"));
    }

    static NotFoundProblem sessionNotFound(UUID sessionId) {
        return new NotFoundProblem(
                "session-not-found",
                "Session not found",
                "No session " + sessionId + " for this tenant. Create one with POST /v1/sessions.");
    }
}

package io.mnemos.messaging.outbox;

import io.mnemos.contracts.Event;
import io.mnemos.contracts.EventCodec;
import io.mnemos.contracts.EventEnvelope;
import io.mnemos.contracts.EventType;
import io.mnemos.messaging.internal.MessagingDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import org.slf4j.MDC;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The {@link Outbox} on PostgreSQL: one {@code INSERT} into {@code outbox_event} on the caller's transactional
 * connection. After the commit it wakes the local relay so that the event leaves at once instead of at the next poll.
 */
public final class JdbcOutbox implements Outbox {
    /** The SLF4J MDC key whose value becomes the envelope's {@code traceId}. */
    public static final String TRACE_ID_MDC_KEY = "traceId";

    private final MessagingDatabase database;
    private final JdbcTemplate jdbc;
    private final EventCodec codec;
    private final Runnable afterCommit;
    private final String insertSql;

    /**
     * @param database    the messaging tables
     * @param codec       wraps and serialises envelopes
     * @param afterCommit run after a transaction that wrote outbox rows commits (wakes the relay); may be a no-op
     */
    public JdbcOutbox(MessagingDatabase database, EventCodec codec, Runnable afterCommit) {
        this.database = Objects.requireNonNull(database, "database");
        this.jdbc = new JdbcTemplate(database.dataSource());
        this.codec = Objects.requireNonNull(codec, "codec");
        this.afterCommit = Objects.requireNonNull(afterCommit, "afterCommit");
        this.insertSql = "INSERT INTO " + database.table("outbox_event")
                + " (id, topic, record_key, type, envelope, created_at) VALUES (?, ?, ?, ?, ?::jsonb, clock_timestamp())";
    }

    @Override
    public void publish(Event payload, String tenant, String entityId) {
        append(payload, tenant, entityId);
    }

    /**
     * Like {@link #publish} and returns the envelope written (its id is the event id consumers will see).
     *
     * @see Outbox#publish(Event, String, String)
     */
    public EventEnvelope append(Event payload, String tenant, String entityId) {
        Objects.requireNonNull(payload, "payload");
        requireText(tenant, "tenant");
        requireText(entityId, "entityId");
        requireTransaction();
        EventType type = payload.eventType();
        EventEnvelope envelope = codec.wrap(payload, tenant, entityId, MDC.get(TRACE_ID_MDC_KEY));
        jdbc.update(insertSql, envelope.id(), type.topic(), envelope.key(), envelope.type(), codec.toJson(envelope));
        registerWakeUp();
        return envelope;
    }

    private void requireTransaction() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalTransactionStateException(
                    "Outbox.publish must run inside the caller's transaction (propagation MANDATORY): annotate the "
                            + "calling method with @Transactional or use a TransactionTemplate, so that the event "
                            + "commits or rolls back together with the state change it announces");
        }
        // A transaction may be active on another resource (e.g. a Kafka-only transaction manager): then the insert
        // would run on an auto-commit connection of its own and commit regardless of the caller's outcome.
        Connection c = DataSourceUtils.getConnection(database.dataSource());
        try {
            if (c.getAutoCommit()) {
                throw new IllegalTransactionStateException(
                        "Outbox.publish: the active transaction does not cover the service's data source (its "
                                + "connection is in auto-commit mode); run it under the data source's transaction "
                                + "manager");
            }
        } catch (SQLException e) {
            throw new CannotGetJdbcConnectionException("cannot inspect the transactional connection", e);
        } finally {
            DataSourceUtils.releaseConnection(c, database.dataSource());
        }
    }

    private void registerWakeUp() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    afterCommit.run();
                }
            });
        }
    }

    private static void requireText(String s, String name) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}

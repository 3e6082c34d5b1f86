package io.mnemos.messaging.outbox;

import io.mnemos.contracts.Event;

/**
 * Publishes events as part of the caller's database transaction (transactional outbox).
 *
 * <p>{@link #publish} writes the event into the service's {@code outbox_event} table in the transaction the caller is
 * running; a relay sends it to Kafka after the commit. So the event is published if and only if the transaction commits:
 * a rollback discards it, and a crash after the commit only delays it.
 *
 * <p>Guarantees: at least once (a crash between the broker's acknowledgement and the relay's own commit sends the
 * event again with the same id: consumers deduplicate on it, see {@code IdempotentConsumer}); in order per record key
 * ({@code tenant:entityId}) in the order the rows were written.
 */
public interface Outbox {

    /**
     * Writes {@code payload} to the outbox, wrapped in a new {@link io.mnemos.contracts.EventEnvelope} (fresh UUIDv7 id,
     * the payload's {@link io.mnemos.contracts.EventType} name, version and topic, key {@code tenant:entityId}, the
     * SLF4J MDC {@code traceId} if set).
     *
     * <p>Must be called inside a Spring-managed transaction on the service's data source (propagation {@code
     * MANDATORY}): the row commits or rolls back with the caller's own writes.
     *
     * @param payload  the event; its class must be annotated with {@link io.mnemos.contracts.EventType}
     * @param tenant   the tenant the event belongs to; not blank
     * @param entityId the entity (usually the session) whose events must stay ordered; not blank
     * @throws org.springframework.transaction.IllegalTransactionStateException if no transaction is active (a
     *     programming error)
     * @throws IllegalArgumentException if an argument is null or blank, or the payload class is not an event type
     */
    void publish(Event payload, String tenant, String entityId);
}

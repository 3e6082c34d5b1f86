package io.mnemos.messaging.consumer;

import io.mnemos.contracts.EventEnvelope;

/**
 * Applies one event's effects. Called by {@link IdempotentConsumer} inside the transaction that also records the
 * event as processed: database writes through the service's data source (JDBC, JPA) and {@code Outbox.publish} calls
 * join it, and any exception rolls all of it back, so the event is retried (or dead-lettered) as a whole.
 *
 * <p>Throw {@link io.mnemos.messaging.NonRetriableEventException} (or let {@link
 * io.mnemos.contracts.InvalidEventException} from {@link IdempotentConsumer#payload} escape) for an event that can
 * never succeed; anything else is retried with backoff before it is dead-lettered. Do not call external systems whose
 * effects cannot be rolled back unless they are idempotent: a rolled-back attempt may have made them already.
 */
@FunctionalInterface
public interface EventHandler {
    /** Applies the event. The envelope is already validated: known type, payload fits its record. */
    void handle(EventEnvelope envelope);
}

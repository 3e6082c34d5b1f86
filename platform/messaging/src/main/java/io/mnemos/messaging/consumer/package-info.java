/**
 * Idempotent consumption: Kafka delivers at least once, and a redelivered event must not change state twice.
 *
 * <p>A {@code @KafkaListener} hands each record to {@link io.mnemos.messaging.consumer.IdempotentConsumer#process}
 * with a consumer name and an {@link io.mnemos.messaging.consumer.EventHandler}. The record is parsed and validated
 * first (JSON envelope, known type, payload fits its record); an invalid one throws {@link
 * io.mnemos.contracts.InvalidEventException}, which the listener error handler dead-letters without retry. Then, in one
 * transaction, {@code (consumer, event_id)} is inserted into {@code processed_event} with {@code ON CONFLICT DO
 * NOTHING}: if it was already there, the event is skipped; otherwise the handler runs and its database writes (and
 * outbox publishes) commit together with that row. If the handler throws, everything rolls back, and the record is
 * retried or dead-lettered by the listener error handler; the event counts as unprocessed.
 *
 * <p>Deduplication lasts as long as the ids are kept ({@code mnemos.messaging.consumer.processed-retention}, 14 days by
 * default).
 */
package io.mnemos.messaging.consumer;

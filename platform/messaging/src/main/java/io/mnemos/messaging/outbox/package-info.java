/**
 * Transactional outbox: publish an event if and only if the transaction that caused it commits.
 *
 * <h2>Writing</h2>
 *
 * A service calls {@link io.mnemos.messaging.outbox.Outbox#publish} inside its own transaction. {@link
 * io.mnemos.messaging.outbox.JdbcOutbox} wraps the payload in an {@link io.mnemos.contracts.EventEnvelope} and inserts
 * it into {@code outbox_event} on the transaction's connection; outside a transaction it throws (propagation {@code
 * MANDATORY}). Nothing touches Kafka yet, so a rollback leaves no trace.
 *
 * <h2>Relaying</h2>
 *
 * {@link io.mnemos.messaging.outbox.OutboxRelay} runs one thread per service instance. Each batch is one database
 * transaction: take the schema's advisory lock (one active relay per schema, so per-key order holds across
 * instances), {@code SELECT ... WHERE published_at IS NULL ORDER BY created_at, id LIMIT n FOR UPDATE SKIP LOCKED},
 * send every row (key {@code tenant:entity}, value the envelope JSON, headers {@code mnemos-event-id} and {@code
 * mnemos-event-type}) with an idempotent {@code acks=all} producer, wait for the acknowledgements, set {@code
 * published_at} on the acknowledged rows and {@code attempts}/{@code last_error} on the others, commit. It loops at once
 * while batches come back full, otherwise it sleeps {@code poll-interval} (a local commit wakes it earlier). After a
 * failure it backs off exponentially and starts again from the oldest unpublished row.
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li>Committed rows are published at least once, also across crashes: a row is only marked after the broker
 *       acknowledged it, so a crash in between re-sends it with the same event id (consumers deduplicate).
 *   <li>Rolled-back rows are never published.
 *   <li>Rows are sent in {@code (created_at, id)} order; {@code created_at} is the insert time ({@code
 *       clock_timestamp()}), so events of one entity keep the order in which they were written.
 * </ul>
 *
 * <h2>Operating</h2>
 *
 * {@link io.mnemos.messaging.outbox.OutboxMetrics} exposes published/failed counts, the publish latency and the backlog;
 * {@link io.mnemos.messaging.outbox.OutboxHealthIndicator} turns DOWN when the oldest unpublished row is too old.
 * Published rows are deleted after {@code mnemos.messaging.outbox.retention}.
 */
package io.mnemos.messaging.outbox;

/**
 * Reliable event publishing and consumption over Kafka for Mnemos services.
 *
 * <ul>
 *   <li>{@link io.mnemos.messaging.outbox}: a transactional outbox. A service writes its state change and the event in
 *       one PostgreSQL transaction; a relay publishes the event to Kafka afterwards (at least once, in order).
 *   <li>{@link io.mnemos.messaging.consumer}: idempotent consumption. The event id is recorded in the same transaction
 *       as the consumer's effects, so a redelivered event changes nothing.
 *   <li>{@link io.mnemos.messaging.kafka}: Kafka client defaults and the dead-lettering listener error handler.
 * </ul>
 *
 * <p>Everything is wired by Spring Boot auto-configuration and configured under {@code mnemos.messaging.*} (see {@link
 * io.mnemos.messaging.MessagingProperties}); Kafka connection settings come from {@code spring.kafka.*}. The module
 * creates its own tables with a Flyway instance of its own.
 */
package io.mnemos.messaging;

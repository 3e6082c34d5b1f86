/**
 * Kafka plumbing shared by Mnemos services: client defaults ({@link io.mnemos.messaging.kafka.KafkaClientDefaults})
 * applied to Spring Boot's {@code spring.kafka.*} clients, and the dead-lettering listener error handler ({@link
 * io.mnemos.messaging.kafka.DeadLetterErrorHandlers}).
 */
package io.mnemos.messaging.kafka;

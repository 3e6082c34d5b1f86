package io.mnemos.messaging;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of mnemos-messaging ({@code mnemos.messaging.*}). Kafka connection settings are not here: they come
 * from Spring Boot's {@code spring.kafka.*} (e.g. {@code SPRING_KAFKA_BOOTSTRAP_SERVERS}).
 *
 * @param schema   where the messaging tables live and whether the module migrates them
 * @param outbox   the transactional outbox and its relay
 * @param consumer idempotent consumers and the listener error handling
 * @param topics   topic declaration at startup
 */
@ConfigurationProperties("mnemos.messaging")
public record MessagingProperties(
        @DefaultValue Schema schema,
        @DefaultValue Outbox outbox,
        @DefaultValue Consumer consumer,
        @DefaultValue Topics topics) {

    /**
     * The database schema of the messaging tables ({@code outbox_event}, {@code processed_event}).
     *
     * @param migrate      whether to apply the module's migrations ({@code classpath:db/mnemos-messaging}) at startup,
     *                     with a Flyway instance of its own that runs after the service's Flyway
     * @param name         schema holding the tables; empty means {@code spring.flyway.default-schema}, else the first
     *                     of {@code spring.flyway.schemas}, else the data source's current schema
     * @param historyTable Flyway history table of the messaging migrations, kept apart from the service's
     */
    public record Schema(
            @DefaultValue("true") boolean migrate,
            String name,
            @DefaultValue("mnemos_messaging_schema_history") String historyTable) {
        public Schema {
            requireText(historyTable, "mnemos.messaging.schema.history-table");
        }
    }

    /**
     * The transactional outbox.
     *
     * @param relay            the relay that publishes outbox rows to Kafka
     * @param retention        how long published rows are kept before they are deleted
     * @param cleanupInterval  how often published rows past their retention (and old processed-event ids) are deleted
     * @param maxBacklogAge    age of the oldest unpublished row above which the {@code outbox} health indicator reports
     *                         DOWN
     */
    public record Outbox(
            @DefaultValue Relay relay,
            @DefaultValue("1d") Duration retention,
            @DefaultValue("5m") Duration cleanupInterval,
            @DefaultValue("5m") Duration maxBacklogAge) {
        public Outbox {
            requirePositive(retention, "mnemos.messaging.outbox.retention");
            requirePositive(cleanupInterval, "mnemos.messaging.outbox.cleanup-interval");
            requirePositive(maxBacklogAge, "mnemos.messaging.outbox.max-backlog-age");
        }
    }

    /**
     * The outbox relay.
     *
     * @param enabled        whether this instance runs a relay; off, rows are written but only another instance (or a
     *                       later start) publishes them
     * @param pollInterval   how long the relay waits between polls when the outbox is empty (a commit on this instance
     *                       wakes it at once)
     * @param batchSize      rows locked, sent and marked published per transaction
     * @param sendTimeout    how long a batch waits for the broker's acknowledgements before counting the rest as failed
     * @param backoffInitial wait after a failed batch before the next try; doubles per consecutive failure
     * @param backoffMax     upper bound of that wait
     * @param exclusive      only one relay per schema publishes at a time (a PostgreSQL advisory lock), so records of a
     *                       key keep their order even with several service instances; off, instances share the backlog
     *                       with {@code SKIP LOCKED} and order holds per batch only
     */
    public record Relay(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("50ms") Duration pollInterval,
            @DefaultValue("500") int batchSize,
            @DefaultValue("30s") Duration sendTimeout,
            @DefaultValue("500ms") Duration backoffInitial,
            @DefaultValue("30s") Duration backoffMax,
            @DefaultValue("true") boolean exclusive) {
        public Relay {
            requirePositive(pollInterval, "mnemos.messaging.outbox.relay.poll-interval");
            requirePositive(sendTimeout, "mnemos.messaging.outbox.relay.send-timeout");
            requirePositive(backoffInitial, "mnemos.messaging.outbox.relay.backoff-initial");
            requirePositive(backoffMax, "mnemos.messaging.outbox.relay.backoff-max");
            if (batchSize < 1 || batchSize > 10_000) {
                throw new IllegalArgumentException(
                        "mnemos.messaging.outbox.relay.batch-size must be in [1, 10000], was " + batchSize);
            }
        }
    }

    /**
     * Idempotent consumers and the error handling of {@code @KafkaListener} containers.
     *
     * @param retry                retries of retriable failures before a record goes to its dead-letter topic
     * @param processedRetention   how long processed-event ids are kept for deduplication; keep it above the topics'
     *                             retention so that a replay from the earliest offset is still recognised
     * @param errorHandler         whether to register the dead-lettering error handler for the listener containers
     */
    public record Consumer(
            @DefaultValue Retry retry,
            @DefaultValue("14d") Duration processedRetention,
            @DefaultValue("true") boolean errorHandler) {
        public Consumer {
            requirePositive(processedRetention, "mnemos.messaging.consumer.processed-retention");
        }
    }

    /**
     * Exponential backoff for retriable listener failures. Non-retriable ones (invalid events, {@link
     * NonRetriableEventException}, {@link IllegalArgumentException}, JSON and validation errors) go to the dead-letter
     * topic on the first failure.
     *
     * @param maxRetries      retries after the first attempt
     * @param initialInterval wait before the first retry
     * @param multiplier      factor applied to the wait after each retry
     * @param maxInterval     upper bound of the wait
     */
    public record Retry(
            @DefaultValue("3") int maxRetries,
            @DefaultValue("500ms") Duration initialInterval,
            @DefaultValue("2.0") double multiplier,
            @DefaultValue("5s") Duration maxInterval) {
        public Retry {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("mnemos.messaging.consumer.retry.max-retries must be >= 0");
            }
            if (multiplier < 1.0) {
                throw new IllegalArgumentException("mnemos.messaging.consumer.retry.multiplier must be >= 1.0");
            }
            requirePositive(initialInterval, "mnemos.messaging.consumer.retry.initial-interval");
            requirePositive(maxInterval, "mnemos.messaging.consumer.retry.max-interval");
        }
    }

    /**
     * Topic declaration. With {@code create} on, the platform's topics ({@code io.mnemos.contracts.Topics#all()}) and
     * their dead-letter topics are created at startup if missing (existing topics are left alone), so that dead-lettering
     * works on brokers that do not auto-create topics.
     *
     * @param create            whether to declare the topics
     * @param partitions        partitions of each created topic
     * @param replicationFactor replication factor of each created topic; -1 means the broker's default
     */
    public record Topics(
            @DefaultValue("true") boolean create,
            @DefaultValue("" + io.mnemos.contracts.Topics.DEFAULT_PARTITIONS) int partitions,
            @DefaultValue("-1") short replicationFactor) {
        public Topics {
            if (partitions < 1) {
                throw new IllegalArgumentException("mnemos.messaging.topics.partitions must be >= 1");
            }
        }
    }

    private static void requirePositive(Duration d, String key) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration, was " + d);
        }
    }

    private static void requireText(String s, String key) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(key + " must not be blank");
        }
    }
}

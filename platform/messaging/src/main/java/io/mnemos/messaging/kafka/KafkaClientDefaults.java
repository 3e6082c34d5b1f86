package io.mnemos.messaging.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Kafka client settings Mnemos relies on. They are applied as defaults to the clients Spring Boot builds from
 * {@code spring.kafka.*}: a key set there explicitly wins. The outbox relay's own producer always uses {@link
 * #RELAY_PRODUCER_OVERRIDES}.
 */
public final class KafkaClientDefaults {
    /**
     * Consumers: see only committed records of transactional producers, commit offsets through the listener container
     * (after processing) rather than on a timer, and read keys and values as strings (envelopes are JSON).
     */
    public static final Map<String, Object> CONSUMER = Map.of(
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class);

    /** Producers: idempotent, acknowledged by all in-sync replicas, strings. */
    public static final Map<String, Object> PRODUCER = Map.of(
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            StringSerializer.class);

    /** Enforced on the outbox relay's producer whatever {@code spring.kafka.producer.*} says. */
    public static final Map<String, Object> RELAY_PRODUCER_OVERRIDES = PRODUCER;

    private KafkaClientDefaults() {}

    /** The entries of {@code defaults} whose keys {@code configured} does not set. */
    public static Map<String, Object> missing(Map<String, Object> configured, Map<String, Object> defaults) {
        Map<String, Object> add = new HashMap<>();
        defaults.forEach((k, v) -> {
            if (!configured.containsKey(k)) {
                add.put(k, v);
            }
        });
        return add;
    }
}

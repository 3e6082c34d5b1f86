package io.mnemos.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnemos.contracts.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerIT {

    @Test
    void recordsSurviveARestartOnTheSameDataDir(@TempDir Path dir) throws Exception {
        String value = "hello-" + UUID.randomUUID();
        String firstBootstrap;
        try (KafkaBroker broker = KafkaBroker.start(dir, 0)) {
            firstBootstrap = broker.bootstrapServers();
            System.out.printf(
                    "first start (format + topics): %d ms%n",
                    broker.startupTime().toMillis());
            assertPlatformTopicsHaveThreePartitions(broker.bootstrapServers());
            try (var producer = new KafkaProducer<String, String>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    broker.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG,
                    "all",
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                    StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                    StringSerializer.class))) {
                producer.send(new ProducerRecord<>(Topics.MEMORY_EVENTS, Topics.key("t1", "s1"), value))
                        .get(30, TimeUnit.SECONDS);
            }
        }
        String clusterId = Files.readString(dir.resolve("meta.properties"));

        try (KafkaBroker broker = KafkaBroker.start(dir, 0)) {
            System.out.printf(
                    "restart (existing data): %d ms%n", broker.startupTime().toMillis());
            assertThat(Files.readString(dir.resolve("meta.properties")))
                    .as("storage is reused, not formatted again")
                    .isEqualTo(clusterId);
            assertThat(broker.bootstrapServers()).isNotEqualTo(firstBootstrap); // a new free port, same data
            assertThat(consumeAll(broker.bootstrapServers(), Topics.MEMORY_EVENTS, 1))
                    .extracting(ConsumerRecord::value)
                    .containsExactly(value);
        }
    }

    private static void assertPlatformTopicsHaveThreePartitions(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Map<String, TopicDescription> topics = admin.describeTopics(KafkaBroker.platformTopics())
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            assertThat(topics).hasSize(2 * Topics.all().size());
            assertThat(topics.values())
                    .allSatisfy(t -> assertThat(t.partitions()).hasSize(3));
        }
    }

    static List<ConsumerRecord<String, String>> consumeAll(String bootstrap, String topic, int expected) {
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            return records;
        }
    }
}

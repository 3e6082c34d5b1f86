package io.mnemos.gateway.support;

import io.mnemos.testsupport.TestInfra;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Consumer groups in the real test Kafka ({@link TestInfra#kafkaBootstrap()}) with a known lag. */
public final class KafkaFixtures {
    private KafkaFixtures() {}

    /** A one-partition topic with {@code records} records and {@code group}'s committed offset at {@code committed}. */
    public static void committedBehind(String topic, String group, int records, long committed) throws Exception {
        Map<String, Object> common = Map.of("bootstrap.servers", TestInfra.kafkaBootstrap());
        try (Admin admin = Admin.create(common)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        Map<String, Object> producer = new HashMap<>(common);
        producer.put("key.serializer", StringSerializer.class.getName());
        producer.put("value.serializer", StringSerializer.class.getName());
        try (var p = new KafkaProducer<String, String>(producer)) {
            for (int i = 0; i < records; i++) {
                p.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get();
            }
        }
        commit(topic, group, committed);
    }

    /** Moves {@code group}'s committed offset on partition 0 of {@code topic} (the group must have no members). */
    public static void commit(String topic, String group, long offset) {
        Map<String, Object> consumer = new HashMap<>();
        consumer.put("bootstrap.servers", TestInfra.kafkaBootstrap());
        consumer.put("group.id", group);
        consumer.put("key.deserializer", StringDeserializer.class.getName());
        consumer.put("value.deserializer", StringDeserializer.class.getName());
        try (var c = new KafkaConsumer<String, String>(consumer)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.commitSync(Map.of(tp, new OffsetAndMetadata(offset)));
        }
    }
}

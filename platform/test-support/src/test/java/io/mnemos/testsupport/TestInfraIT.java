package io.mnemos.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnemos.contracts.Topics;
import io.mnemos.devstack.JdbcSettings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class TestInfraIT {

    @Test
    void producesAndConsumesThroughTheBroker() throws Exception {
        String bootstrap = TestInfra.kafkaBootstrap();
        assertThat(TestInfra.kafkaBootstrap()).isSameAs(bootstrap); // once per JVM
        String key = Topics.key("tenant-" + UUID.randomUUID(), "session-1");
        String value = "turn " + UUID.randomUUID();
        int partition;
        long offset;
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            var meta = producer.send(new ProducerRecord<>(Topics.CONVERSATION_TURNS, key, value))
                    .get(30, TimeUnit.SECONDS);
            partition = meta.partition();
            offset = meta.offset();
        }
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "test-support-it-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class))) {
            TopicPartition tp = new TopicPartition(Topics.CONVERSATION_TURNS, partition);
            consumer.assign(List.of(tp));
            consumer.seek(tp, offset);
            List<ConsumerRecord<String, String>> got = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (got.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(got::add);
            }
            assertThat(got).first().satisfies(r -> {
                assertThat(r.key()).isEqualTo(key);
                assertThat(r.value()).isEqualTo(value);
            });
        }
    }

    @Test
    void runsSqlInAFreshSchema() throws Exception {
        JdbcSettings db = TestInfra.jdbc();
        assertThat(TestInfra.jdbc()).isSameAs(db);
        String schema = TestInfra.freshSchema("Test-Support IT");
        assertThat(schema).startsWith("test_support_it_");
        try (Connection c = db.withCurrentSchema(schema).connect();
                Statement s = c.createStatement()) {
            s.execute("create table note(id int primary key, body text)");
            s.execute("insert into note values (1, 'remember this')");
            try (ResultSet rs = s.executeQuery("select body, current_schema() from note where id = 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("remember this");
                assertThat(rs.getString(2)).isEqualTo(schema);
            }
        }
    }

    @Test
    void createsAnIsolatedDatabase() throws Exception {
        JdbcSettings db = TestInfra.createDatabase("flyway");
        assertThat(db.database())
                .startsWith("flyway_")
                .isNotEqualTo(TestInfra.jdbc().database());
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "select current_database(), count(*) from information_schema.tables where table_schema = 'public'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(db.database());
            assertThat(rs.getInt(2)).isZero();
        }
    }
}

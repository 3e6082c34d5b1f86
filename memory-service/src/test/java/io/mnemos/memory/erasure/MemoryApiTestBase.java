package io.mnemos.memory.erasure;

import io.mnemos.contracts.EventCodec;
import io.mnemos.contracts.EventEnvelope;
import io.mnemos.contracts.Topics;
import io.mnemos.devstack.JdbcSettings;
import io.mnemos.testsupport.TestInfra;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real memory-service on a random port against a fresh PostgreSQL database, the real Kafka broker and the real
 * int8 MiniLM. Every IT of the memory API extends this class unchanged, so they share one Spring context (and one model
 * load) per test JVM. Each test uses fresh random tenants, so tests do not see each other's data.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "mnemos.messaging.outbox.relay.poll-interval=20ms",
            "spring.kafka.consumer.auto-offset-reset=earliest",
            "spring.datasource.hikari.maximum-pool-size=6"
        })
public abstract class MemoryApiTestBase {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        JdbcSettings db = TestInfra.createDatabase("memory_api_it");
        registry.add("spring.datasource.url", db::url);
        registry.add("spring.datasource.username", db::user);
        registry.add("spring.datasource.password", () -> db.password() == null ? "" : db.password());
        registry.add("spring.kafka.bootstrap-servers", TestInfra::kafkaBootstrap);
        registry.add("mnemos.security.internal-secret", () -> MemoryApi.SECRET);
        String dataDir = tempDir();
        registry.add("mnemos.data-dir", () -> dataDir);
    }

    private static String tempDir() {
        try {
            return java.nio.file.Files.createTempDirectory("memory-api-it").toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @LocalServerPort
    protected int port;

    protected MemoryApi api;

    @BeforeEach
    void client() {
        api = new MemoryApi(port);
    }

    protected static String tenant() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected static String json(Object o) {
        return MemoryApi.JSON.writeValueAsString(o);
    }

    /**
     * Reads {@code memory.events} from the start until events of {@code tenant} matching {@code filter} have arrived
     * ({@code count} of them), or 60 s pass.
     */
    protected static List<EventEnvelope> awaitEvents(String tenant, int count, Predicate<EventEnvelope> filter) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "memory-api-it-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        EventCodec codec = new EventCodec();
        List<EventEnvelope> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(Topics.MEMORY_EVENTS));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && found.size() < count) {
                for (ConsumerRecord<String, String> rec : consumer.poll(Duration.ofMillis(500))) {
                    EventEnvelope e = codec.fromJson(rec.value());
                    if (e.tenant().equals(tenant) && filter.test(e)) {
                        found.add(e);
                    }
                }
            }
        }
        return found;
    }
}

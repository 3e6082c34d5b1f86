package io.mnemos.messaging.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mnemos.contracts.EventCodec;
import io.mnemos.contracts.Topics;
import io.mnemos.contracts.events.TurnStored;
import io.mnemos.messaging.MessagingProperties;
import io.mnemos.messaging.internal.MessagingDatabase;
import io.mnemos.messaging.outbox.Outbox;
import io.mnemos.messaging.outbox.OutboxBacklog;
import io.mnemos.messaging.outbox.OutboxMetrics;
import io.mnemos.messaging.outbox.OutboxRelay;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rough relay throughput and latency on this machine. Off by default; run with {@code -Dmnemos.bench=true}:
 *
 * <pre>./mvnw -pl platform/messaging verify -Dmnemos.bench=true -Dit.test=OutboxRelayBenchIT</pre>
 */
@EnabledIfSystemProperty(named = "mnemos.bench", matches = "true")
class OutboxRelayBenchIT {
    private static String schema;
    private static ConfigurableApplicationContext ctx;

    @BeforeAll
    static void start() {
        schema = ItInfra.freshSchema("it_bench");
        ctx = TestApp.start(
                schema, List.of(), "mnemos.messaging.outbox.relay.enabled=false", "logging.level.io.mnemos=WARN");
    }

    @AfterAll
    static void stop() {
        if (ctx != null) {
            ctx.close();
        }
        ItInfra.dropSchema(schema);
    }

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private OutboxRelay relay(MessagingProperties.Relay config) {
        DefaultKafkaProducerFactory<String, String> producers = new DefaultKafkaProducerFactory<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        ItInfra.kafkaBootstrap(),
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true),
                new StringSerializer(),
                new StringSerializer());
        MessagingDatabase db = ctx.getBean(MessagingDatabase.class);
        return new OutboxRelay(
                db,
                new KafkaTemplate<>(producers),
                producers::reset,
                config,
                new OutboxMetrics(registry, new OutboxBacklog(db)));
    }

    @Test
    void drainsABacklog() {
        Outbox outbox = ctx.getBean(Outbox.class);
        TransactionTemplate tx = ctx.getBean(TransactionTemplate.class);
        JdbcTemplate jdbc = ctx.getBean(JdbcTemplate.class);
        int n = 20_000;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i += 500) {
            int from = i;
            tx.executeWithoutResult(s -> {
                for (int j = from; j < from + 500; j++) {
                    outbox.publish(
                            new TurnStored(UUID.randomUUID(), UUID.randomUUID(), "u", j, j), "bench", "s" + (j % 64));
                }
            });
        }
        double writeSeconds = (System.nanoTime() - t0) / 1e9;

        OutboxRelay relay =
                relay(ctx.getBean(MessagingProperties.class).outbox().relay());
        long t1 = System.nanoTime();
        relay.start();
        try {
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofMinutes(5))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> jdbc.queryForObject(
                                    "SELECT count(*) FROM outbox_event WHERE published_at IS NULL", Integer.class)
                            == 0);
        } finally {
            relay.stop();
        }
        double relaySeconds = (System.nanoTime() - t1) / 1e9;
        System.out.printf(
                "BENCH outbox write: %d events in %.2f s = %.0f/s (500 per transaction)%n",
                n, writeSeconds, n / writeSeconds);
        System.out.printf(
                "BENCH relay drain: %d events in %.2f s = %.0f/s (batch %d)%n",
                n,
                relaySeconds,
                n / relaySeconds,
                ctx.getBean(MessagingProperties.class).outbox().relay().batchSize());
    }

    @Test
    void commitToConsumerLatency() {
        OutboxRelay relay =
                relay(ctx.getBean(MessagingProperties.class).outbox().relay());
        relay.start();
        try {
            measure(relay, true);
            measure(relay, false);
        } finally {
            relay.stop();
        }
    }

    /** Sequential single-event transactions; each waits until a consumer sees its record. */
    private void measure(OutboxRelay relay, boolean wake) {
        Outbox outbox = ctx.getBean(Outbox.class);
        TransactionTemplate tx = ctx.getBean(TransactionTemplate.class);
        EventCodec codec = new EventCodec();
        String tenant = "bench-" + UUID.randomUUID();
        int n = 300;
        int warmUp = 50;
        try (KafkaProbe probe = KafkaProbe.fromEnd(Topics.MEMORY_EVENTS)) {
            long[] micros = new long[n - warmUp];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                int seq = i;
                tx.executeWithoutResult(s -> outbox.publish(
                        new TurnStored(UUID.randomUUID(), UUID.randomUUID(), "u", seq, seq), tenant, "s"));
                if (wake) {
                    relay.wakeUp(); // what a service's own relay gets from the outbox's after-commit hook
                }
                List<ConsumerRecord<String, String>> got =
                        probe.await(r -> r.key().startsWith(tenant + ":"), 1, Duration.ofSeconds(10));
                long us = (System.nanoTime() - t0) / 1000;
                if (i >= warmUp) {
                    micros[i - warmUp] = us;
                }
                assertThat(got).hasSize(1);
                assertThat(codec.payload(codec.fromJson(got.getFirst().value()), TurnStored.class)
                                .sequence())
                        .isEqualTo(i);
            }
            Arrays.sort(micros);
            System.out.println("BENCH relay insert->ack timer so far: "
                    + registry.get("mnemos.outbox.publish.latency").timer().takeSnapshot());
            System.out.printf(
                    "BENCH commit->consumer latency, %s (n=%d after %d warm-up): p50 %.1f ms, p90 %.1f ms,"
                            + " p99 %.1f ms, max %.1f ms%n",
                    wake ? "woken by the commit" : "polling every 20 ms",
                    micros.length,
                    warmUp,
                    micros[micros.length / 2] / 1000.0,
                    micros[(int) (micros.length * 0.9)] / 1000.0,
                    micros[(int) (micros.length * 0.99)] / 1000.0,
                    micros[micros.length - 1] / 1000.0);
        }
    }
}

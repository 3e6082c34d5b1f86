package io.mnemos.messaging.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnemos.contracts.EventCodec;
import io.mnemos.contracts.EventEnvelope;
import io.mnemos.contracts.Topics;
import io.mnemos.contracts.events.TurnStored;
import io.mnemos.messaging.MessagingProperties;
import io.mnemos.messaging.consumer.IdempotentConsumer;
import io.mnemos.messaging.internal.MessagingDatabase;
import io.mnemos.messaging.outbox.JdbcOutbox;
import io.mnemos.messaging.outbox.OutboxMetrics;
import io.mnemos.messaging.outbox.OutboxRelay;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Crashes around the outbox: nothing committed is lost, nothing delivered twice changes state twice. */
class CrashRecoveryIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final EventCodec codec = new EventCodec();
    private static String schema;

    @BeforeAll
    static void schema() {
        schema = ItInfra.freshSchema("it_crash");
    }

    @AfterAll
    static void drop() {
        ItInfra.dropSchema(schema);
    }

    @Test
    void anEventCommittedBeforeACrashIsDeliveredAfterTheRestart() {
        String tenant = "t-" + UUID.randomUUID();
        EventEnvelope written;
        try (KafkaProbe probe = KafkaProbe.fromEnd(Topics.MEMORY_EVENTS)) {
            // 1st life: the relay is not running, the transaction commits, then the process "crashes".
            try (ConfigurableApplicationContext first =
                    TestApp.start(schema, List.of(), "mnemos.messaging.outbox.relay.enabled=false")) {
                JdbcOutbox outbox = first.getBean(JdbcOutbox.class);
                written = first.getBean(TransactionTemplate.class)
                        .execute(s -> outbox.append(
                                new TurnStored(UUID.randomUUID(), UUID.randomUUID(), "u", 1, 1), tenant, "s1"));
                assertThat(first.getBeanProvider(OutboxRelay.class).getIfAvailable())
                        .isNull();
                assertThat(unpublished(first.getBean(JdbcTemplate.class), written.id()))
                        .isTrue();
            }
            assertThat(probe.collect(r -> r.key().startsWith(tenant + ":"), Duration.ofSeconds(1)))
                    .isEmpty();

            // 2nd life: a new context (same schema) with its relay delivers the committed event.
            try (ConfigurableApplicationContext second = TestApp.start(schema, List.of())) {
                List<ConsumerRecord<String, String>> got =
                        probe.await(r -> r.key().startsWith(tenant + ":"), 1, WAIT);
                assertThat(got).hasSize(1);
                assertThat(codec.fromJson(got.getFirst().value()).id()).isEqualTo(written.id());
                JdbcTemplate jdbc = second.getBean(JdbcTemplate.class);
                org.awaitility.Awaitility.await().atMost(WAIT).until(() -> !unpublished(jdbc, written.id()));
            }
        }
    }

    @Test
    void aCrashAfterTheBrokerAckButBeforeTheMarkResendsTheEventAndTheConsumerAppliesItOnce() {
        String tenant = "t-" + UUID.randomUUID();
        try (KafkaProbe probe = KafkaProbe.fromEnd(Topics.MEMORY_EVENTS);
                ConfigurableApplicationContext ctx =
                        TestApp.start(schema, List.of(), "mnemos.messaging.outbox.relay.enabled=false")) {
            JdbcOutbox outbox = ctx.getBean(JdbcOutbox.class);
            TransactionTemplate tx = ctx.getBean(TransactionTemplate.class);
            EventEnvelope written = tx.execute(
                    s -> outbox.append(new TurnStored(UUID.randomUUID(), UUID.randomUUID(), "u", 1, 1), tenant, "s1"));

            // A relay whose first batch dies after every record was acknowledged but before its transaction commits.
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
            AtomicBoolean crashed = new AtomicBoolean();
            KafkaTemplate<String, String> crashingOnce = new KafkaTemplate<>(producers) {
                @Override
                public void flush() {
                    super.flush(); // every record of the batch is acknowledged now
                    if (crashed.compareAndSet(false, true)) {
                        throw new IllegalStateException("simulated crash before the outbox rows are marked");
                    }
                }
            };
            OutboxRelay relay = new OutboxRelay(
                    ctx.getBean(MessagingDatabase.class),
                    crashingOnce,
                    producers::reset,
                    ctx.getBean(MessagingProperties.class).outbox().relay(),
                    ctx.getBean(OutboxMetrics.class));
            relay.start();
            try {
                List<ConsumerRecord<String, String>> got =
                        probe.await(r -> r.key().startsWith(tenant + ":"), 2, WAIT);
                assertThat(crashed).isTrue();
                assertThat(got).hasSize(2);
                assertThat(got)
                        .allSatisfy(
                                r -> assertThat(codec.fromJson(r.value()).id()).isEqualTo(written.id()));
                JdbcTemplate jdbc = ctx.getBean(JdbcTemplate.class);
                org.awaitility.Awaitility.await().atMost(WAIT).until(() -> !unpublished(jdbc, written.id()));

                // The consumer side absorbs the duplicate.
                IdempotentConsumer consumer = ctx.getBean(IdempotentConsumer.class);
                String counter = "crash-" + tenant;
                jdbc.update("INSERT INTO it_counter (name, value) VALUES (?, 0)", counter);
                List<Boolean> outcomes = got.stream()
                        .map(r -> consumer.process(
                                "it.crash",
                                r,
                                e -> jdbc.update("UPDATE it_counter SET value = value + 1 WHERE name = ?", counter)))
                        .toList();
                assertThat(outcomes).containsExactly(true, false);
                assertThat(jdbc.queryForObject("SELECT value FROM it_counter WHERE name = ?", Integer.class, counter))
                        .isEqualTo(1);
            } finally {
                relay.stop();
            }
        }
    }

    private static boolean unpublished(JdbcTemplate jdbc, UUID id) {
        return Boolean.TRUE.equals(
                jdbc.queryForObject("SELECT published_at IS NULL FROM outbox_event WHERE id = ?", Boolean.class, id));
    }
}

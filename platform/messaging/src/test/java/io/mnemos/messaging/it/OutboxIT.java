package io.mnemos.messaging.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.mnemos.contracts.EventCodec;
import io.mnemos.contracts.EventEnvelope;
import io.mnemos.contracts.Topics;
import io.mnemos.contracts.events.TurnStored;
import io.mnemos.messaging.internal.MessagingHousekeeping;
import io.mnemos.messaging.outbox.JdbcOutbox;
import io.mnemos.messaging.outbox.Outbox;
import io.mnemos.messaging.outbox.OutboxHealthIndicator;
import io.mnemos.messaging.outbox.OutboxRelay;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

/** The outbox against a real PostgreSQL and Kafka: commit publishes, rollback never does, order holds. */
class OutboxIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static String schema;
    private static ConfigurableApplicationContext ctx;
    private static Outbox outbox;
    private static TransactionTemplate tx;
    private static JdbcTemplate jdbc;
    private static final EventCodec codec = new EventCodec();

    @BeforeAll
    static void start() {
        schema = ItInfra.freshSchema("it_outbox");
        ctx = TestApp.start(schema, List.of());
        outbox = ctx.getBean(Outbox.class);
        tx = ctx.getBean(TransactionTemplate.class);
        jdbc = ctx.getBean(JdbcTemplate.class);
    }

    @AfterAll
    static void stop() {
        if (ctx != null) {
            ctx.close();
        }
        ItInfra.dropSchema(schema);
    }

    private static TurnStored turn(long sequence) {
        return new TurnStored(UUID.randomUUID(), UUID.randomUUID(), "user-1", sequence, sequence + 1);
    }

    private static String tenant() {
        return "t-" + UUID.randomUUID();
    }

    @Test
    void messagingTablesLiveBesideTheServicesOwnInTheServiceSchema() {
        List<String> tables = jdbc.queryForList(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = ? ORDER BY table_name",
                String.class,
                schema);
        assertThat(tables)
                .contains(
                        "flyway_schema_history",
                        "it_counter",
                        "mnemos_messaging_schema_history",
                        "outbox_event",
                        "processed_event");
    }

    @Test
    void anEventPublishedInACommittedTransactionArrivesWithItsKeyTypeAndEnvelope() {
        String tenant = tenant();
        TurnStored payload = turn(7);
        try (KafkaProbe probe = KafkaProbe.fromEnd(Topics.MEMORY_EVENTS)) {
            MDC.put("traceId", "trace-abc");
            EventEnvelope written;
            try {
                written = tx.execute(s -> ((JdbcOutbox) outbox).append(payload, tenant, "session-1"));
            } finally {
                MDC.remove("traceId");
            }

            List<ConsumerRecord<String, String>> got = probe.await(r -> r.key().startsWith(tenant + ":"), 1, WAIT);

            assertThat(got).hasSize(1);
            ConsumerRecord<String, String> record = got.getFirst();
            assertThat(record.key()).isEqualTo(tenant + ":session-1");
            assertThat(new String(
                            record.headers()
                                    .lastHeader(OutboxRelay.EVENT_TYPE_HEADER)
                                    .value(),
                            StandardCharsets.UTF_8))
                    .isEqualTo("memory.turn.stored");
            EventEnvelope received = codec.fromJson(record.value());
            assertThat(received.id()).isEqualTo(written.id());
            assertThat(received.type()).isEqualTo("memory.turn.stored");
            assertThat(received.schemaVersion()).isEqualTo(1);
            assertThat(received.tenant()).isEqualTo(tenant);
            assertThat(received.key()).isEqualTo(tenant + ":session-1");
            assertThat(received.traceId()).isEqualTo("trace-abc");
            assertThat(codec.payload(received, TurnStored.class)).isEqualTo(payload);
        }
        Integer unpublished = jdbc.queryForObject(
                "SELECT count(*) FROM outbox_event WHERE record_key = ? AND published_at IS NULL",
                Integer.class,
                tenant + ":session-1");
        assertThat(unpublished).isZero();
    }

    @Test
    void anEventPublishedInARolledBackTransactionIsNeverSent() {
        String tenant = tenant();
        try (KafkaProbe probe = KafkaProbe.fromEnd(Topics.MEMORY_EVENTS)) {
            List<UUID> rolledBack = new ArrayList<>();
            assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
                        rolledBack.add(((JdbcOutbox) outbox)
                                .append(turn(1), tenant, "session-1")
                                .id());
                        throw new IllegalStateException("business failure");
                    }))
                    .hasMessage("business failure");
            // A later committed event with the same key lands on the same partition after where the rolled-back one
            // would have been: once it is there, the rolled-back one can no longer come.
            tx.executeWithoutResult(s -> outbox.publish(turn(2), tenant, "session-1"));

            List<ConsumerRecord<String, String>> got = probe.await(r -> r.key().startsWith(tenant + ":"), 1, WAIT);
            got.addAll(probe.collect(r -> r.key().startsWith(tenant + ":"), Duration.ofMillis(500)));

            assertThat(got).hasSize(1);
            assertThat(codec.payload(codec.fromJson(got.getFirst().value()), TurnStored.class)
                            .sequence())
                    .isEqualTo(2);
            assertThat(jdbc.queryForObject(
                            "SELECT count(*) FROM outbox_event WHERE id = ?", Integer.class, rolledBack.getFirst()))
                    .isZero();
        }
    }

    @Test
    void publishingOutsideATransactionFailsClearlyAndWritesNothing() {
        String tenant = tenant();
        assertThatThrownBy(() -> outbox.publish(turn(1), tenant, "session-1"))
                .isInstanceOf(IllegalTransactionStateException.class)
                .hasMessageContaining("inside the caller's transaction")
                .hasMessageContaining("MANDATORY");
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM outbox_event WHERE record_key = ?", Integer.class, tenant + ":session-1"))
                .isZero();
    }

    @Test
    void eventsOfOneKeyArriveInTheOrderTheyWereWritten() {
        String tenant = tenant();
        int n = 60;
        try (KafkaProbe probe = KafkaProbe.fromEnd(Topics.MEMORY_EVENTS)) {
            for (int i = 0; i < n; i += 3) {
                int first = i;
                // some transactions write one event, some several
                tx.executeWithoutResult(s -> {
                    for (int j = first; j < first + 3; j++) {
                        outbox.publish(turn(j), tenant, "session-1");
                    }
                });
            }
            List<ConsumerRecord<String, String>> got = probe.await(r -> r.key().startsWith(tenant + ":"), n, WAIT);
            assertThat(got)
                    .extracting(r -> codec.payload(codec.fromJson(r.value()), TurnStored.class)
                            .sequence())
                    .containsExactlyElementsOf(
                            java.util.stream.LongStream.range(0, n).boxed().toList());
        }
    }

    @Test
    void metricsAndHealthReportThePublishedEventsAndAnEmptyBacklog() {
        String tenant = tenant();
        try (KafkaProbe probe = KafkaProbe.fromEnd(Topics.MEMORY_EVENTS)) {
            tx.executeWithoutResult(s -> outbox.publish(turn(1), tenant, "session-1"));
            assertThat(probe.await(r -> r.key().startsWith(tenant + ":"), 1, WAIT))
                    .hasSize(1);
        }
        MeterRegistry registry = ctx.getBean(MeterRegistry.class);
        assertThat(registry.get("mnemos.outbox.published")
                        .tag("topic", Topics.MEMORY_EVENTS)
                        .counter()
                        .count())
                .isGreaterThanOrEqualTo(1);
        assertThat(registry.get("mnemos.outbox.publish.latency").timer().count())
                .isGreaterThanOrEqualTo(1);
        assertThat(registry.get("mnemos.outbox.backlog").gauge()).isNotNull();

        Health health = ctx.getBean(OutboxHealthIndicator.class).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsKeys("backlog", "oldestAgeMs").containsEntry("relayRunning", true);
    }

    @Test
    void publishedRowsAreDeletedAfterTheRetention() {
        String tenant = tenant();
        try (KafkaProbe probe = KafkaProbe.fromEnd(Topics.MEMORY_EVENTS)) {
            tx.executeWithoutResult(s -> outbox.publish(turn(1), tenant, "old"));
            tx.executeWithoutResult(s -> outbox.publish(turn(2), tenant, "recent"));
            assertThat(probe.await(r -> r.key().startsWith(tenant + ":"), 2, WAIT))
                    .hasSize(2);
        }
        jdbc.update(
                "UPDATE outbox_event SET published_at = now() - interval '2 days' WHERE record_key = ?",
                tenant + ":old");

        ctx.getBean(MessagingHousekeeping.class).cleanUp();

        assertThat(jdbc.queryForList(
                        "SELECT record_key FROM outbox_event WHERE record_key LIKE ?", String.class, tenant + ":%"))
                .containsExactly(tenant + ":recent");
    }
}

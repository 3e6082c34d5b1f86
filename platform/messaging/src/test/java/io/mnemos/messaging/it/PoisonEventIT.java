package io.mnemos.messaging.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.mnemos.contracts.EventCodec;
import io.mnemos.contracts.EventEnvelope;
import io.mnemos.contracts.Ids;
import io.mnemos.contracts.events.TurnStored;
import io.mnemos.messaging.kafka.DeadLetterErrorHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.support.KafkaHeaders;

/** Poison records go to {@code <topic>.DLT} with their reason, and do not block the records behind them. */
class PoisonEventIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final EventCodec codec = new EventCodec();

    private static String schema;
    private static String topic;
    private static ConfigurableApplicationContext ctx;

    @BeforeAll
    static void start() {
        schema = ItInfra.freshSchema("it_poison");
        topic = "it.poison." + UUID.randomUUID();
        // One partition: every record below is on the same partition, behind the poison ones.
        KafkaProbe.createTopics(1, topic, topic + ".DLT");
        ctx = TestApp.start(
                schema,
                List.of(ItListener.class),
                "it.topic=" + topic,
                "it.group=it-poison-" + UUID.randomUUID(),
                "mnemos.messaging.consumer.retry.max-retries=2",
                "mnemos.messaging.consumer.retry.initial-interval=100ms",
                "mnemos.messaging.consumer.retry.max-interval=200ms");
    }

    @AfterAll
    static void stop() {
        if (ctx != null) {
            ctx.close();
        }
        ItInfra.dropSchema(schema);
    }

    private static EventEnvelope turn(UUID session, String userId) {
        return codec.wrap(new TurnStored(session, UUID.randomUUID(), userId, 1, 1), "t1", "s1", null);
    }

    @Test
    void poisonRecordsAreDeadLetteredWithTheirReasonAndTheRecordsBehindThemAreProcessed() {
        String key = "t1:s1";
        EventEnvelope unknownType = new EventEnvelope(
                Ids.newId(),
                "memory.no.such.event",
                1,
                "t1",
                key,
                Instant.now(),
                null,
                codec.mapper().valueToTree(Map.of("x", 1)));
        EventEnvelope wrongPayload = new EventEnvelope(
                Ids.newId(),
                "memory.turn.stored",
                1,
                "t1",
                key,
                Instant.now(),
                null,
                codec.mapper().valueToTree(Map.of("sessionId", "not-a-uuid", "unexpected", true)));
        EventEnvelope rejected = turn(UUID.randomUUID(), "fail-nonretriable");
        EventEnvelope alwaysFailing = turn(UUID.randomUUID(), "fail-always");
        UUID okSession = UUID.randomUUID();
        EventEnvelope ok = turn(okSession, "ok");

        List<String[]> records = new ArrayList<>();
        records.add(new String[] {key, "this is not JSON"});
        records.add(new String[] {key, codec.toJson(unknownType)});
        records.add(new String[] {key, codec.toJson(wrongPayload)});
        records.add(new String[] {key, codec.toJson(rejected)});
        records.add(new String[] {key, codec.toJson(alwaysFailing)});
        records.add(new String[] {key, codec.toJson(ok)});

        try (KafkaProbe dlt = KafkaProbe.fromBeginning(topic + ".DLT")) {
            KafkaProbe.send(topic, 0, records);

            JdbcTemplate jdbc = ctx.getBean(JdbcTemplate.class);
            await().atMost(WAIT).until(() -> !jdbc.queryForList(
                            "SELECT value FROM it_counter WHERE name = ?", Integer.class, okSession.toString())
                    .isEmpty());

            List<ConsumerRecord<String, String>> dead = dlt.await(r -> true, 5, WAIT);
            assertThat(dead).hasSize(5);
            assertThat(dead).extracting(ConsumerRecord::key).containsOnly(key);
            assertThat(dead)
                    .extracting(ConsumerRecord::value)
                    .containsExactly(
                            records.get(0)[1],
                            records.get(1)[1],
                            records.get(2)[1],
                            records.get(3)[1],
                            records.get(4)[1]);
            assertThat(dead)
                    .extracting(r -> header(r, DeadLetterErrorHandlers.REASON_HEADER))
                    .satisfiesExactly(
                            r -> assertThat(r)
                                    .startsWith("io.mnemos.contracts.InvalidEventException")
                                    .contains("not a valid event envelope"),
                            r -> assertThat(r)
                                    .startsWith("io.mnemos.contracts.InvalidEventException")
                                    .contains("unknown event type memory.no.such.event"),
                            r -> assertThat(r)
                                    .startsWith("io.mnemos.contracts.InvalidEventException")
                                    .contains("does not fit its schema"),
                            r -> assertThat(r)
                                    .isEqualTo(
                                            "io.mnemos.messaging.NonRetriableEventException: session does not exist"),
                            r -> assertThat(r)
                                    .isEqualTo(
                                            "java.lang.IllegalStateException: permanent failure, wrongly retriable"));
            assertThat(dead)
                    .extracting(r -> header(r, KafkaHeaders.DLT_ORIGINAL_TOPIC))
                    .containsOnly(topic);
            assertThat(dead)
                    .extracting(r -> header(r, KafkaHeaders.DLT_EXCEPTION_FQCN))
                    .isNotEmpty()
                    .doesNotContainNull();
        }

        // Non-retriable failures were tried once, retriable ones 1 + max-retries times.
        ItListener listener = ctx.getBean(ItListener.class);
        assertThat(listener.attempts(rejected.id())).isEqualTo(1);
        assertThat(listener.attempts(alwaysFailing.id())).isEqualTo(3);
        assertThat(listener.attempts(ok.id())).isEqualTo(1);
        assertThat(listener.attempts(wrongPayload.id())).isZero(); // rejected before the handler
        Counter invalid = ctx.getBean(MeterRegistry.class)
                .find("mnemos.consumer.events")
                .tags("consumer", ItListener.CONSUMER, "outcome", "invalid")
                .counter();
        assertThat(invalid).isNotNull();
        assertThat(invalid.count()).isEqualTo(3.0); // each invalid record was seen once: no retries
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}

package io.mnemos.messaging.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.mnemos.contracts.EventCodec;
import io.mnemos.contracts.EventEnvelope;
import io.mnemos.contracts.events.TurnStored;
import io.mnemos.messaging.consumer.IdempotentConsumer;
import io.mnemos.messaging.outbox.Outbox;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** Redelivery changes state once: directly and through a real Kafka listener. */
class IdempotentConsumerIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final EventCodec codec = new EventCodec();

    private static String schema;
    private static String topic;
    private static ConfigurableApplicationContext ctx;
    private static IdempotentConsumer consumer;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void start() {
        schema = ItInfra.freshSchema("it_idem");
        topic = "it.idem." + UUID.randomUUID();
        KafkaProbe.createTopics(1, topic, topic + ".DLT");
        ctx = TestApp.start(
                schema,
                List.of(ItListener.class),
                "it.topic=" + topic,
                "it.group=it-idem-" + UUID.randomUUID(),
                "mnemos.messaging.consumer.retry.initial-interval=100ms");
        consumer = ctx.getBean(IdempotentConsumer.class);
        jdbc = ctx.getBean(JdbcTemplate.class);
    }

    @AfterAll
    static void stop() {
        if (ctx != null) {
            ctx.close();
        }
        ItInfra.dropSchema(schema);
    }

    private static EventEnvelope envelope(UUID session, String userId) {
        return codec.wrap(new TurnStored(session, UUID.randomUUID(), userId, 1, 1), "t1", session.toString(), null);
    }

    private static ConsumerRecord<String, String> record(EventEnvelope e, long offset) {
        return new ConsumerRecord<>("it.direct", 0, offset, e.key(), codec.toJson(e));
    }

    private static Integer counter(UUID session) {
        List<Integer> v =
                jdbc.queryForList("SELECT value FROM it_counter WHERE name = ?", Integer.class, session.toString());
        return v.isEmpty() ? null : v.getFirst();
    }

    private static double count(String consumerName, String outcome) {
        var c = ctx.getBean(MeterRegistry.class)
                .find("mnemos.consumer.events")
                .tags("consumer", consumerName, "outcome", outcome)
                .counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void theSameEnvelopeDeliveredTwiceChangesStateOnce() {
        UUID session = UUID.randomUUID();
        EventEnvelope e = envelope(session, "u");
        var handler = (io.mnemos.messaging.consumer.EventHandler) env -> jdbc.update(
                "INSERT INTO it_counter (name, value) VALUES (?, 1)"
                        + " ON CONFLICT (name) DO UPDATE SET value = it_counter.value + 1",
                session.toString());

        boolean first = consumer.process("it.direct", record(e, 10), handler);
        boolean second = consumer.process("it.direct", record(e, 11), handler);

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(counter(session)).isEqualTo(1);
        assertThat(count("it.direct", "duplicate")).isGreaterThanOrEqualTo(1);
        // Another consumer name processes the same event on its own.
        assertThat(consumer.process("it.direct-other", record(e, 12), handler)).isTrue();
        assertThat(counter(session)).isEqualTo(2);
    }

    @Test
    void aFailingHandlerRollsBackItsWritesItsOutboxEventsAndTheProcessedMark() {
        UUID session = UUID.randomUUID();
        EventEnvelope e = envelope(session, "u");
        Outbox outbox = ctx.getBean(Outbox.class);

        assertThatThrownBy(() -> consumer.process("it.rollback", record(e, 1), env -> {
                    jdbc.update("INSERT INTO it_counter (name, value) VALUES (?, 1)", session.toString());
                    outbox.publish(new TurnStored(session, UUID.randomUUID(), "u", 2, 2), "t1", session.toString());
                    throw new IllegalStateException("boom");
                }))
                .hasMessage("boom");

        assertThat(counter(session)).isNull();
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM outbox_event WHERE record_key = ?", Integer.class, "t1:" + session))
                .isZero();
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM processed_event WHERE consumer = 'it.rollback' AND event_id = ?",
                        Integer.class,
                        e.id()))
                .isZero();

        // The retry succeeds, and its writes and outbox event commit together.
        assertThat(consumer.process("it.rollback", record(e, 1), env -> {
                    jdbc.update("INSERT INTO it_counter (name, value) VALUES (?, 1)", session.toString());
                    outbox.publish(new TurnStored(session, UUID.randomUUID(), "u", 2, 2), "t1", session.toString());
                }))
                .isTrue();
        assertThat(counter(session)).isEqualTo(1);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM outbox_event WHERE record_key = ?", Integer.class, "t1:" + session))
                .isEqualTo(1);
    }

    @Test
    void aRecordDeliveredTwiceThroughKafkaIsAppliedOnce() {
        UUID session = UUID.randomUUID();
        EventEnvelope e = envelope(session, "u");
        String json = codec.toJson(e);
        KafkaProbe.send(topic, 0, List.of(new String[] {e.key(), json}, new String[] {e.key(), json}));
        // a marker after both: once it is applied, both copies have been handled
        UUID markerSession = UUID.randomUUID();
        EventEnvelope marker = envelope(markerSession, "u");
        KafkaProbe.send(topic, 0, List.<String[]>of(new String[] {marker.key(), codec.toJson(marker)}));

        await().atMost(WAIT).until(() -> counter(markerSession) != null);

        assertThat(counter(session)).isEqualTo(1);
        assertThat(ctx.getBean(ItListener.class).attempts(e.id())).isEqualTo(1);
    }

    @Test
    void aTransientFailureIsRetriedAndThenAppliedOnce() {
        UUID session = UUID.randomUUID();
        EventEnvelope e = envelope(session, "fail-once");
        KafkaProbe.send(topic, 0, List.<String[]>of(new String[] {e.key(), codec.toJson(e)}));

        await().atMost(WAIT).until(() -> counter(session) != null);

        assertThat(counter(session)).isEqualTo(1); // the first attempt's increment was rolled back
        assertThat(ctx.getBean(ItListener.class).attempts(e.id())).isEqualTo(2);
    }
}

package io.mnemos.messaging.it;

import io.mnemos.contracts.events.TurnStored;
import io.mnemos.messaging.NonRetriableEventException;
import io.mnemos.messaging.consumer.IdempotentConsumer;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * A listener the way a service writes one: hand the record to {@link IdempotentConsumer}; the handler increments the
 * {@code it_counter} row named after the turn's session. The turn's {@code userId} scripts failures: {@code
 * fail-once} (retriable, first attempt only), {@code fail-always} (retriable, every attempt), {@code
 * fail-nonretriable}.
 */
@Configuration(proxyBeanMethods = false)
public class ItListener {
    static final String CONSUMER = "it.listener";

    private final IdempotentConsumer consumer;
    private final JdbcTemplate jdbc;
    /** Handler invocations per event id (including rolled-back ones). */
    final Map<UUID, AtomicInteger> attempts = new ConcurrentHashMap<>();

    ItListener(IdempotentConsumer consumer, JdbcTemplate jdbc) {
        this.consumer = consumer;
        this.jdbc = jdbc;
    }

    @KafkaListener(id = "it-listener", topics = "${it.topic}", groupId = "${it.group}")
    void on(ConsumerRecord<String, String> record) {
        consumer.process(CONSUMER, record, envelope -> {
            int attempt = attempts.computeIfAbsent(envelope.id(), id -> new AtomicInteger())
                    .incrementAndGet();
            TurnStored turn = consumer.payload(envelope, TurnStored.class);
            jdbc.update(
                    "INSERT INTO it_counter (name, value) VALUES (?, 1)"
                            + " ON CONFLICT (name) DO UPDATE SET value = it_counter.value + 1",
                    turn.sessionId().toString());
            switch (turn.userId()) {
                case "fail-once" -> {
                    if (attempt == 1) {
                        throw new IllegalStateException("transient failure");
                    }
                }
                case "fail-always" -> throw new IllegalStateException("permanent failure, wrongly retriable");
                case "fail-nonretriable" -> throw new NonRetriableEventException("session does not exist");
                default -> {}
            }
        });
    }

    int attempts(UUID eventId) {
        AtomicInteger n = attempts.get(eventId);
        return n == null ? 0 : n.get();
    }
}

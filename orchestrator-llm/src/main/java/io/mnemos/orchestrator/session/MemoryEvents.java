package io.mnemos.orchestrator.session;

import io.mnemos.contracts.Topics;
import io.mnemos.contracts.events.TurnStored;
import io.mnemos.messaging.consumer.IdempotentConsumer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Answers turns once memory-service reports them stored. */
@Component
class MemoryEvents {
    static final String CONSUMER = "orchestrator.answers";

    private final IdempotentConsumer consumer;
    private final SessionService sessions;
    private final SessionStreams streams;

    MemoryEvents(IdempotentConsumer consumer, SessionService sessions, SessionStreams streams) {
        this.consumer = consumer;
        this.sessions = sessions;
        this.streams = streams;
    }

    @KafkaListener(topics = Topics.MEMORY_EVENTS, groupId = "orchestrator-llm")
    void on(ConsumerRecord<String, String> record) {
        record Answer(String tenant, TurnEvent event) {}
        List<Answer> answers = new ArrayList<>(1);
        consumer.process(CONSUMER, record, envelope -> {
            if ("memory.turn.stored".equals(envelope.type())) {
                TurnStored stored = consumer.payload(envelope, TurnStored.class);
                sessions.answer(envelope.tenant(), stored)
                        .ifPresent(e -> answers.add(new Answer(envelope.tenant(), e)));
            }
        });
        // Streamed only after the answer is committed.
        answers.forEach(a -> streams.publish(a.tenant(), a.event()));
    }
}

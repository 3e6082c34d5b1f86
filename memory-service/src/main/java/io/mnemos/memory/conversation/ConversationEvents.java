package io.mnemos.memory.conversation;

import io.mnemos.contracts.Topics;
import io.mnemos.contracts.events.SessionStarted;
import io.mnemos.contracts.events.TurnRecorded;
import io.mnemos.contracts.events.TurnStored;
import io.mnemos.messaging.consumer.IdempotentConsumer;
import io.mnemos.messaging.outbox.Outbox;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Consumes the orchestrator's conversation events and stores them, once each. */
@Component
class ConversationEvents {
    private static final Logger log = LoggerFactory.getLogger(ConversationEvents.class);
    static final String CONSUMER = "memory-service.conversation";

    private final IdempotentConsumer consumer;
    private final ConversationStore store;
    private final Outbox outbox;

    ConversationEvents(IdempotentConsumer consumer, ConversationStore store, Outbox outbox) {
        this.consumer = consumer;
        this.store = store;
        this.outbox = outbox;
    }

    @KafkaListener(topics = Topics.CONVERSATION_TURNS, groupId = "memory-service")
    void on(ConsumerRecord<String, String> record) {
        consumer.process(CONSUMER, record, envelope -> {
            switch (envelope.type()) {
                case "conversation.session.started" ->
                    store.saveSession(envelope.tenant(), consumer.payload(envelope, SessionStarted.class));
                case "conversation.turn.recorded" -> {
                    TurnRecorded turn = consumer.payload(envelope, TurnRecorded.class);
                    long stored = store.saveTurn(envelope.tenant(), turn);
                    outbox.publish(
                            new TurnStored(turn.sessionId(), turn.turnId(), turn.userId(), turn.sequence(), stored),
                            envelope.tenant(),
                            turn.sessionId().toString());
                    log.debug("stored turn {} of session {} ({} turns)", turn.turnId(), turn.sessionId(), stored);
                }
                default -> log.debug("ignoring event type {}", envelope.type());
            }
        });
    }
}

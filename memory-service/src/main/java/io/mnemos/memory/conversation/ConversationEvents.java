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
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Consumes the orchestrator's conversation events and stores them, once each. */
@Component
class ConversationEvents {
    private static final Logger log = LoggerFactory.getLogger(ConversationEvents.class);
    static final String CONSUMER = "memory-service.conversation";

    private final IdempotentConsumer consumer;
    private final ConversationStore store;
    private final Outbox outbox;
    private final ConversationIndexer indexer;

    ConversationEvents(
            IdempotentConsumer consumer, ConversationStore store, Outbox outbox, ConversationIndexer indexer) {
        this.consumer = consumer;
        this.store = store;
        this.outbox = outbox;
        this.indexer = indexer;
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
                    afterCommit(() -> indexer.indexLiveTurn(envelope.tenant(), turn.sessionId(), turn.sequence()));
                }
                default -> log.debug("ignoring event type {}", envelope.type());
            }
        });
    }

    /**
     * Indexes only once the turn is committed (a rolled-back turn must not become searchable). An indexing failure does
     * not fail the event: the row is stored, and the start-up check rebuilds what the index lacks.
     */
    static void afterCommit(Runnable indexing) {
        Runnable safe = () -> {
            try {
                indexing.run();
            } catch (RuntimeException e) {
                log.warn("indexing a stored turn failed; it becomes searchable after the next index rebuild", e);
            }
        };
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    safe.run();
                }
            });
        } else {
            safe.run();
        }
    }
}

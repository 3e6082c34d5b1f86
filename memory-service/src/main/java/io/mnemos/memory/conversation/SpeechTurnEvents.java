package io.mnemos.memory.conversation;

import io.mnemos.contracts.Topics;
import io.mnemos.contracts.events.SpeechInterrupt;
import io.mnemos.contracts.events.SpeechTranscript;
import io.mnemos.contracts.events.TurnRecorded;
import io.mnemos.messaging.consumer.IdempotentConsumer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Remembers what the agent said in voice sessions — only what the user actually heard. speech-service publishes the
 * text of the audio it played ({@code speech.transcript} with speaker {@code agent}) or, after a barge-in, the part
 * that was heard ({@code speech.interrupt}); unplayed text never reaches memory. The user's own words arrive as
 * {@code conversation.turn.recorded} from the orchestrator, so user transcripts are not stored twice.
 *
 * <p>An agent turn takes the sequence number of the user turn it answers (the session's latest), with speaker
 * {@code agent}; its id is derived from the speech item, so a redelivered event changes nothing.
 */
@Component
class SpeechTurnEvents {
    private static final Logger log = LoggerFactory.getLogger(SpeechTurnEvents.class);
    static final String CONSUMER = "memory-service.speech";

    private final IdempotentConsumer consumer;
    private final ConversationStore store;
    private final ConversationIndexer indexer;

    SpeechTurnEvents(IdempotentConsumer consumer, ConversationStore store, ConversationIndexer indexer) {
        this.consumer = consumer;
        this.store = store;
        this.indexer = indexer;
    }

    @KafkaListener(topics = Topics.SPEECH_EVENTS, groupId = "memory-service")
    void on(ConsumerRecord<String, String> record) {
        consumer.process(CONSUMER, record, envelope -> {
            switch (envelope.type()) {
                case "speech.transcript" -> {
                    SpeechTranscript t = consumer.payload(envelope, SpeechTranscript.class);
                    if ("agent".equals(t.speaker())) {
                        agentTurn(envelope.tenant(), t.sessionId(), "item:" + t.itemId(), t.text(), t.timestamp());
                    }
                }
                case "speech.interrupt" -> {
                    SpeechInterrupt i = consumer.payload(envelope, SpeechInterrupt.class);
                    agentTurn(
                            envelope.tenant(),
                            i.sessionId(),
                            "interrupt:" + i.responseEpoch(),
                            i.heardText(),
                            i.timestamp());
                }
                default -> log.debug("ignoring event type {}", envelope.type());
            }
        });
    }

    private void agentTurn(String tenant, UUID sessionId, String speechId, String heard, java.time.Instant at) {
        if (heard == null || heard.isBlank()) {
            return; // interrupted before a word was heard: nothing to remember
        }
        Optional<ConversationStore.SessionHead> head = store.sessionHead(tenant, sessionId);
        if (head.isEmpty()) {
            log.info("agent speech for unknown session {} (tenant {}): not stored", sessionId, tenant);
            return;
        }
        UUID turnId =
                UUID.nameUUIDFromBytes((tenant + "/" + sessionId + "/" + speechId).getBytes(StandardCharsets.UTF_8));
        long sequence = head.get().lastSequence();
        store.saveTurn(tenant, new TurnRecorded(sessionId, turnId, head.get().userId(), sequence, "agent", heard, at));
        ConversationEvents.afterCommit(() -> indexer.indexLiveTurn(tenant, sessionId, sequence));
    }
}

package io.mnemos.speech.events;

import io.mnemos.contracts.Event;
import io.mnemos.messaging.outbox.Outbox;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes {@code speech.transcript} and {@code speech.interrupt} through the transactional outbox (topic
 * {@code speech.events}, key {@code tenant:sessionId}). Called from session actors, so the write happens on a virtual
 * thread and never blocks audio processing; a failed write is logged (the text is not retried: the session's audio
 * is not kept).
 */
@Component
public class SpeechEvents {
    private static final Logger log = LoggerFactory.getLogger(SpeechEvents.class);

    private final Outbox outbox;
    private final TransactionTemplate tx;

    public SpeechEvents(Outbox outbox, TransactionTemplate tx) {
        this.outbox = outbox;
        this.tx = tx;
    }

    /** Publishes {@code event} for a session of {@code tenant}, asynchronously. */
    public void publish(Event event, String tenant, UUID sessionId) {
        Thread.ofVirtual().name("speech-event").start(() -> {
            try {
                tx.executeWithoutResult(status -> outbox.publish(event, tenant, sessionId.toString()));
            } catch (RuntimeException e) {
                log.error(
                        "could not publish {} for session {}: {}",
                        event.eventType().name(),
                        sessionId,
                        e.toString());
            }
        });
    }
}

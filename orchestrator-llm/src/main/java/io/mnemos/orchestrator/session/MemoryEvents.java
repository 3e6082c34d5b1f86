package io.mnemos.orchestrator.session;

import io.mnemos.contracts.EventEnvelope;
import io.mnemos.contracts.InvalidEventException;
import io.mnemos.contracts.Topics;
import io.mnemos.contracts.events.TurnStored;
import io.mnemos.contracts.events.UserErased;
import io.mnemos.messaging.consumer.IdempotentConsumer;
import io.mnemos.orchestrator.pipeline.Answer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Answers turns once memory-service reports them stored, and forgets a user when memory-service erased them.
 *
 * <p>Check, answer, then record: the pipeline (specialist and LLM calls) runs outside any transaction, so no database
 * connection is held while it works; only the write-back (answer, trace and the consumer's processed mark) is one short
 * transaction. A redelivered event finds its turn answered and is skipped before any work; one that races the first
 * delivery computes an answer again but records nothing ({@link SessionService#recordAnswer} only moves a turn from
 * {@code accepted} to {@code answered} once), so a turn is never answered twice in the database or on the stream.
 */
@Component
class MemoryEvents {
    static final String CONSUMER = "orchestrator.answers";
    static final String ERASURE_CONSUMER = "orchestrator.erasure";
    private static final Logger log = LoggerFactory.getLogger(MemoryEvents.class);

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
        EventEnvelope envelope;
        try {
            envelope = consumer.read(record.value());
        } catch (InvalidEventException e) {
            consumer.process(CONSUMER, record, ignored -> {}); // counts it and throws, naming the record's position
            return;
        }
        switch (envelope.type()) {
            case "memory.turn.stored" -> answer(envelope);
            case "memory.user.erased" -> erase(envelope);
            default -> {} // other memory events are not this service's business
        }
    }

    /** The tombstone: this service's copies of the user's conversation (sessions, turns, traces) go too. */
    private void erase(EventEnvelope envelope) {
        String tenant = envelope.tenant();
        UserErased erased = consumer.payload(envelope, UserErased.class);
        consumer.process(ERASURE_CONSUMER, envelope, e -> {
            SessionService.Erased r = sessions.eraseUser(tenant, erased.userId());
            log.info(
                    "Erasure {} (tenant {}): deleted {} sessions, {} turns and {} turn traces of the user",
                    erased.erasureId(),
                    tenant,
                    r.sessions(),
                    r.turns(),
                    r.traces());
        });
    }

    private void answer(EventEnvelope envelope) {
        String tenant = envelope.tenant();
        TurnStored stored = consumer.payload(envelope, TurnStored.class);
        Optional<SessionService.PendingTurn> pending = sessions.pending(tenant, stored.turnId());
        if (pending.isEmpty()) {
            return; // already answered (a redelivery), answered by its caller (direct), an agent turn, or unknown
        }
        SessionService.PendingTurn turn = pending.get();
        // Partial sentences go out as they are made; the answer event, after the commit, is the answer.
        Answer a = sessions.compose(
                tenant,
                turn,
                (mode, sentence) -> streams.publish(
                        tenant, TurnEvent.partial(turn.sessionId(), turn.turnId(), turn.sequence(), mode, sentence)));
        List<TurnEvent> answers = new ArrayList<>(1);
        consumer.process(
                CONSUMER, envelope, e -> sessions.recordAnswer(tenant, turn, a).ifPresent(answers::add));
        answers.forEach(ev -> streams.publish(tenant, ev));
    }
}

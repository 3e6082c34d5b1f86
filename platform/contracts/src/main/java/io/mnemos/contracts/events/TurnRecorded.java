package io.mnemos.contracts.events;

import io.mnemos.contracts.Event;
import io.mnemos.contracts.EventType;
import io.mnemos.contracts.Topics;
import java.time.Instant;
import java.util.UUID;

/**
 * A turn of a conversation was accepted by the orchestrator.
 *
 * @param sessionId the session
 * @param turnId    the turn (UUIDv7)
 * @param userId    the end user of the session
 * @param sequence  1-based position of the turn in its session
 * @param speaker   who spoke: {@code user} or {@code agent}
 * @param text      what was said
 * @param timestamp when it was said
 */
@EventType(
        name = "conversation.turn.recorded",
        topic = Topics.CONVERSATION_TURNS,
        description = "A turn of a conversation was accepted and should be remembered.")
public record TurnRecorded(
        UUID sessionId, UUID turnId, String userId, long sequence, String speaker, String text, Instant timestamp)
        implements Event {}

package io.mnemos.contracts.events;

import io.mnemos.contracts.Event;
import io.mnemos.contracts.EventType;
import io.mnemos.contracts.Topics;
import java.util.UUID;

/**
 * memory-service stored a turn in conversation memory.
 *
 * @param sessionId     the session
 * @param turnId        the turn that was stored
 * @param userId        the end user
 * @param sequence      position of the turn in its session
 * @param storedTurns   how many turns of this session conversation memory now holds
 */
@EventType(
        name = "memory.turn.stored",
        topic = Topics.MEMORY_EVENTS,
        description = "memory-service stored a conversation turn.")
public record TurnStored(UUID sessionId, UUID turnId, String userId, long sequence, long storedTurns)
        implements Event {}

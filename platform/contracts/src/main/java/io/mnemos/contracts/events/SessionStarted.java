package io.mnemos.contracts.events;

import io.mnemos.contracts.Event;
import io.mnemos.contracts.EventType;
import io.mnemos.contracts.Topics;
import java.time.Instant;
import java.util.UUID;

/**
 * A conversation session was created.
 *
 * @param sessionId the session (UUIDv7)
 * @param userId    the end user the session belongs to, chosen by the agent
 * @param startedAt when the session was created
 */
@EventType(
        name = "conversation.session.started",
        topic = Topics.CONVERSATION_TURNS,
        description = "A conversation session was created by the orchestrator.")
public record SessionStarted(UUID sessionId, String userId, Instant startedAt) implements Event {}

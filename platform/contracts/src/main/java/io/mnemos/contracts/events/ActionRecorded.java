package io.mnemos.contracts.events;

import io.mnemos.contracts.Event;
import io.mnemos.contracts.EventType;
import io.mnemos.contracts.Topics;
import java.util.UUID;

/**
 * memory-service recorded an action trace; a successful one was compiled into a replay script (or matched an existing
 * one).
 *
 * @param traceId   the recorded trace
 * @param userId    the user the trace was recorded for, or null for a tenant-wide demonstration
 * @param success   whether the traced task succeeded
 * @param steps     number of steps in the trace
 * @param scriptId  the replay script compiled from it or matched by it, or null (failed trace)
 * @param newScript whether {@code scriptId} was compiled from this trace
 */
@EventType(
        name = "memory.action.recorded",
        topic = Topics.MEMORY_EVENTS,
        description = "memory-service recorded an action trace and compiled or matched a replay script.")
public record ActionRecorded(UUID traceId, String userId, boolean success, int steps, UUID scriptId, boolean newScript)
        implements Event {}

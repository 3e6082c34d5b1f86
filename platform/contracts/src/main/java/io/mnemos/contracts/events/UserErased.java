package io.mnemos.contracts.events;

import io.mnemos.contracts.Event;
import io.mnemos.contracts.EventType;
import io.mnemos.contracts.Topics;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Tombstone: memory-service erased everything it held about a user. Consumers that copied any of that user's memory
 * must delete their copies.
 *
 * @param userId    the erased user
 * @param erasureId the erasure receipt ({@code GET /v1/erasures/{erasureId}} on memory-service)
 * @param erasedAt  when the erasure committed
 * @param removed   items removed per store, e.g. {@code profile.facts -> 12}
 */
@EventType(
        name = "memory.user.erased",
        topic = Topics.MEMORY_EVENTS,
        description = "Tombstone: memory-service erased all memory of a user; consumers delete their copies.")
public record UserErased(String userId, UUID erasureId, Instant erasedAt, Map<String, Long> removed) implements Event {
    public UserErased {
        removed = removed == null ? Map.of() : Map.copyOf(removed);
    }
}

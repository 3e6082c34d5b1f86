package io.mnemos.contracts.events;

import io.mnemos.contracts.Event;
import io.mnemos.contracts.EventType;
import io.mnemos.contracts.Topics;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Tombstone: memory-service deleted one item (and what was derived from it only). Consumers that copied the item must
 * delete their copies.
 *
 * @param kind       what was deleted: {@code experience.episode} or {@code action.trace}
 * @param itemId     the deleted item's id
 * @param userId     the user the item was recorded for, or null for a tenant-wide item
 * @param deletionId id of this deletion (also in the HTTP answer)
 * @param deletedAt  when the deletion committed
 * @param removed    items removed per kind, e.g. {@code episodes -> 1, templatesRemoved -> 2}
 */
@EventType(
        name = "memory.item.deleted",
        topic = Topics.MEMORY_EVENTS,
        description = "Tombstone: memory-service deleted one memory item and what was derived from it only.")
public record MemoryItemDeleted(
        String kind, UUID itemId, String userId, UUID deletionId, Instant deletedAt, Map<String, Long> removed)
        implements Event {
    public MemoryItemDeleted {
        removed = removed == null ? Map.of() : Map.copyOf(removed);
    }
}

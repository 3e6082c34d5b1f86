package io.mnemos.memory.erasure;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What deleting one memory item removed (the answer of {@code DELETE /v1/experience/episodes/{id}} and {@code DELETE
 * /v1/actions/traces/{id}}); the same counts go out in the {@code memory.item.deleted} tombstone.
 *
 * @param deletionId id of this deletion (also in the tombstone event)
 * @param kind       {@code experience.episode} or {@code action.trace}
 * @param itemId     the deleted item
 * @param userId     the user the item was recorded for, or null for a tenant-wide item
 * @param deletedAt  when the deletion committed
 * @param removed    items removed per kind
 */
public record DeletionReceipt(
        UUID deletionId,
        String kind,
        UUID itemId,
        @Nullable String userId,
        Instant deletedAt,
        Map<String, Long> removed) {

    public DeletionReceipt {
        removed = Map.copyOf(removed);
    }
}

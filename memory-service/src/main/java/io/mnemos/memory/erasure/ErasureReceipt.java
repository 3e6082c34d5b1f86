package io.mnemos.memory.erasure;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Proof of an erasure: what was removed from which store.
 *
 * @param erasureId  id of the receipt ({@code GET /v1/erasures/{erasureId}})
 * @param tenant     the tenant
 * @param userId     the erased user; only in the answer to the erasure itself: the stored receipt keeps no personal
 *                   data, so a receipt read back has {@code null} here and the digest instead
 * @param userDigest SHA-256 (hex) of the tenant and user id: lets a holder of the user id recognise the receipt
 * @param erasedAt   when the erasure committed
 * @param requestedBy the principal that asked for it
 * @param stores     what each store removed, by store name
 */
public record ErasureReceipt(
        UUID erasureId,
        String tenant,
        @Nullable String userId,
        String userDigest,
        Instant erasedAt,
        String requestedBy,
        List<ErasedItems> stores) {

    public ErasureReceipt {
        stores = List.copyOf(stores);
    }

    /** Items removed in total. */
    public long total() {
        return stores.stream()
                .flatMap(s -> s.counts().values().stream())
                .mapToLong(Long::longValue)
                .sum();
    }
}

package io.mnemos.memory.erasure;

import java.util.Map;

/**
 * What one store removed during an erasure.
 *
 * @param store  the store's name as shown in the receipt (for example {@code conversation.turns} or {@code profile.index})
 * @param counts removed items per kind (for example {@code turns -> 42, sessions -> 3})
 */
public record ErasedItems(String store, Map<String, Long> counts) {
    public ErasedItems {
        counts = Map.copyOf(counts);
    }
}

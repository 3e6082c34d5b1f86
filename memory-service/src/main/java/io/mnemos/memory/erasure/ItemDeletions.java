package io.mnemos.memory.erasure;

import io.mnemos.contracts.Ids;
import io.mnemos.contracts.events.MemoryItemDeleted;
import io.mnemos.messaging.outbox.Outbox;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Deletes one memory item like an erasure deletes a user: the rows and what was derived from them only go in one
 * transaction together with the {@code memory.item.deleted} tombstone (outbox), so consumers learn of every deletion
 * that committed and of none that did not.
 */
public final class ItemDeletions {

    private static final Logger log = LoggerFactory.getLogger(ItemDeletions.class);

    /**
     * What a store removed for one item.
     *
     * @param userId  the user the item was recorded for (null: tenant-wide)
     * @param removed items removed per kind
     */
    public record Removed(@Nullable String userId, Map<String, Long> removed) {}

    private final TransactionOperations tx;
    private final Outbox outbox;
    private final Clock clock;

    public ItemDeletions(TransactionOperations tx, Outbox outbox, Clock clock) {
        this.tx = Objects.requireNonNull(tx, "tx");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Runs {@code delete} in a transaction and, if it found the item, publishes the tombstone in that transaction.
     *
     * @param delete removes the item of the tenant and returns what it removed; empty if the item is missing (or
     *               another tenant's), in which case nothing is published
     * @return the receipt, empty if the item was not found
     */
    public Optional<DeletionReceipt> delete(
            String tenant, String kind, UUID itemId, Supplier<Optional<Removed>> delete) {
        if (tenant == null || tenant.isBlank()) {
            throw new IllegalArgumentException("tenant must not be blank");
        }
        Optional<DeletionReceipt> receipt = tx.execute(status -> {
            Optional<Removed> r = delete.get();
            if (r.isEmpty()) {
                return Optional.empty();
            }
            Instant now = clock.instant();
            DeletionReceipt d = new DeletionReceipt(
                    Ids.newId(), kind, itemId, r.get().userId(), now, r.get().removed());
            outbox.publish(
                    new MemoryItemDeleted(kind, itemId, d.userId(), d.deletionId(), now, d.removed()),
                    tenant,
                    d.userId() != null ? d.userId() : itemId.toString());
            return Optional.of(d);
        });
        Optional<DeletionReceipt> out = receipt == null ? Optional.empty() : receipt;
        out.ifPresent(d -> log.info(
                "deleted memory item: tenant={} kind={} item={} deletion={} removed={}",
                tenant,
                kind,
                itemId,
                d.deletionId(),
                d.removed()));
        return out;
    }
}

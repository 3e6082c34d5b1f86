package io.mnemos.memory.erasure;

/**
 * One kind of memory that holds data about a user (conversation, profile, experience, action, …). Erasure asks every
 * bean of this type, so a new kind of memory is erased as soon as it exists.
 */
public interface UserMemoryEraser {

    /**
     * Removes everything this store holds of {@code userId} in {@code tenant}: rows (inside the caller's transaction)
     * and derived indexes or caches (after commit, or idempotently so that a retry finishes the job).
     *
     * @return what was removed, with counts per item kind
     */
    ErasedItems erase(String tenant, String userId);
}

package io.mnemos.memory.conversation;

import io.mnemos.memory.erasure.ErasedItems;
import io.mnemos.memory.erasure.UserMemoryEraser;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Erases a user's conversation memory: session and turn rows in the caller's transaction, and the user's entries in
 * the turn index once that transaction commits (immediately when there is none). Deleting index entries is
 * idempotent, and a crash between commit and index delete leaves an index with more turns than PostgreSQL, which the
 * start-up check rebuilds — so nothing of the user survives either way.
 */
final class ConversationEraser implements UserMemoryEraser {

    private static final Logger log = LoggerFactory.getLogger(ConversationEraser.class);

    private final ConversationStore store;
    private final ConversationIndex index;

    ConversationEraser(ConversationStore store, ConversationIndex index) {
        this.store = store;
        this.index = index;
    }

    @Override
    public ErasedItems erase(String tenant, String userId) {
        ConversationStore.Deleted rows = store.deleteUser(tenant, userId);
        long indexed = index.countUser(tenant, userId);
        Runnable dropIndex = () -> {
            long n = index.deleteUser(tenant, userId);
            log.info("erased {} indexed turns of user {} in tenant {}", n, userId, tenant);
        };
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    dropIndex.run();
                }
            });
        } else {
            dropIndex.run();
        }
        log.info(
                "erased {} sessions and {} turns of user {} in tenant {}",
                rows.sessions(),
                rows.turns(),
                userId,
                tenant);
        return new ErasedItems(
                "conversation", Map.of("sessions", rows.sessions(), "turns", rows.turns(), "indexedTurns", indexed));
    }
}

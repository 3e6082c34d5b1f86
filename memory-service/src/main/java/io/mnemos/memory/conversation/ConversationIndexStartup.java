package io.mnemos.memory.conversation;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Once the application is ready, compares the turn index with PostgreSQL per tenant (turn count and index layout) and
 * rebuilds tenants whose index is missing, stale or from an older layout, in a background thread with progress logs.
 * Searches keep working meanwhile (over what is indexed so far).
 */
final class ConversationIndexStartup implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(ConversationIndexStartup.class);

    private final ConversationIndexer indexer;
    private final ConversationStore store;
    private final boolean enabled;
    private final CountDownLatch done = new CountDownLatch(1);

    ConversationIndexStartup(ConversationIndexer indexer, ConversationStore store, boolean enabled) {
        this.indexer = indexer;
        this.store = store;
        this.enabled = enabled;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (!enabled) {
            done.countDown();
            return;
        }
        Thread.ofPlatform().daemon().name("conversation-index-check").start(() -> {
            try {
                checkAll();
            } catch (RuntimeException e) {
                log.error("conversation index check failed; searches may miss turns until the next start", e);
            } finally {
                done.countDown();
            }
        });
    }

    /** Checks every tenant and rebuilds those that need it; returns the tenants rebuilt. */
    Set<String> checkAll() {
        ConversationIndex index = indexer.index();
        Map<String, Long> counts = store.turnCountsByTenant();
        Set<String> tenants = new TreeSet<>(counts.keySet());
        tenants.addAll(index.tenantsOnDisk());
        Set<String> rebuilt = new TreeSet<>();
        for (String tenant : tenants) {
            long rows = counts.getOrDefault(tenant, 0L);
            long indexed = index.count(tenant);
            boolean layout = rows == 0 && indexed == 0 || index.isCurrentLayout(tenant);
            if (rows == indexed && layout) {
                continue;
            }
            log.info(
                    "conversation index of tenant {} is stale ({} turns in PostgreSQL, {} indexed, layout {}): rebuilding",
                    tenant,
                    rows,
                    indexed,
                    layout ? "current" : "outdated");
            indexer.rebuild(tenant, rows);
            rebuilt.add(tenant);
        }
        log.info("conversation index checked: {} tenants, {} rebuilt", tenants.size(), rebuilt.size());
        return rebuilt;
    }

    /** Waits until the start-up check has finished (tests). */
    boolean awaitDone(Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}

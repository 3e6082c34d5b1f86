package io.mnemos.messaging.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Deletes published outbox rows older than the outbox retention and processed-event ids older than their retention,
 * every {@code cleanup-interval}, in chunks of {@value #CHUNK} rows so that no statement holds many locks. Several
 * instances may run it at once: the deletes are idempotent.
 */
public final class MessagingHousekeeping implements SmartLifecycle {
    static final int CHUNK = 5_000;
    private static final Logger log = LoggerFactory.getLogger(MessagingHousekeeping.class);

    private final MessagingDatabase database;
    private final JdbcTemplate jdbc;
    private final Duration outboxRetention;
    private final Duration processedRetention;
    private final Duration interval;
    private final Clock clock;
    private ScheduledExecutorService executor;

    public MessagingHousekeeping(
            MessagingDatabase database, Duration outboxRetention, Duration processedRetention, Duration interval) {
        this.database = Objects.requireNonNull(database, "database");
        this.jdbc = new JdbcTemplate(database.dataSource());
        this.outboxRetention = Objects.requireNonNull(outboxRetention, "outboxRetention");
        this.processedRetention = Objects.requireNonNull(processedRetention, "processedRetention");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.clock = Clock.systemUTC();
    }

    /**
     * Runs one cleanup now.
     *
     * @return rows deleted from {@code outbox_event} and {@code processed_event}
     */
    public long cleanUp() {
        Instant now = clock.instant();
        String outbox = database.table("outbox_event");
        String processed = database.table("processed_event");
        long deleted = deleteInChunks(
                "DELETE FROM " + outbox + " WHERE id IN (SELECT id FROM " + outbox + " WHERE published_at < ? LIMIT "
                        + CHUNK + ")",
                Timestamp.from(now.minus(outboxRetention)));
        deleted += deleteInChunks(
                "DELETE FROM " + processed + " WHERE (consumer, event_id) IN (SELECT consumer, event_id FROM "
                        + processed + " WHERE processed_at < ? LIMIT " + CHUNK + ")",
                Timestamp.from(now.minus(processedRetention)));
        return deleted;
    }

    private long deleteInChunks(String sql, Timestamp before) {
        long total = 0;
        int n;
        do {
            n = jdbc.update(sql, before);
            total += n;
        } while (n == CHUNK);
        return total;
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mnemos-messaging-housekeeping");
            t.setDaemon(true);
            return t;
        });
        long period = interval.toMillis();
        executor.scheduleWithFixedDelay(this::runSafely, period, period, TimeUnit.MILLISECONDS);
    }

    private void runSafely() {
        try {
            long deleted = cleanUp();
            if (deleted > 0) {
                log.debug("mnemos-messaging housekeeping deleted {} row(s)", deleted);
            }
        } catch (RuntimeException e) {
            log.warn("mnemos-messaging housekeeping failed: {}", e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}

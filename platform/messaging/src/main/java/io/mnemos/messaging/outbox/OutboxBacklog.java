package io.mnemos.messaging.outbox;

import io.mnemos.messaging.internal.MessagingDatabase;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How far the outbox is behind: the number of unpublished rows and the age of the oldest. Read from the database at
 * most once per {@link #MAX_STALENESS}, so that metric scrapes and health checks stay cheap; the queries use the partial
 * index on unpublished rows and count at most {@value #COUNT_CAP} rows.
 */
public final class OutboxBacklog {
    /** Counting stops here; a larger backlog reports this value. */
    public static final int COUNT_CAP = 100_000;
    /** How long a reading is reused. */
    public static final Duration MAX_STALENESS = Duration.ofSeconds(1);

    private final JdbcTemplate jdbc;
    private final MessagingDatabase database;
    private final Clock clock;
    private volatile Snapshot last;

    public OutboxBacklog(MessagingDatabase database) {
        this(database, Clock.systemUTC());
    }

    OutboxBacklog(MessagingDatabase database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.jdbc = new JdbcTemplate(database.dataSource());
        this.clock = clock;
    }

    /**
     * A reading of the backlog.
     *
     * @param count     unpublished rows, at most {@link #COUNT_CAP}
     * @param oldestAge age of the oldest unpublished row; zero if there is none
     * @param readAt    when it was read
     */
    public record Snapshot(long count, Duration oldestAge, Instant readAt) {}

    /** The latest reading, refreshed if older than {@link #MAX_STALENESS}. */
    public Snapshot current() {
        Snapshot s = last;
        Instant now = clock.instant();
        if (s == null || Duration.between(s.readAt(), now).compareTo(MAX_STALENESS) > 0) {
            s = read(now);
            last = s;
        }
        return s;
    }

    private Snapshot read(Instant now) {
        String table = database.table("outbox_event");
        Long count = jdbc.queryForObject(
                "SELECT count(*) FROM (SELECT 1 FROM " + table + " WHERE published_at IS NULL LIMIT " + COUNT_CAP
                        + ") b",
                Long.class);
        Timestamp oldest = jdbc.queryForObject(
                "SELECT min(created_at) FROM " + table + " WHERE published_at IS NULL", Timestamp.class);
        Duration age = oldest == null ? Duration.ZERO : Duration.between(oldest.toInstant(), now);
        return new Snapshot(count == null ? 0 : count, age.isNegative() ? Duration.ZERO : age, now);
    }
}

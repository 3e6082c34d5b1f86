package io.mnemos.messaging.outbox;

import java.time.Duration;
import java.util.Objects;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the outbox (contributor name {@code outbox}): DOWN when the oldest unpublished row is older than {@code
 * mnemos.messaging.outbox.max-backlog-age} (the relay is stuck, the broker unreachable, or no instance relays), UP
 * otherwise. Details: {@code backlog} (rows), {@code oldestAgeMs}, {@code maxBacklogAgeMs}, {@code relayRunning}.
 */
public final class OutboxHealthIndicator extends AbstractHealthIndicator {
    private final OutboxBacklog backlog;
    private final Duration maxAge;
    private final OutboxRelay relay;

    /**
     * @param backlog the backlog reader
     * @param maxAge  oldest acceptable unpublished row
     * @param relay   this instance's relay, or null if it runs none
     */
    public OutboxHealthIndicator(OutboxBacklog backlog, Duration maxAge, OutboxRelay relay) {
        super("Outbox health check failed");
        this.backlog = Objects.requireNonNull(backlog, "backlog");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
        this.relay = relay;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        OutboxBacklog.Snapshot s = backlog.current();
        if (s.oldestAge().compareTo(maxAge) > 0) {
            builder.down();
        } else {
            builder.up();
        }
        builder.withDetail("backlog", s.count())
                .withDetail("oldestAgeMs", s.oldestAge().toMillis())
                .withDetail("maxBacklogAgeMs", maxAge.toMillis())
                .withDetail("relayRunning", relay != null && relay.isRunning());
    }
}

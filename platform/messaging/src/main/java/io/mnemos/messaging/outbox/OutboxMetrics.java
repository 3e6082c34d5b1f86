package io.mnemos.messaging.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The outbox's Micrometer meters.
 *
 * <ul>
 *   <li>{@code mnemos.outbox.published} (counter, tag {@code topic}): records acknowledged by the broker.
 *   <li>{@code mnemos.outbox.publish.failures} (counter, tag {@code topic}): records whose send failed or timed out.
 *   <li>{@code mnemos.outbox.publish.latency} (timer): from the row's insert to the broker's acknowledgement.
 *   <li>{@code mnemos.outbox.backlog} (gauge): unpublished rows (capped at {@value OutboxBacklog#COUNT_CAP}).
 *   <li>{@code mnemos.outbox.backlog.age} (time gauge, seconds): age of the oldest unpublished row, 0 if none.
 * </ul>
 */
public final class OutboxMetrics {
    private final MeterRegistry registry;
    private final Timer latency;
    private final Map<String, Counter> published = new ConcurrentHashMap<>();
    private final Map<String, Counter> failures = new ConcurrentHashMap<>();

    public OutboxMetrics(MeterRegistry registry, OutboxBacklog backlog) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.latency = Timer.builder("mnemos.outbox.publish.latency")
                .description("Time from writing an outbox row to the broker acknowledging its record")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        Gauge.builder("mnemos.outbox.backlog", backlog, b -> b.current().count())
                .description("Unpublished outbox rows")
                .register(registry);
        TimeGauge.builder("mnemos.outbox.backlog.age", backlog, TimeUnit.MILLISECONDS, b -> b.current()
                        .oldestAge()
                        .toMillis())
                .description("Age of the oldest unpublished outbox row")
                .register(registry);
    }

    void published(String topic, Duration sinceWritten) {
        published
                .computeIfAbsent(topic, t -> Counter.builder("mnemos.outbox.published")
                        .description("Outbox records acknowledged by the broker")
                        .tag("topic", t)
                        .register(registry))
                .increment();
        latency.record(sinceWritten.isNegative() ? Duration.ZERO : sinceWritten);
    }

    void failed(String topic, int count) {
        failures.computeIfAbsent(topic, t -> Counter.builder("mnemos.outbox.publish.failures")
                        .description("Outbox records whose send failed or timed out")
                        .tag("topic", t)
                        .register(registry))
                .increment(count);
    }
}

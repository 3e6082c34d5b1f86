package io.mnemos.messaging.outbox;

import io.mnemos.messaging.MessagingProperties;
import io.mnemos.messaging.internal.MessagingDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.support.SendResult;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes outbox rows to Kafka, oldest first.
 *
 * <p>One background thread loops: in one database transaction it (optionally) takes the schema's relay advisory lock,
 * locks the oldest unpublished rows ({@code ORDER BY created_at, id ... FOR UPDATE SKIP LOCKED}, up to {@code
 * batch-size}), sends them with an idempotent {@code acks=all} producer, waits for every acknowledgement, marks the
 * acknowledged rows published and records the failures ({@code attempts}, {@code last_error}), then commits. A full
 * batch is followed at once by the next; an empty poll waits {@code poll-interval} or until a local commit wakes it; a
 * failed batch waits an exponential backoff and retries from the oldest row, so a failing row is not overtaken.
 *
 * <p>A crash after the broker's acknowledgement but before the commit leaves the rows unpublished: they are sent again
 * (same event ids), which idempotent consumers absorb.
 */
public final class OutboxRelay implements SmartLifecycle {
    /** Record header carrying the event id (also inside the envelope). */
    public static final String EVENT_ID_HEADER = "mnemos-event-id";
    /** Record header carrying the event type name (also inside the envelope). */
    public static final String EVENT_TYPE_HEADER = "mnemos-event-type";

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int MAX_ERROR_LENGTH = 2000;

    private final MessagingDatabase database;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final KafkaOperations<String, String> kafka;
    private final Runnable resetProducer;
    private final MessagingProperties.Relay config;
    private final OutboxMetrics metrics;
    private final Semaphore wake = new Semaphore(0);

    private volatile boolean running;
    private volatile CountDownLatch stopSignal = new CountDownLatch(0);
    private volatile Thread worker;
    private String selectSql;
    private String markPublishedSql;
    private String markFailedSql;
    private long lockKey;

    /**
     * @param database      the messaging tables
     * @param kafka         a producer template with String serialisers, {@code enable.idempotence=true} and {@code
     *                      acks=all}, used by the relay only
     * @param resetProducer closes the template's producer after a failure so the next batch starts with a fresh one
     * @param config        relay settings
     * @param metrics       where to count
     */
    public OutboxRelay(
            MessagingDatabase database,
            KafkaOperations<String, String> kafka,
            Runnable resetProducer,
            MessagingProperties.Relay config,
            OutboxMetrics metrics) {
        this.database = Objects.requireNonNull(database, "database");
        this.jdbc = new JdbcTemplate(database.dataSource());
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(database.dataSource()));
        this.tx.setName("mnemos-outbox-relay");
        this.kafka = Objects.requireNonNull(kafka, "kafka");
        this.resetProducer = Objects.requireNonNull(resetProducer, "resetProducer");
        this.config = Objects.requireNonNull(config, "config");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    private void prepareSql() {
        if (selectSql != null) {
            return;
        }
        String table = database.table("outbox_event");
        selectSql = "SELECT id, topic, record_key, type, envelope::text AS envelope, created_at FROM " + table
                + " WHERE published_at IS NULL ORDER BY created_at, id LIMIT ? FOR UPDATE SKIP LOCKED";
        markPublishedSql =
                "UPDATE " + table + " SET published_at = clock_timestamp(), attempts = attempts + 1 WHERE id = ANY (?)";
        markFailedSql = "UPDATE " + table + " SET attempts = attempts + 1, last_error = ? WHERE id = ?";
        // One advisory lock per schema: relays of different services (schemas) never contend.
        lockKey = (0x6D6E656DL << 32) | (("mnemos-outbox:" + database.schema()).hashCode() & 0xFFFFFFFFL);
    }

    /** Makes an idle relay poll now (called after a transaction that wrote outbox rows commits). */
    public void wakeUp() {
        if (running) {
            wake.release();
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        prepareSql();
        stopSignal = new CountDownLatch(1);
        running = true;
        Thread t = new Thread(this::loop, "mnemos-outbox-relay");
        t.setDaemon(true);
        worker = t;
        t.start();
        log.info(
                "Outbox relay started on {} (poll {} ms, batch {}, exclusive {})",
                database.table("outbox_event"),
                config.pollInterval().toMillis(),
                config.batchSize(),
                config.exclusive());
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        stopSignal.countDown();
        wake.release();
        Thread t = worker;
        if (t != null) {
            try {
                // Let a batch in flight finish (it waits at most send-timeout for acknowledgements).
                t.join(config.sendTimeout().plusSeconds(5).toMillis());
                if (t.isAlive()) {
                    t.interrupt();
                    t.join(5_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        worker = null;
        log.info("Outbox relay stopped");
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void loop() {
        int failures = 0;
        while (running) {
            BatchResult result;
            boolean error = false;
            try {
                result = relayBatch();
            } catch (RuntimeException e) {
                log.warn("Outbox relay batch failed: {}", e.toString());
                result = BatchResult.EMPTY;
                error = true;
            }
            if (!running) {
                break;
            }
            if (error || result.failed() > 0) {
                failures++;
                resetProducer.run();
                pause(backoff(failures));
            } else if (result.published() > 0) {
                failures = 0; // backlog: go on at once
            } else {
                failures = 0;
                idle();
            }
        }
    }

    /** Exponential backoff after {@code failures} consecutive failed batches (1-based). */
    Duration backoff(int failures) {
        long initial = config.backoffInitial().toMillis();
        long max = config.backoffMax().toMillis();
        int shift = Math.min(Math.max(failures - 1, 0), 30);
        long candidate = initial << shift;
        return Duration.ofMillis(candidate <= 0 || candidate > max ? max : candidate);
    }

    private void idle() {
        try {
            if (wake.tryAcquire(config.pollInterval().toNanos(), TimeUnit.NANOSECONDS)) {
                wake.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void pause(Duration d) {
        try {
            stopSignal.await(d.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /**
     * Publishes one batch in one transaction. Public for operational tooling and tests; the background loop calls it
     * continuously while the relay runs.
     *
     * @return how many rows were published and how many failed
     */
    public BatchResult relayBatch() {
        prepareSql();
        BatchResult result = tx.execute(status -> {
            if (config.exclusive()
                    && !Boolean.TRUE.equals(
                            jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class, lockKey))) {
                return BatchResult.EMPTY; // another relay holds the schema's relay lock
            }
            List<Row> rows = jdbc.query(
                    selectSql,
                    (rs, i) -> new Row(
                            rs.getObject("id", UUID.class),
                            rs.getString("topic"),
                            rs.getString("record_key"),
                            rs.getString("type"),
                            rs.getString("envelope"),
                            rs.getTimestamp("created_at").toInstant()),
                    config.batchSize());
            return rows.isEmpty() ? BatchResult.EMPTY : send(rows);
        });
        return result == null ? BatchResult.EMPTY : result;
    }

    private BatchResult send(List<Row> rows) {
        List<CompletableFuture<SendResult<String, String>>> futures = new ArrayList<>(rows.size());
        List<Failure> failures = new ArrayList<>();
        for (Row row : rows) {
            try {
                futures.add(kafka.send(record(row)));
            } catch (RuntimeException e) {
                // The producer refused synchronously (no metadata within max.block.ms, closed producer, ...): the rest
                // would fail alike, and sending later rows first would break their order.
                failures.add(new Failure(row, e));
                break;
            }
        }
        if (!futures.isEmpty()) {
            // Sends what the producer still lingers on. If it throws, the batch fails as a whole: its transaction rolls
            // back, nothing is marked, and the rows are sent again after the backoff.
            kafka.flush();
        }
        long deadline = System.nanoTime() + config.sendTimeout().toNanos();
        List<UUID> published = new ArrayList<>(futures.size());
        for (int i = 0; i < futures.size(); i++) {
            Row row = rows.get(i);
            try {
                futures.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                published.add(row.id());
                metrics.published(row.topic(), Duration.between(row.createdAt(), Instant.now()));
            } catch (ExecutionException e) {
                failures.add(new Failure(row, e.getCause() != null ? e.getCause() : e));
            } catch (TimeoutException e) {
                failures.add(new Failure(
                        row,
                        new TimeoutException("no broker acknowledgement within "
                                + config.sendTimeout().toMillis() + " ms")));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.add(new Failure(row, e));
            }
        }
        if (!published.isEmpty()) {
            jdbc.update(markPublishedSql, ps -> {
                Array ids = ps.getConnection().createArrayOf("uuid", published.toArray());
                ps.setArray(1, ids);
            });
        }
        if (!failures.isEmpty()) {
            jdbc.batchUpdate(
                    markFailedSql,
                    failures.stream()
                            .map(f -> new Object[] {
                                truncate(describe(f.error())), f.row().id()
                            })
                            .toList());
            Failure first = failures.getFirst();
            metrics.failed(first.row().topic(), failures.size());
            log.warn(
                    "Outbox relay: {} of {} record(s) not acknowledged, first {} ({}) to {}: {}",
                    failures.size(),
                    rows.size(),
                    first.row().id(),
                    first.row().type(),
                    first.row().topic(),
                    describe(first.error()));
        }
        return new BatchResult(published.size(), failures.size());
    }

    private static ProducerRecord<String, String> record(Row row) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(EVENT_ID_HEADER, row.id().toString().getBytes(StandardCharsets.UTF_8));
        headers.add(EVENT_TYPE_HEADER, row.type().getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(row.topic(), null, row.key(), row.envelope(), headers);
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getName() + (message == null ? "" : ": " + message);
    }

    private static String truncate(String s) {
        return s.length() <= MAX_ERROR_LENGTH ? s : s.substring(0, MAX_ERROR_LENGTH);
    }

    /**
     * The outcome of one {@link #relayBatch()}.
     *
     * @param published rows acknowledged by the broker and marked published
     * @param failed    rows whose send failed or timed out (recorded, retried after a backoff)
     */
    public record BatchResult(int published, int failed) {
        static final BatchResult EMPTY = new BatchResult(0, 0);
    }

    private record Row(UUID id, String topic, String key, String type, String envelope, Instant createdAt) {
        Row {
            Objects.requireNonNull(createdAt);
        }
    }

    private record Failure(Row row, Throwable error) {}
}

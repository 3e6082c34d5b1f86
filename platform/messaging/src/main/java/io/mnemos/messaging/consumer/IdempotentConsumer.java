package io.mnemos.messaging.consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.mnemos.contracts.Event;
import io.mnemos.contracts.EventCodec;
import io.mnemos.contracts.EventEnvelope;
import io.mnemos.contracts.EventTypes;
import io.mnemos.contracts.InvalidEventException;
import io.mnemos.messaging.internal.MessagingDatabase;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Processes each event at most once per consumer, however often Kafka delivers it.
 *
 * <p>{@link #process(String, ConsumerRecord, EventHandler)} parses and validates the record, then, in one transaction,
 * inserts {@code (consumer, event_id)} into {@code processed_event} ({@code ON CONFLICT DO NOTHING}) and runs the
 * handler only if the row is new. The handler's writes commit together with that row, or roll back together with it.
 * A concurrent delivery of the same event to another instance blocks on the uncommitted row and then sees it, so it
 * skips too.
 *
 * <p>Meter: {@code mnemos.consumer.events} (counter, tags {@code consumer} and {@code outcome}: {@code processed},
 * {@code duplicate}, {@code failed}, {@code invalid}).
 */
public final class IdempotentConsumer {
    private static final Logger log = LoggerFactory.getLogger(IdempotentConsumer.class);
    private static final String TRACE_ID_MDC_KEY = "traceId";

    private final EventCodec codec;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final MeterRegistry registry;
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();
    private final String insertSql;

    /**
     * @param database           the messaging tables
     * @param transactionManager the service's transaction manager for its data source (handlers' writes join its
     *                           transactions)
     * @param codec              parses envelopes and payloads
     * @param registry           where to count
     */
    public IdempotentConsumer(
            MessagingDatabase database,
            PlatformTransactionManager transactionManager,
            EventCodec codec,
            MeterRegistry registry) {
        Objects.requireNonNull(database, "database");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.jdbc = new JdbcTemplate(database.dataSource());
        this.tx = new TransactionTemplate(transactionManager);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRED);
        this.registry = Objects.requireNonNull(registry, "registry");
        this.insertSql = "INSERT INTO " + database.table("processed_event")
                + " (consumer, event_id) VALUES (?, ?) ON CONFLICT DO NOTHING";
    }

    /**
     * Parses {@code record} and processes it once for {@code consumerName}.
     *
     * @param consumerName stable name of the consuming use case (e.g. {@code memory.turn-recorder}); the same event is
     *                     processed once per name, so two use cases in one service need two names
     * @param record       the Kafka record; its value is an {@link EventEnvelope} as JSON
     * @param handler      applies the event's effects
     * @return true if the handler ran and committed, false if the event had been processed before (skipped)
     * @throws InvalidEventException if the record is not a valid envelope of a known type (not retriable)
     * @throws RuntimeException      whatever the handler threw, after the transaction rolled back
     */
    public boolean process(String consumerName, ConsumerRecord<String, String> record, EventHandler handler) {
        requireName(consumerName);
        Objects.requireNonNull(record, "record");
        EventEnvelope envelope;
        try {
            envelope = read(record.value());
        } catch (InvalidEventException e) {
            count(consumerName, "invalid");
            throw new InvalidEventException(
                    "invalid event at " + record.topic() + "-" + record.partition() + "@" + record.offset() + ": "
                            + e.getMessage(),
                    e);
        }
        return process(consumerName, envelope, handler);
    }

    /**
     * Processes an already parsed envelope once for {@code consumerName}.
     *
     * @return true if the handler ran and committed, false if the event had been processed before (skipped)
     * @see #process(String, ConsumerRecord, EventHandler)
     */
    public boolean process(String consumerName, EventEnvelope envelope, EventHandler handler) {
        requireName(consumerName);
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(handler, "handler");
        String previousTrace = MDC.get(TRACE_ID_MDC_KEY);
        if (envelope.traceId() != null) {
            MDC.put(TRACE_ID_MDC_KEY, envelope.traceId());
        }
        try {
            Boolean ran = tx.execute(status -> {
                if (jdbc.update(insertSql, consumerName, envelope.id()) == 0) {
                    return false;
                }
                handler.handle(envelope);
                return true;
            });
            if (Boolean.TRUE.equals(ran)) {
                count(consumerName, "processed");
                return true;
            }
            count(consumerName, "duplicate");
            log.debug("{}: skipping event {} ({}), already processed", consumerName, envelope.id(), envelope.type());
            return false;
        } catch (RuntimeException | Error e) {
            count(consumerName, "failed");
            throw e;
        } finally {
            if (previousTrace != null) {
                MDC.put(TRACE_ID_MDC_KEY, previousTrace);
            } else {
                MDC.remove(TRACE_ID_MDC_KEY);
            }
        }
    }

    /**
     * Parses and validates an envelope: valid JSON, the envelope's required fields, a type registered in {@link
     * EventTypes}, and a payload that fits that type's record.
     *
     * @throws InvalidEventException if any of these fails
     */
    public EventEnvelope read(String json) {
        if (json == null || json.isBlank()) {
            throw new InvalidEventException("empty record value (no event envelope)");
        }
        EventEnvelope envelope = codec.fromJson(json);
        Class<? extends Event> type = EventTypes.byName(envelope.type())
                .orElseThrow(() -> new InvalidEventException("unknown event type " + envelope.type()));
        codec.payload(envelope, type); // throws if the payload does not fit
        return envelope;
    }

    /**
     * The envelope's payload as its record type (delegates to {@link EventCodec#payload}).
     *
     * @throws InvalidEventException if the envelope carries another type or the payload does not fit
     */
    public <P extends Event> P payload(EventEnvelope envelope, Class<P> type) {
        return codec.payload(envelope, type);
    }

    private void count(String consumer, String outcome) {
        counters.computeIfAbsent(List.of(consumer, outcome), k -> Counter.builder("mnemos.consumer.events")
                        .description("Events seen by idempotent consumers, by outcome")
                        .tag("consumer", consumer)
                        .tag("outcome", outcome)
                        .register(registry))
                .increment();
    }

    private static void requireName(String consumerName) {
        if (consumerName == null || consumerName.isBlank()) {
            throw new IllegalArgumentException("consumerName must not be blank");
        }
    }
}

package io.mnemos.messaging.kafka;

import io.mnemos.contracts.InvalidEventException;
import io.mnemos.contracts.Topics;
import io.mnemos.messaging.MessagingProperties;
import io.mnemos.messaging.NonRetriableEventException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.TimestampedException;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.util.ClassUtils;

/**
 * Builds the listener error handler of Mnemos services: retriable failures are retried in place with exponential
 * backoff, then the record goes to {@code <topic>.DLT}; non-retriable failures go there on the first failure. Either way
 * the container then moves on, so a poison record never blocks its partition.
 *
 * <p>The dead-letter record keeps the original key and value (and headers) and carries spring-kafka's {@code
 * kafka_dlt-*} headers (original topic, partition, offset, consumer group, exception class, message and stack trace)
 * plus {@value #REASON_HEADER}: {@code <exception class>: <message>} of the root failure, in UTF-8. Its partition is
 * chosen from the key, so dead-letter topics need not have as many partitions as their source.
 */
public final class DeadLetterErrorHandlers {
    /** Header with a one-line reason on every dead-lettered record. */
    public static final String REASON_HEADER = "mnemos-dlt-reason";

    private static final int MAX_REASON_LENGTH = 1000;

    private DeadLetterErrorHandlers() {}

    /**
     * A {@link DefaultErrorHandler} that dead-letters through {@code template}.
     *
     * @param template producer for the dead-letter records; it must serialise the consumed key and value types
     *                 (strings)
     * @param retry    backoff for retriable failures
     */
    public static DefaultErrorHandler create(KafkaOperations<?, ?> template, MessagingProperties.Retry retry) {
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(
                template, (record, ex) -> new TopicPartition(Topics.deadLetter(record.topic()), -1));
        recoverer.addHeadersFunction((record, ex) -> {
            RecordHeaders headers = new RecordHeaders();
            headers.add(REASON_HEADER, reason(ex).getBytes(StandardCharsets.UTF_8));
            return headers;
        });
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(retry.maxRetries());
        backOff.setInitialInterval(retry.initialInterval().toMillis());
        backOff.setMultiplier(retry.multiplier());
        backOff.setMaxInterval(retry.maxInterval().toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(nonRetriableExceptions().toArray(Class[]::new));
        return handler;
    }

    /**
     * Exceptions (and their subclasses) that are dead-lettered without retry, in addition to spring-kafka's defaults
     * (deserialisation, message conversion, {@code ClassCastException}, ...). The classification looks through causes.
     */
    @SuppressWarnings("unchecked")
    public static List<Class<? extends Exception>> nonRetriableExceptions() {
        List<Class<? extends Exception>> classes = new ArrayList<>(List.of(
                InvalidEventException.class,
                NonRetriableEventException.class,
                IllegalArgumentException.class,
                tools.jackson.core.JacksonException.class));
        for (String name : List.of(
                "jakarta.validation.ValidationException",
                "org.springframework.validation.method.MethodValidationException",
                "org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException",
                "com.fasterxml.jackson.core.JacksonException")) {
            ClassLoader loader = DeadLetterErrorHandlers.class.getClassLoader();
            if (ClassUtils.isPresent(name, loader)) {
                Class<?> c = ClassUtils.resolveClassName(name, loader);
                if (Exception.class.isAssignableFrom(c)) {
                    classes.add((Class<? extends Exception>) c);
                }
            }
        }
        return List.copyOf(classes);
    }

    /** {@code <exception class>: <message>} of the failure behind the listener's wrapper exceptions. */
    public static String reason(Throwable ex) {
        Throwable t = ex;
        while ((t instanceof ListenerExecutionFailedException || t instanceof TimestampedException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        String message = t.getMessage();
        String reason = t.getClass().getName() + (message == null ? "" : ": " + message);
        return reason.length() <= MAX_REASON_LENGTH ? reason : reason.substring(0, MAX_REASON_LENGTH);
    }
}

package io.mnemos.messaging.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnemos.contracts.InvalidEventException;
import io.mnemos.messaging.NonRetriableEventException;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

class DeadLetterErrorHandlersTest {

    @Test
    void theReasonNamesTheFailureBehindTheListenerWrapper() {
        Exception ex = new ListenerExecutionFailedException(
                "Listener method failed", new InvalidEventException("unknown event type x"));

        assertThat(DeadLetterErrorHandlers.reason(ex))
                .isEqualTo("io.mnemos.contracts.InvalidEventException: unknown event type x");
        assertThat(DeadLetterErrorHandlers.reason(new IllegalStateException()))
                .isEqualTo("java.lang.IllegalStateException");
        assertThat(DeadLetterErrorHandlers.reason(new IllegalStateException("x".repeat(5000))))
                .hasSize(1000);
    }

    @Test
    void invalidEventsMarkersArgumentAndJsonErrorsAreNotRetried() {
        assertThat(DeadLetterErrorHandlers.nonRetriableExceptions())
                .contains(
                        InvalidEventException.class,
                        NonRetriableEventException.class,
                        IllegalArgumentException.class,
                        tools.jackson.core.JacksonException.class);
    }
}

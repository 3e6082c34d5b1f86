package io.mnemos.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class MessagingPropertiesTest {

    private static MessagingProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("mnemos.messaging", MessagingProperties.class);
    }

    @Test
    void defaults() {
        MessagingProperties p = bind(Map.of());

        assertThat(p.schema().migrate()).isTrue();
        assertThat(p.schema().name()).isNull();
        assertThat(p.schema().historyTable()).isEqualTo("mnemos_messaging_schema_history");
        assertThat(p.outbox().relay().enabled()).isTrue();
        assertThat(p.outbox().relay().pollInterval()).isEqualTo(Duration.ofMillis(50));
        assertThat(p.outbox().relay().batchSize()).isEqualTo(500);
        assertThat(p.outbox().relay().exclusive()).isTrue();
        assertThat(p.outbox().retention()).isEqualTo(Duration.ofDays(1));
        assertThat(p.outbox().maxBacklogAge()).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.consumer().retry().maxRetries()).isEqualTo(3);
        assertThat(p.consumer().retry().initialInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(p.consumer().processedRetention()).isEqualTo(Duration.ofDays(14));
        assertThat(p.consumer().errorHandler()).isTrue();
        assertThat(p.topics().create()).isTrue();
        assertThat(p.topics().partitions()).isEqualTo(io.mnemos.contracts.Topics.DEFAULT_PARTITIONS);
        assertThat(p.topics().replicationFactor()).isEqualTo((short) -1);
    }

    @Test
    void relaxedNamesAndDurationsBind() {
        MessagingProperties p = bind(Map.of(
                "mnemos.messaging.outbox.relay.poll-interval", "10ms",
                "mnemos.messaging.outbox.relay.batch-size", "50",
                "mnemos.messaging.outbox.retention", "2h",
                "mnemos.messaging.schema.name", "memory"));

        assertThat(p.outbox().relay().pollInterval()).isEqualTo(Duration.ofMillis(10));
        assertThat(p.outbox().relay().batchSize()).isEqualTo(50);
        assertThat(p.outbox().retention()).isEqualTo(Duration.ofHours(2));
        assertThat(p.schema().name()).isEqualTo("memory");
    }

    @Test
    void invalidValuesFailBindingWithTheKeyInTheMessage() {
        assertThatThrownBy(() -> bind(Map.of("mnemos.messaging.outbox.relay.batch-size", "0")))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessageContaining("mnemos.messaging.outbox.relay.batch-size");
        assertThatThrownBy(() -> bind(Map.of("mnemos.messaging.outbox.relay.poll-interval", "0ms")))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessageContaining("poll-interval");
    }
}

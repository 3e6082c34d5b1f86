package io.mnemos.messaging.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mnemos.messaging.MessagingProperties;
import io.mnemos.messaging.internal.MessagingDatabase;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.kafka.core.KafkaOperations;

class OutboxRelayTest {

    @SuppressWarnings("unchecked")
    private static OutboxRelay relay(String initial, String max) {
        MessagingProperties.Relay config = new Binder(
                        new MapConfigurationPropertySource(Map.of("r.backoff-initial", initial, "r.backoff-max", max)))
                .bindOrCreate("r", MessagingProperties.Relay.class);
        MessagingDatabase db = JdbcOutboxTest.database(mock(DataSource.class));
        return new OutboxRelay(
                db,
                mock(KafkaOperations.class),
                () -> {},
                config,
                new OutboxMetrics(new SimpleMeterRegistry(), new OutboxBacklog(db)));
    }

    @Test
    void backoffDoublesPerConsecutiveFailureUpToTheMaximum() {
        OutboxRelay relay = relay("100ms", "1s");

        assertThat(relay.backoff(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(relay.backoff(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(relay.backoff(4)).isEqualTo(Duration.ofMillis(800));
        assertThat(relay.backoff(5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(relay.backoff(1_000)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aStoppedRelayIgnoresWakeUps() {
        OutboxRelay relay = relay("100ms", "1s");
        relay.wakeUp();
        assertThat(relay.isRunning()).isFalse();
    }
}

package io.mnemos.messaging.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mnemos.contracts.EventCodec;
import io.mnemos.contracts.EventEnvelope;
import io.mnemos.contracts.Ids;
import io.mnemos.contracts.InvalidEventException;
import io.mnemos.contracts.events.SessionStarted;
import io.mnemos.contracts.events.TurnStored;
import io.mnemos.messaging.internal.MessagingDatabase;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.PlatformTransactionManager;

class IdempotentConsumerTest {
    private final EventCodec codec = new EventCodec();
    private final DataSource dataSource = mock(DataSource.class);
    private final PlatformTransactionManager txManager = mock(PlatformTransactionManager.class);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final IdempotentConsumer consumer = new IdempotentConsumer(database(), txManager, codec, registry);

    private MessagingDatabase database() {
        MessagingDatabase db = new MessagingDatabase(dataSource, () -> "svc", false, "history");
        db.afterPropertiesSet();
        return db;
    }

    private static ConsumerRecord<String, String> record(String value) {
        return new ConsumerRecord<>("memory.events", 2, 41L, "t1:s1", value);
    }

    @Test
    void aValidEnvelopeReads() {
        TurnStored turn = new TurnStored(UUID.randomUUID(), UUID.randomUUID(), "u", 3, 4);
        EventEnvelope e = codec.wrap(turn, "t1", "s1", "trace");

        EventEnvelope read = consumer.read(codec.toJson(e));

        assertThat(read.id()).isEqualTo(e.id());
        assertThat(consumer.payload(read, TurnStored.class)).isEqualTo(turn);
    }

    @Test
    void invalidRecordsAreRejectedAsInvalidEventsWithoutTouchingTheDatabase() {
        EventEnvelope unknown = new EventEnvelope(
                Ids.newId(),
                "no.such.type",
                1,
                "t1",
                "t1:s1",
                Instant.now(),
                null,
                codec.mapper().valueToTree(Map.of()));
        EventEnvelope misfit = new EventEnvelope(
                Ids.newId(),
                "memory.turn.stored",
                1,
                "t1",
                "t1:s1",
                Instant.now(),
                null,
                codec.mapper().valueToTree(Map.of("bogus", 1)));

        for (String value :
                new String[] {null, "", "not json", "{}", "[1,2]", codec.toJson(unknown), codec.toJson(misfit)}) {
            assertThatThrownBy(() -> consumer.process("c", record(value), e -> {}))
                    .as("value %s", value)
                    .isInstanceOf(InvalidEventException.class)
                    .hasMessageContaining("memory.events-2@41");
        }
        verifyNoInteractions(dataSource, txManager);
        assertThat(registry.get("mnemos.consumer.events")
                        .tags("consumer", "c", "outcome", "invalid")
                        .counter()
                        .count())
                .isEqualTo(7);
    }

    @Test
    void readingThePayloadAsAnotherTypeIsAnInvalidEvent() {
        EventEnvelope e = codec.wrap(new TurnStored(UUID.randomUUID(), UUID.randomUUID(), "u", 1, 1), "t1", "s1", null);
        assertThatThrownBy(() -> consumer.payload(e, SessionStarted.class)).isInstanceOf(InvalidEventException.class);
    }

    @Test
    void aBlankConsumerNameIsAProgrammingError() {
        assertThatThrownBy(() -> consumer.process(" ", record("{}"), e -> {}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

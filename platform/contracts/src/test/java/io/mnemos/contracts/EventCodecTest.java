package io.mnemos.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mnemos.contracts.events.SessionStarted;
import io.mnemos.contracts.events.TurnRecorded;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventCodecTest {
    private final EventCodec codec = new EventCodec();

    @Test
    void roundTripKeepsEnvelopeAndPayload() {
        UUID session = Ids.newId();
        TurnRecorded turn = new TurnRecorded(session, Ids.newId(), "u1", 3, "user", "hello", Instant.now());
        EventEnvelope e = codec.wrap(turn, "acme", session.toString(), "trace-1");

        EventEnvelope back = codec.fromJson(codec.toJson(e));

        assertThat(back).usingRecursiveComparison().ignoringFields("payload").isEqualTo(e);
        assertThat(back.type()).isEqualTo("conversation.turn.recorded");
        assertThat(back.key()).isEqualTo("acme:" + session);
        assertThat(back.id().version()).isEqualTo(7);
        assertThat(codec.payload(back, TurnRecorded.class)).isEqualTo(turn);
    }

    @Test
    void idsAreTimeOrdered() {
        UUID a = Ids.newId();
        UUID b = Ids.newId();
        assertThat(a.compareTo(b)).isNegative();
    }

    @Test
    void rejectsGarbageAndWrongTypes() {
        assertThatThrownBy(() -> codec.fromJson("not json")).isInstanceOf(InvalidEventException.class);
        assertThatThrownBy(() -> codec.fromJson("{\"id\":\"" + Ids.newId() + "\"}"))
                .isInstanceOf(InvalidEventException.class);
        EventEnvelope e = codec.wrap(new SessionStarted(Ids.newId(), "u", Instant.now()), "acme", "s", null);
        assertThatThrownBy(() -> codec.payload(e, TurnRecorded.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("expected event type conversation.turn.recorded");
    }

    @Test
    void rejectsUnknownPayloadFields() {
        EventEnvelope e = codec.wrap(new SessionStarted(Ids.newId(), "u", Instant.now()), "acme", "s", null);
        String json = codec.toJson(e).replace("\"userId\"", "\"surprise\":1,\"userId\"");
        EventEnvelope parsed = codec.fromJson(json);
        assertThatThrownBy(() -> codec.payload(parsed, SessionStarted.class)).isInstanceOf(InvalidEventException.class);
    }
}

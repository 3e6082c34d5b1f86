package io.mnemos.contracts;

import java.time.Instant;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns payloads into envelopes and envelopes into JSON and back. Thread-safe. Unknown payload fields fail, so a
 * producer that drifts from the schema is caught by the consumer (and its event dead-lettered) instead of half-read.
 */
public final class EventCodec {
    private final JsonMapper mapper;

    public EventCodec() {
        this(JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build());
    }

    public EventCodec(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** Wraps a payload in a new envelope with a fresh UUIDv7 id. */
    public EventEnvelope wrap(Event payload, String tenant, String entityId, String traceId) {
        EventType t = payload.eventType();
        return new EventEnvelope(
                Ids.newId(),
                t.name(),
                t.version(),
                tenant,
                Topics.key(tenant, entityId),
                Instant.now(),
                traceId,
                mapper.valueToTree(payload));
    }

    /** Serialises an envelope to JSON text. */
    public String toJson(EventEnvelope envelope) {
        return mapper.writeValueAsString(envelope);
    }

    /**
     * Parses an envelope.
     *
     * @throws InvalidEventException if the text is not an envelope
     */
    public EventEnvelope fromJson(String json) {
        try {
            EventEnvelope e = mapper.readValue(json, EventEnvelope.class);
            if (e == null) {
                throw new InvalidEventException("empty event");
            }
            return e;
        } catch (JacksonException | NullPointerException ex) {
            throw new InvalidEventException("not a valid event envelope: " + ex.getMessage(), ex);
        }
    }

    /**
     * Reads the payload of an envelope as the given record type, checking the type name matches.
     *
     * @throws InvalidEventException if the envelope carries another type or the payload does not fit
     */
    public <P extends Event> P payload(EventEnvelope envelope, Class<P> type) {
        EventType t = EventTypes.typeOf(type);
        if (!t.name().equals(envelope.type())) {
            throw new InvalidEventException("expected event type " + t.name() + " but got " + envelope.type());
        }
        try {
            return mapper.treeToValue(envelope.payload(), type);
        } catch (JacksonException | NullPointerException | IllegalArgumentException ex) {
            throw new InvalidEventException(
                    "payload of " + envelope.type() + " does not fit its schema: " + ex.getMessage(), ex);
        }
    }

    /** The payload as JSON text (for storage in an outbox row). */
    public String payloadJson(JsonNode payload) {
        return mapper.writeValueAsString(payload);
    }

    /** The mapper used, configured for events. */
    public JsonMapper mapper() {
        return mapper;
    }
}

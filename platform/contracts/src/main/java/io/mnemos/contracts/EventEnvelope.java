package io.mnemos.contracts;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * What travels on Kafka: the metadata every consumer needs plus the event payload as JSON.
 *
 * @param id            UUIDv7 of this event; consumers deduplicate on it
 * @param type          stable event type name ({@link EventType#name()})
 * @param schemaVersion version of the payload schema
 * @param tenant        the tenant the event belongs to; never null
 * @param key           Kafka record key ({@code tenant:entity}); ordering holds per key
 * @param occurredAt    when the state change happened
 * @param traceId       trace id of the request that caused it (W3C trace id or request id), may be null
 * @param payload       the event record as JSON, validated against the type's schema
 */
public record EventEnvelope(
        UUID id,
        String type,
        int schemaVersion,
        String tenant,
        String key,
        Instant occurredAt,
        String traceId,
        JsonNode payload) {

    public EventEnvelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(payload, "payload");
    }
}

package io.mnemos.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.mnemos.contracts.events.ImageProcessed;
import io.mnemos.contracts.events.SessionStarted;
import io.mnemos.contracts.events.SpeechInterrupt;
import io.mnemos.contracts.events.SpeechTranscript;
import io.mnemos.contracts.events.TurnRecorded;
import io.mnemos.contracts.events.TurnStored;
import java.io.InputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The records and the checked-in JSON Schemas must agree: same fields, same required set, samples validate. */
class EventSchemaTest {
    private static final EventCodec CODEC = new EventCodec();
    private static final com.fasterxml.jackson.databind.ObjectMapper JACKSON2 =
            new com.fasterxml.jackson.databind.ObjectMapper();

    static List<Class<? extends Event>> eventTypes() {
        return EventTypes.all();
    }

    static List<Event> samples() {
        UUID s = Ids.newId();
        return List.of(
                new SessionStarted(s, "user-1", Instant.now()),
                new TurnRecorded(s, Ids.newId(), "user-1", 1, "user", "I like green tea", Instant.now()),
                new TurnStored(s, Ids.newId(), "user-1", 1, 1),
                new io.mnemos.contracts.events.ProfileUpdated(
                        "user-1", Ids.newId(), "food.preference", "superseded", 0, List.of(Ids.newId()), List.of()),
                new io.mnemos.contracts.events.ExperienceLearned(Ids.newId(), null, "SUCCESS", "open>search>tap", 3),
                new io.mnemos.contracts.events.ActionRecorded(Ids.newId(), "user-1", true, 4, Ids.newId(), true),
                new io.mnemos.contracts.events.UserErased(
                        "user-1", Ids.newId(), Instant.now(), java.util.Map.of("profile.facts", 3L)),
                new io.mnemos.contracts.events.MemoryItemDeleted(
                        "experience.episode",
                        Ids.newId(),
                        null,
                        Ids.newId(),
                        Instant.now(),
                        java.util.Map.of("episodes", 1L)),
                new SpeechTranscript(s, "item_1", "user", "what is the weather", 480, 2140, Instant.now()),
                new SpeechInterrupt(s, 2, "It is sunny", 950, "barge_in", Instant.now()),
                new io.mnemos.contracts.events.DocumentIngestRequested(
                        "kb", "doc-1", "Tea", "Green tea is a tea.", java.util.Map.of("lang", "en"), true),
                new io.mnemos.contracts.events.DocumentIndexed(
                        "kb", "doc-1", "Tea", 1, 19, false, "kafka", Instant.now()),
                new io.mnemos.contracts.events.DocumentDeleted("kb", "doc-1", "deleted", Instant.now()),
                new ImageProcessed(
                        Ids.newId(),
                        "scan.png",
                        "png",
                        640,
                        480,
                        "0".repeat(64),
                        "8f3c00ff12ab34cd",
                        "The quick brown dog",
                        0.95,
                        "not-configured",
                        null,
                        null,
                        Instant.now()));
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void schemaPropertiesMatchRecordComponents(Class<? extends Event> type) throws Exception {
        var schema = JACKSON2.readTree(schemaStream(type));
        Set<String> properties = new TreeSet<>();
        schema.get("properties").fieldNames().forEachRemaining(properties::add);
        Set<String> components = Arrays.stream(type.getRecordComponents())
                .map(c -> c.getName())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(properties)
                .as("schema properties of %s", type.getSimpleName())
                .isEqualTo(components);
        Set<String> required = new TreeSet<>();
        schema.get("required").forEach(n -> required.add(n.asText()));
        assertThat(required).as("every field is required").isEqualTo(components);
        assertThat(schema.get("additionalProperties").asBoolean(true)).isFalse();
        assertThat(schema.get("description").asText())
                .isEqualTo(EventTypes.typeOf(type).description());
    }

    @Test
    void everyRegisteredTypeHasASample() {
        assertThat(samples().stream().map(Object::getClass).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(EventTypes.all());
    }

    @ParameterizedTest
    @MethodSource("samples")
    void serialisedSamplesValidateAgainstTheirSchema(Event sample) throws Exception {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(schemaStream(sample.getClass()));
        EventEnvelope envelope = CODEC.wrap(sample, "acme", "e1", null);
        String json = CODEC.payloadJson(envelope.payload());
        Set<ValidationMessage> errors = schema.validate(JACKSON2.readTree(json));
        assertThat(errors).isEmpty();
    }

    @Test
    void schemaRejectsAPayloadWithAMissingField() throws Exception {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(schemaStream(TurnRecorded.class));
        var node = JACKSON2.readTree("{\"sessionId\":\"" + Ids.newId() + "\",\"text\":\"hi\"}");
        assertThat(schema.validate(node)).isNotEmpty();
    }

    private static InputStream schemaStream(Class<?> type) {
        InputStream in = EventSchemaTest.class
                .getClassLoader()
                .getResourceAsStream(EventTypes.schemaResource(EventTypes.typeOf(type)));
        assertThat(in).as("schema file for %s", type.getSimpleName()).isNotNull();
        return in;
    }
}

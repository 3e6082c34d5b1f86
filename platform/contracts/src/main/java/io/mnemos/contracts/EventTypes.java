package io.mnemos.contracts;

import io.mnemos.contracts.events.ActionRecorded;
import io.mnemos.contracts.events.ExperienceLearned;
import io.mnemos.contracts.events.ImageProcessed;
import io.mnemos.contracts.events.ProfileUpdated;
import io.mnemos.contracts.events.SessionStarted;
import io.mnemos.contracts.events.SpeechInterrupt;
import io.mnemos.contracts.events.SpeechTranscript;
import io.mnemos.contracts.events.TurnRecorded;
import io.mnemos.contracts.events.TurnStored;
import io.mnemos.contracts.events.UserErased;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The registry of every event payload type. Add new event records here (a test checks each has a schema). */
public final class EventTypes {
    private static final List<Class<? extends Event>> ALL = List.of(
            SessionStarted.class,
            TurnRecorded.class,
            TurnStored.class,
            ImageProcessed.class,
            SpeechTranscript.class,
            SpeechInterrupt.class,
            io.mnemos.contracts.events.DocumentIngestRequested.class,
            io.mnemos.contracts.events.DocumentIndexed.class,
            io.mnemos.contracts.events.DocumentDeleted.class,
            ProfileUpdated.class,
            ExperienceLearned.class,
            ActionRecorded.class,
            UserErased.class,
            io.mnemos.contracts.events.MemoryItemDeleted.class);

    private static final Map<String, Class<? extends Event>> BY_NAME =
            ALL.stream().collect(Collectors.toUnmodifiableMap(c -> typeOf(c).name(), Function.identity()));

    private EventTypes() {}

    /** Every registered payload class. */
    public static List<Class<? extends Event>> all() {
        return ALL;
    }

    /** The payload class registered for a type name, if any. */
    public static Optional<Class<? extends Event>> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The {@link EventType} annotation of a payload class; fails loudly if the class is not annotated. */
    public static EventType typeOf(Class<?> payloadClass) {
        EventType t = payloadClass.getAnnotation(EventType.class);
        if (t == null) {
            throw new IllegalArgumentException(payloadClass.getName() + " is not annotated with @EventType");
        }
        return t;
    }

    /** Classpath location of the JSON Schema for a type. */
    public static String schemaResource(EventType t) {
        return "schemas/" + t.name() + ".v" + t.version() + ".schema.json";
    }
}

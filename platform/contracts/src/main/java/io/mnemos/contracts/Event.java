package io.mnemos.contracts;

/**
 * An event payload. Implementations are records annotated with {@link EventType} and registered in {@link EventTypes}.
 */
public interface Event {
    /** The {@link EventType} annotation of this payload's class. */
    default EventType eventType() {
        return EventTypes.typeOf(getClass());
    }
}

package io.mnemos.contracts;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record as an event payload: its stable type name, schema version and topic. The JSON Schema of the payload
 * lives at {@code schemas/<name>.v<version>.schema.json} in this module.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {
    /** Stable, dotted type name, e.g. {@code conversation.turn.recorded}. */
    String name();

    /** Schema version; bump on incompatible change and keep the old schema file. */
    int version() default 1;

    /** Topic the event is published on (a constant of {@link Topics}). */
    String topic();

    /** One sentence on what happened. */
    String description();
}

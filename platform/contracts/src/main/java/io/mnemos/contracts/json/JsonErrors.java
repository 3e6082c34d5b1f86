package io.mnemos.contracts.json;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;

/**
 * Jackson's errors about a client's JSON, reworded for the client: where in the body, what the parser found wrong
 * (without Jackson's source markers), and what a field must be. One wording for every reader of client JSON.
 */
public final class JsonErrors {
    private static final int MAX_REASON = 200;

    private JsonErrors() {}

    /**
     * The JSON path of the value that failed, e.g. {@code items[0].text}; empty for the root value. Jackson records
     * it on any {@link JacksonException} as the exception travels out of nested deserialisers.
     */
    public static String path(JacksonException ex) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : ex.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /**
     * What the parser found wrong, e.g. "Unexpected end-of-input: expected close marker for Object": the first line
     * of its message, without the source markers it appends ("(start marker at [Source: …])", "at [Source: …]"),
     * which name no position a client can use. {@link #location} gives the position.
     */
    public static String reason(JacksonException ex) {
        String m = ex.getOriginalMessage();
        if (m == null || m.isBlank()) {
            return "malformed JSON";
        }
        int nl = m.indexOf('\n');
        String line = nl < 0 ? m : m.substring(0, nl);
        int marker = line.indexOf("(start marker at ");
        if (marker >= 0) {
            line = line.substring(0, marker);
        }
        int source = line.indexOf("at [Source:");
        if (source >= 0) {
            line = line.substring(0, source);
        }
        line = line.replaceAll("\\p{Cntrl}", " ").strip();
        if (line.isEmpty()) {
            return "malformed JSON";
        }
        return line.length() > MAX_REASON ? line.substring(0, MAX_REASON) + "..." : line;
    }

    /** "line L, column C" of the error, or empty when Jackson does not know it. */
    public static String location(JacksonException ex) {
        TokenStreamLocation at = ex.getLocation();
        return at == null || at.getLineNr() < 1 ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    /** What a client should send for a Java type, in words ("a whole number", "a UUID (e.g. …)", …). */
    public static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == UUID.class) {
            return "a UUID (e.g. 0190f1c2-7a4b-7c3d-8e9f-0a1b2c3d4e5f)";
        }
        if (type == String.class || type == Character.class || type == char.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Integer.class
                || type == int.class
                || type == Long.class
                || type == long.class
                || type == Short.class
                || type == short.class
                || type == Byte.class
                || type == byte.class
                || type == java.math.BigInteger.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == LocalDate.class) {
            return "a date (YYYY-MM-DD)";
        }
        if (type == LocalTime.class) {
            return "a time (hh:mm:ss)";
        }
        if (type == LocalDateTime.class) {
            return "a date-time (YYYY-MM-DDThh:mm:ss)";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 timestamp (e.g. 2027-01-31T00:00:00Z)";
        }
        if (type == Duration.class) {
            return "an ISO-8601 duration (e.g. PT30S)";
        }
        if (type.isEnum()) {
            return "one of "
                    + Arrays.stream(type.getEnumConstants())
                            .map(String::valueOf)
                            .collect(Collectors.joining(", "));
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord() || !type.isPrimitive()) {
            return "an object";
        }
        return "of another type";
    }
}

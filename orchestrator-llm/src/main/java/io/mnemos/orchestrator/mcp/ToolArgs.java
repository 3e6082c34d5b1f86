package io.mnemos.orchestrator.mcp;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Reads a tool call's arguments; a wrong one is an {@link Invalid} whose message the tool returns as an error. */
final class ToolArgs {
    private final Map<String, Object> args;

    ToolArgs(@Nullable Map<String, Object> args, Set<String> known) {
        this.args = args == null ? Map.of() : args;
        for (String name : this.args.keySet()) {
            if (!known.contains(name)) {
                throw new Invalid("unknown argument '" + name + "'; accepted: "
                        + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    /** A non-blank string of at most {@code max} characters, without control characters. */
    String string(String name, int max) {
        Object v = args.get(name);
        if (v == null) {
            throw new Invalid("'" + name + "' is required");
        }
        if (!(v instanceof String s) || s.isBlank()) {
            throw new Invalid("'" + name + "' must be a non-blank string");
        }
        if (s.length() > max) {
            throw new Invalid("'" + name + "' must be at most " + max + " characters, got " + s.length());
        }
        if (s.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
            throw new Invalid("'" + name + "' must not contain control characters");
        }
        return s;
    }

    /** An optional integer in {@code [min, max]}. */
    @Nullable
    Integer integer(String name, int min, int max) {
        Object v = args.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new Invalid("'" + name + "' must be an integer");
        }
        if (n.longValue() < min || n.longValue() > max) {
            throw new Invalid("'" + name + "' must be between " + min + " and " + max + ", got " + n);
        }
        return n.intValue();
    }

    /** An optional string out of {@code allowed}. */
    @Nullable
    String oneOf(String name, List<String> allowed) {
        Object v = args.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s) || !allowed.contains(s)) {
            throw new Invalid("'" + name + "' must be one of " + String.join(", ", allowed));
        }
        return s;
    }

    /** An argument the tool cannot use. */
    static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }
}

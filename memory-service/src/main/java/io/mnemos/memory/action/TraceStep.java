package io.mnemos.memory.action;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One recorded step.
 *
 * @param target what was acted on
 * @param action the action ({@code tap}, {@code type}, {@code http.post}, ...)
 * @param params action parameters
 * @param preState fingerprint of the state before the step ({@code null} if unknown: not checked on replay)
 * @param postState fingerprint of the state after it ({@code null} if unknown)
 */
public record TraceStep(Target target, String action, Map<String, String> params, String preState, String postState) {

    public TraceStep {
        Objects.requireNonNull(target, "target");
        if (action == null || action.isBlank()) {
            throw new IllegalArgumentException("action must not be blank");
        }
        params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(params));
    }
}

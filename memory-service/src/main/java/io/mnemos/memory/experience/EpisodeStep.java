package io.mnemos.memory.experience;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One step of an episode.
 *
 * @param subGoal what the step was for, in words ("search for Nopa")
 * @param action the action's name ({@code search}, {@code tap}, {@code http.post})
 * @param params the action's parameters (sorted by name)
 */
public record EpisodeStep(String subGoal, String action, Map<String, String> params) {

    public EpisodeStep {
        Objects.requireNonNull(subGoal, "subGoal");
        if (action == null || action.isBlank()) {
            throw new IllegalArgumentException("action must not be blank");
        }
        params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(params));
    }
}

package io.mnemos.memory.experience;

import java.util.Map;
import java.util.TreeMap;

/**
 * A step of a template: sub-goal and parameters are strings with {@code {slot}} placeholders.
 *
 * @param subGoal sub-goal template, e.g. {@code search for {slot2}}
 * @param action action name
 * @param params parameter name → value template, e.g. {@code query → {slot2}}; a placeholder that is not a slot of the
 *     template (e.g. {@code {step3.text}}) has no value in training that could be derived, and stays for the model
 */
public record StepSkeleton(String subGoal, String action, Map<String, String> params) {

    public StepSkeleton {
        params = java.util.Collections.unmodifiableMap(new TreeMap<>(params));
    }
}

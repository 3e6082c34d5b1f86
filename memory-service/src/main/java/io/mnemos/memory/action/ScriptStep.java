package io.mnemos.memory.action;

import java.util.Map;
import java.util.TreeMap;

/**
 * A step of a replay script.
 *
 * @param target what to act on
 * @param action the action
 * @param params parameter templates ({@code {slotN}} is filled from the task)
 * @param expectedPreState the state fingerprint that must be observed before the step ({@code null}: not checked)
 * @param expectedPostState the state expected after it ({@code null}: not checked)
 */
public record ScriptStep(
        Target target, String action, Map<String, String> params, String expectedPreState, String expectedPostState) {

    public ScriptStep {
        params = java.util.Collections.unmodifiableMap(new TreeMap<>(params));
    }
}

package io.mnemos.memory.experience;

import java.util.List;

/**
 * A template slot.
 *
 * @param name {@code slot1}, ... for goal and sub-goal slots; the parameter name for action templates
 * @param kind {@code number} when every value seen was numeric, else {@code text}
 * @param examples up to five values seen in training
 */
public record SlotSpec(String name, String kind, List<String> examples) {

    public SlotSpec {
        examples = List.copyOf(examples);
    }

    /** Whether {@code value} fits the kind. */
    public boolean accepts(String value) {
        return !"number".equals(kind) || isNumber(value);
    }

    static boolean isNumber(String v) {
        return v != null && v.strip().matches("[0-9]+(?:[.,:][0-9]+)?");
    }

    static SlotSpec of(String name, List<String> values) {
        boolean numeric = !values.isEmpty() && values.stream().allMatch(SlotSpec::isNumber);
        return new SlotSpec(
                name,
                numeric ? "number" : "text",
                values.stream().distinct().limit(5).toList());
    }
}

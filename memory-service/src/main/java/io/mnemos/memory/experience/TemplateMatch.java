package io.mnemos.memory.experience;

import java.util.List;
import java.util.Map;

/**
 * The template that fits a task, and the task it instantiates to.
 *
 * @param level the level of the template
 * @param template the template
 * @param confidence alignment confidence in [0, 1]
 * @param bindings slot → value read from the task text
 * @param steps the template's steps with the bindings filled in
 * @param unbound placeholders left in {@code steps} (values the caller or the model must supply)
 */
public record TemplateMatch(
        TemplateLevel level,
        ExperienceTemplate template,
        double confidence,
        Map<String, String> bindings,
        List<EpisodeStep> steps,
        List<String> unbound) {

    public TemplateMatch {
        bindings = Map.copyOf(bindings);
        steps = List.copyOf(steps);
        unbound = List.copyOf(unbound);
    }
}

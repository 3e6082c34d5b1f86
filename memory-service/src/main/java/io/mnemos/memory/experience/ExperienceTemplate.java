package io.mnemos.memory.experience;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A learned template.
 *
 * @param id stable while the template's level, key and pattern stay the same
 * @param tenant owning tenant
 * @param level task, sub-task or action
 * @param key the group it was learned from: the action signature (task), the action name (sub-task and action)
 * @param pattern goal or sub-goal pattern with {@code {slotN}} slots; for action templates the action name
 * @param slots the pattern's slots (for action templates: the variable parameters)
 * @param keywords action templates: words common to the sub-goals that led to the action; empty otherwise
 * @param steps task: the steps; sub-task and action: one step
 * @param support successful episodes (task) or steps (sub-task, action) it was learned from
 * @param updatedAt when it was (re)learned
 */
public record ExperienceTemplate(
        UUID id,
        String tenant,
        TemplateLevel level,
        String key,
        String pattern,
        List<SlotSpec> slots,
        List<String> keywords,
        List<StepSkeleton> steps,
        int support,
        Instant updatedAt) {

    public ExperienceTemplate {
        slots = List.copyOf(slots);
        keywords = List.copyOf(keywords);
        steps = List.copyOf(steps);
    }
}

package io.mnemos.memory.experience;

/** Abstraction level of an {@link ExperienceTemplate}, most specific first. */
public enum TemplateLevel {
    /** Goal pattern → ordered steps. */
    TASK,
    /** Sub-goal pattern → one action skeleton. */
    SUB_TASK,
    /** One parameterised action. */
    ACTION
}

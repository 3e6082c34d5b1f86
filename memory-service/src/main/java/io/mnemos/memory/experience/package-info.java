/**
 * Experience memory (MOBIMEM "Experience Memory", after AgentRR's multi-level abstraction): what worked before,
 * generalised into templates at three levels.
 *
 * <ul>
 *   <li><b>Task</b> templates: a goal pattern with slots ({@code send a message to {slot1} saying {slot2}}) and the
 *       ordered steps that achieve it, with sub-goals and action parameters that refer to the slots.
 *   <li><b>Sub-task</b> templates: a sub-goal pattern ({@code search for {slot1}}) and the action that achieves it.
 *   <li><b>Action</b> templates: one action with its constant and variable parameters, and the keywords of the
 *       sub-goals that led to it.
 * </ul>
 *
 * <p>{@link io.mnemos.memory.experience.TemplateInducer} learns them from successful {@link
 * io.mnemos.memory.experience.Episode}s: episodes with the same sequence of actions whose goals align (longest common
 * subsequence of words, {@link io.mnemos.memory.experience.TextPattern}) are one task family; words that differ become
 * slots, and step parameters that carry a slot's value refer to it. {@link
 * io.mnemos.memory.experience.ExperienceService#match} tries the levels from the most specific down and returns the
 * first that fits, with its slot bindings and the concrete steps.
 */
package io.mnemos.memory.experience;

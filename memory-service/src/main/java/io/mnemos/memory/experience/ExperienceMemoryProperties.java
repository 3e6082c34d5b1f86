package io.mnemos.memory.experience;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of experience memory ({@code mnemos.memory.experience.*}).
 *
 * @param minShared fraction of a task family's literal goal words a new episode must share to join it (default 0.3)
 * @param minSupport successful episodes a family needs before it becomes a template (default 2)
 * @param taskThreshold minimum alignment confidence of a task-level match (default 0.8)
 * @param subTaskThreshold minimum confidence of a sub-task match (default 0.8)
 * @param actionThreshold minimum confidence of an action match (default 0.5)
 */
@ConfigurationProperties("mnemos.memory.experience")
public record ExperienceMemoryProperties(
        Double minShared, Integer minSupport, Double taskThreshold, Double subTaskThreshold, Double actionThreshold) {

    public ExperienceMemoryProperties {
        minShared = minShared == null ? 0.3 : minShared;
        minSupport = minSupport == null ? 2 : minSupport;
        taskThreshold = taskThreshold == null ? 0.8 : taskThreshold;
        subTaskThreshold = subTaskThreshold == null ? 0.8 : subTaskThreshold;
        actionThreshold = actionThreshold == null ? 0.5 : actionThreshold;
        for (double t : new double[] {minShared, taskThreshold, subTaskThreshold, actionThreshold}) {
            if (!(t > 0 && t <= 1)) {
                throw new IllegalArgumentException("mnemos.memory.experience thresholds must be in (0, 1]");
            }
        }
        if (minSupport < 1) {
            throw new IllegalArgumentException("mnemos.memory.experience.min-support must be at least 1");
        }
    }
}

package io.mnemos.memory.action;

import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of action memory ({@code mnemos.memory.action.*}); defaults as {@link ReplayPolicy#defaults()}.
 *
 * @param minSimilarity minimum cosine similarity between a task and a script's task pattern, slots masked (0.8)
 * @param minPatternConfidence minimum alignment confidence of the task to the script's pattern (0.8)
 * @param minRuns runs in the window before a script can be retired (4)
 * @param window latest runs the success rate is computed over (8)
 * @param minSuccessRate a script whose recent success rate falls below this is retired (0.5)
 * @param branching on a failed check, move to a sibling script whose next state matches (true)
 * @param sensitiveActions actions flagged {@code requiresConfirmation} (send, pay, delete, share, purchase, transfer)
 */
@ConfigurationProperties("mnemos.memory.action")
public record ActionMemoryProperties(
        Double minSimilarity,
        Double minPatternConfidence,
        Integer minRuns,
        Integer window,
        Double minSuccessRate,
        Boolean branching,
        Set<String> sensitiveActions) {

    /** The replay policy these settings describe (checked). */
    public ReplayPolicy policy() {
        ReplayPolicy d = ReplayPolicy.defaults();
        return new ReplayPolicy(
                minSimilarity == null ? d.minSimilarity() : minSimilarity,
                minPatternConfidence == null ? d.minPatternConfidence() : minPatternConfidence,
                minRuns == null ? d.minRuns() : minRuns,
                window == null ? d.window() : window,
                minSuccessRate == null ? d.minSuccessRate() : minSuccessRate,
                branching == null ? d.branching() : branching,
                sensitiveActions == null ? d.sensitiveActions() : sensitiveActions);
    }
}

package io.mnemos.memory.action;

import java.util.Set;

/**
 * How replay picks scripts and retires them.
 *
 * @param minSimilarity minimum cosine similarity between the task and a script's task pattern, both embedded with the
 *     slot values masked (default 0.8)
 * @param minPatternConfidence minimum alignment confidence of the task to the script's pattern (default 0.8)
 * @param minRuns runs in the window before a script can be retired (default 4)
 * @param window number of latest runs the success rate is computed over (default 8)
 * @param minSuccessRate a script whose recent success rate falls below this is retired (default 0.5)
 * @param branching on a failed check, move to a sibling script (same pattern and prefix) whose next state matches
 *     (default true)
 * @param sensitiveActions actions flagged {@code requiresConfirmation} (default send, pay, delete, share, purchase,
 *     transfer)
 */
public record ReplayPolicy(
        double minSimilarity,
        double minPatternConfidence,
        int minRuns,
        int window,
        double minSuccessRate,
        boolean branching,
        Set<String> sensitiveActions) {

    public ReplayPolicy {
        if (minRuns < 1 || window < minRuns || minSuccessRate < 0 || minSuccessRate > 1) {
            throw new IllegalArgumentException("Invalid replay policy");
        }
        sensitiveActions = Set.copyOf(sensitiveActions);
    }

    public static ReplayPolicy defaults() {
        return new ReplayPolicy(
                0.8, 0.8, 4, 8, 0.5, true, Set.of("send", "pay", "delete", "share", "purchase", "transfer"));
    }

    public ReplayPolicy withBranching(boolean b) {
        return new ReplayPolicy(
                minSimilarity, minPatternConfidence, minRuns, window, minSuccessRate, b, sensitiveActions);
    }

    /** Whether a script with these recent outcomes should be retired. */
    public boolean shouldRetire(String recent) {
        if (recent.length() < minRuns) {
            return false;
        }
        double rate = recent.chars().filter(c -> c == 'S').count() / (double) recent.length();
        return rate < minSuccessRate;
    }
}

package io.mnemos.orchestrator.routing;

import java.util.Objects;
import java.util.Optional;

/**
 * Finds a recorded action script that can replay a turn's task (AgentRR record and replay). Memory-service will
 * satisfy this hook; until then {@link #none()} matches nothing.
 *
 * <p>Implementations are thread-safe, fast (they run on every turn before the semantic router) and return empty rather
 * than throw when unsure.
 */
@FunctionalInterface
public interface ActionScriptMatcher {

    /**
     * A script that matches the turn.
     *
     * @param scriptId the action script to replay
     * @param score how well it matches, in [0, 1]
     */
    record Match(String scriptId, double score) {
        public Match {
            Objects.requireNonNull(scriptId, "scriptId");
        }
    }

    /**
     * @param turn the turn
     * @return the best matching script, or empty when none matches well enough to replay
     */
    Optional<Match> match(TurnInput turn);

    /** A matcher that never matches. */
    static ActionScriptMatcher none() {
        return turn -> Optional.empty();
    }
}

package io.mnemos.orchestrator.routing;

/**
 * Decides which specialists a turn needs.
 *
 * <p>Implementations are thread-safe and never return null: when unsure they return a safe fallback route with
 * {@link RouteDecision.Basis#FALLBACK}. An empty text is valid input (e.g. an image with no question). The embedded
 * default is {@link SemanticRouter}; an LLM-driven router can replace it behind this interface.
 */
@FunctionalInterface
public interface Router {
    /**
     * Routes one turn.
     *
     * @param turn the turn's text and attachments
     * @return the decision, with the rule or nearest exemplars that produced it and its timings
     */
    RouteDecision route(TurnInput turn);
}

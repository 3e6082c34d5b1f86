package io.mnemos.orchestrator.routing;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The router's answer for one turn, with what the trace needs to explain it.
 *
 * @param routes the routes to call, most important first; never empty
 * @param confidence how sure the router is of {@link #primary()}, in [0, 1]; 1 for a rule
 * @param basis what decided: a rule, the semantic router, or the fallback below its confidence threshold
 * @param reason a short human-readable explanation, e.g. {@code rule:image-attached} or {@code knn k=7 ...}
 * @param nearest the nearest exemplars (best first) when the semantic router ran; empty for rules that skip it
 * @param timings how long embedding and the whole decision took
 * @param queryVector the turn's text as the router embedded it, for specialists to search with instead of embedding
 *     it again; null when no embedding was made (a rule decided first, empty text, the embedder failed)
 */
public record RouteDecision(
        List<Route> routes,
        double confidence,
        Basis basis,
        String reason,
        List<Neighbour> nearest,
        Timings timings,
        @Nullable QueryVector queryVector) {

    /** A decision without a query vector. */
    public RouteDecision(
            List<Route> routes,
            double confidence,
            Basis basis,
            String reason,
            List<Neighbour> nearest,
            Timings timings) {
        this(routes, confidence, basis, reason, nearest, timings, null);
    }

    /**
     * The turn's embedding and the model that made it ({@link io.mnemos.model.Embedder#modelId()}): services on the
     * same model search with it directly (see {@link io.mnemos.model.QueryVectors}).
     *
     * @param model the embedding model's id
     * @param vector the unit vector of the turn's text; not to be modified
     */
    public record QueryVector(String model, float[] vector) {
        public QueryVector {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(vector, "vector");
        }
    }

    /** What produced the decision. */
    public enum Basis {
        /** An explicit rule (attachment, matching action script). */
        RULE,
        /** The semantic router, at or above its confidence threshold. */
        SEMANTIC,
        /** The semantic router was not confident enough: the configured safe route. */
        FALLBACK
    }

    /**
     * One exemplar near the turn.
     *
     * @param route the exemplar's route
     * @param exemplar the exemplar text
     * @param similarity cosine similarity to the turn
     */
    public record Neighbour(Route route, String exemplar, double similarity) {}

    /**
     * @param embedNanos time spent embedding the turn (0 when a rule decided before embedding)
     * @param totalNanos time of the whole decision, embedding included
     */
    public record Timings(long embedNanos, long totalNanos) {}

    public RouteDecision {
        routes = List.copyOf(routes);
        if (routes.isEmpty()) {
            throw new IllegalArgumentException("a decision names at least one route");
        }
        Objects.requireNonNull(basis, "basis");
        Objects.requireNonNull(reason, "reason");
        nearest = List.copyOf(nearest);
        Objects.requireNonNull(timings, "timings");
    }

    /** The main route: the first of {@link #routes()}. */
    public Route primary() {
        return routes.getFirst();
    }
}

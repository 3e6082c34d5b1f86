package io.mnemos.search;

/** How a hybrid search merges a lexical (BM25) and a dense ranking. See {@link RankFusion}. */
public sealed interface Fusion permits Fusion.Rrf, Fusion.Convex {

    /**
     * Reciprocal-rank fusion: score = Σ 1 / (k + rank) over the rankings a hit appears in (rank from 1).
     *
     * @param k the rank constant, > 0 (60 in the RRF paper)
     */
    record Rrf(int k) implements Fusion {
        public Rrf {
            if (k <= 0) {
                throw new IllegalArgumentException("RRF k must be positive");
            }
        }
    }

    /**
     * Convex combination of min-max normalised scores: alpha · dense + (1 − alpha) · lexical, each normalised to [0, 1]
     * over its own candidate list; a hit missing from a list gets 0 there.
     *
     * @param alpha weight of the dense score, in [0, 1]
     */
    record Convex(double alpha) implements Fusion {
        public Convex {
            if (!(alpha >= 0 && alpha <= 1)) {
                throw new IllegalArgumentException("alpha must be in [0, 1]");
            }
        }
    }

    static Fusion rrf() {
        return new Rrf(60);
    }

    static Fusion rrf(int k) {
        return new Rrf(k);
    }

    static Fusion convex(double alpha) {
        return new Convex(alpha);
    }

    /** A short name for logs and explanations, e.g. {@code rrf(k=60)} or {@code convex(alpha=0.5)}. */
    default String describe() {
        return switch (this) {
            case Rrf r -> "rrf(k=" + r.k() + ")";
            case Convex c -> "convex(alpha=" + c.alpha() + ")";
        };
    }
}

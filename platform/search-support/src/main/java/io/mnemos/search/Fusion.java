package io.mnemos.search;

import java.util.Locale;

/** How a hybrid search merges a lexical (BM25) and a dense ranking. See {@link RankFusion}. */
public sealed interface Fusion permits Fusion.Rrf, Fusion.Convex {

    /**
     * Reciprocal-rank fusion: score = Σ weight / (k + rank) over the rankings a hit appears in (rank from 1).
     *
     * @param k the rank constant, > 0 (60 in the RRF paper)
     * @param lexicalWeight weight of the lexical ranking's term (1 = plain RRF), >= 0
     * @param denseWeight weight of the dense ranking's term (1 = plain RRF), >= 0; not both 0
     */
    record Rrf(int k, double lexicalWeight, double denseWeight) implements Fusion {
        public Rrf {
            if (k <= 0) {
                throw new IllegalArgumentException("RRF k must be positive");
            }
            if (!(lexicalWeight >= 0) || !(denseWeight >= 0) || lexicalWeight + denseWeight == 0) {
                throw new IllegalArgumentException("RRF weights must be >= 0 and not both 0");
            }
            if (Double.isInfinite(lexicalWeight) || Double.isInfinite(denseWeight)) {
                throw new IllegalArgumentException("RRF weights must be finite");
            }
        }

        /** Plain (unweighted) RRF. */
        public Rrf(int k) {
            this(k, 1, 1);
        }

        boolean weighted() {
            return lexicalWeight != 1 || denseWeight != 1;
        }
    }

    /**
     * Convex combination of normalised scores: alpha · dense + (1 − alpha) · lexical, each list normalised over its own
     * candidates by {@code normalization}; a hit missing from a list gets that list's lowest normalised value (0 for
     * min-max).
     *
     * @param alpha weight of the dense score, in [0, 1]
     * @param normalization how each list's scores are made comparable
     */
    record Convex(double alpha, Normalization normalization) implements Fusion {
        public Convex {
            if (!(alpha >= 0 && alpha <= 1)) {
                throw new IllegalArgumentException("alpha must be in [0, 1]");
            }
            if (normalization == null) {
                throw new IllegalArgumentException("normalization must not be null");
            }
        }

        /** Min-max normalised convex combination. */
        public Convex(double alpha) {
            this(alpha, Normalization.MIN_MAX);
        }
    }

    /** Score normalisation of {@link Convex}, applied to each candidate list separately. */
    enum Normalization {
        /** (s − min) / (max − min): [0, 1]; all-equal scores map to 1. */
        MIN_MAX,
        /** (s − mean) / standard deviation: unbounded; all-equal scores map to 0. */
        Z_SCORE
    }

    static Fusion rrf() {
        return new Rrf(60);
    }

    static Fusion rrf(int k) {
        return new Rrf(k);
    }

    /** Weighted RRF. */
    static Fusion rrf(int k, double lexicalWeight, double denseWeight) {
        return new Rrf(k, lexicalWeight, denseWeight);
    }

    static Fusion convex(double alpha) {
        return new Convex(alpha);
    }

    static Fusion convex(double alpha, Normalization normalization) {
        return new Convex(alpha, normalization);
    }

    /**
     * A short name for logs and explanations, e.g. {@code rrf(k=60)}, {@code rrf(k=60, lexical=1.0, dense=2.0)},
     * {@code convex(alpha=0.5)} or {@code convex(alpha=0.5, z_score)}.
     */
    default String describe() {
        return switch (this) {
            case Rrf r ->
                r.weighted()
                        ? "rrf(k=" + r.k() + ", lexical=" + r.lexicalWeight() + ", dense=" + r.denseWeight() + ")"
                        : "rrf(k=" + r.k() + ")";
            case Convex c ->
                c.normalization() == Normalization.MIN_MAX
                        ? "convex(alpha=" + c.alpha() + ")"
                        : "convex(alpha=" + c.alpha() + ", "
                                + c.normalization().name().toLowerCase(Locale.ROOT) + ")";
        };
    }
}

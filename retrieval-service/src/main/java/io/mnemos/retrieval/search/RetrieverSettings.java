package io.mnemos.retrieval.search;

import io.mnemos.search.Fusion;
import java.util.Objects;

/**
 * Tuning of {@link LuceneRetriever}.
 *
 * @param candidateDepth chunk candidates fetched per mode before fusion / grouping (and the kNN {@code k}); at least
 *     {@code k} of the request is always fetched. Default 100.
 * @param defaultFusion fusion when the request names none (default: convex 0.5 — see docs/benchmarks/retrieval.md)
 * @param tieBreaker DisjunctionMax tie-breaker between the title and text BM25 scores (0 = max, 1 = sum; default 0.5,
 *     like Elasticsearch's best_fields with tie_breaker 0.5)
 * @param rescoreOversample kNN oversampling factor with full-precision rescoring of the top {@code candidateDepth}
 *     (1 = off, the default for int8; use 3-5 with 1-bit quantization)
 * @param maxHighlightPassages passages per hit when highlighting
 * @param contextWeight boost of the BM25 match on the chunk's context field (its text plus neighbouring chunks), added
 *     as a third disjunct to title and text; 0 = not used
 * @param titleWeight boost of the BM25 match on the title, relative to the text (1 = equal, the default); 0 = the title
 *     field is not searched
 */
public record RetrieverSettings(
        int candidateDepth,
        Fusion defaultFusion,
        float tieBreaker,
        int rescoreOversample,
        int maxHighlightPassages,
        float contextWeight,
        float titleWeight) {

    public RetrieverSettings {
        Objects.requireNonNull(defaultFusion, "defaultFusion");
        if (candidateDepth < 1 || candidateDepth > 10_000) {
            throw new IllegalArgumentException("candidateDepth out of range");
        }
        if (tieBreaker < 0 || tieBreaker > 1) {
            throw new IllegalArgumentException("tieBreaker must be in [0, 1]");
        }
        if (rescoreOversample < 1) {
            throw new IllegalArgumentException("rescoreOversample must be >= 1");
        }
        if (!(titleWeight >= 0) || Float.isInfinite(titleWeight)) {
            throw new IllegalArgumentException("titleWeight must be >= 0");
        }
        if (contextWeight < 0) {
            throw new IllegalArgumentException("contextWeight must be >= 0");
        }
        if (maxHighlightPassages < 1) {
            throw new IllegalArgumentException("maxHighlightPassages must be >= 1");
        }
    }

    public static RetrieverSettings defaults() {
        return new RetrieverSettings(100, Fusion.convex(0.5), 0.5f, 1, 2, 1f, 1f);
    }

    public RetrieverSettings withCandidateDepth(int d) {
        return new RetrieverSettings(
                d, defaultFusion, tieBreaker, rescoreOversample, maxHighlightPassages, contextWeight, titleWeight);
    }

    public RetrieverSettings withDefaultFusion(Fusion f) {
        return new RetrieverSettings(
                candidateDepth, f, tieBreaker, rescoreOversample, maxHighlightPassages, contextWeight, titleWeight);
    }

    public RetrieverSettings withTieBreaker(float t) {
        return new RetrieverSettings(
                candidateDepth, defaultFusion, t, rescoreOversample, maxHighlightPassages, contextWeight, titleWeight);
    }

    public RetrieverSettings withContextWeight(float w) {
        return new RetrieverSettings(
                candidateDepth, defaultFusion, tieBreaker, rescoreOversample, maxHighlightPassages, w, titleWeight);
    }

    public RetrieverSettings withRescoreOversample(int o) {
        return new RetrieverSettings(
                candidateDepth, defaultFusion, tieBreaker, o, maxHighlightPassages, contextWeight, titleWeight);
    }

    public RetrieverSettings withTitleWeight(float w) {
        return new RetrieverSettings(
                candidateDepth, defaultFusion, tieBreaker, rescoreOversample, maxHighlightPassages, contextWeight, w);
    }
}

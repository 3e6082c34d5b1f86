package io.mnemos.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Merges a lexical and a dense ranking of the same items into one ranking (pure, no Lucene types).
 *
 * <p>Items are identified by a key of any type with proper {@code equals}/{@code hashCode} (a Lucene doc id, a
 * document key, a turn id). Each input list must be ordered best first and hold each key at most once. Ties on the
 * fused score are broken by the best rank the item reached in either list, then by first appearance (lexical list
 * first), so the output is deterministic.
 */
public final class RankFusion {
    private RankFusion() {}

    /** One candidate of one ranking. */
    public record Candidate<K>(K key, double score) {
        public Candidate {
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * One fused item.
     *
     * @param key the item
     * @param score fused score (higher is better)
     * @param lexicalRank 1-based rank in the lexical list, 0 if absent
     * @param lexicalScore its score there (0 if absent)
     * @param denseRank 1-based rank in the dense list, 0 if absent
     * @param denseScore its score there (0 if absent)
     */
    public record Fused<K>(
            K key, double score, int lexicalRank, double lexicalScore, int denseRank, double denseScore) {
        /** The better of the two ranks ({@link Integer#MAX_VALUE} if in neither). */
        public int bestRank() {
            int a = lexicalRank == 0 ? Integer.MAX_VALUE : lexicalRank;
            int b = denseRank == 0 ? Integer.MAX_VALUE : denseRank;
            return Math.min(a, b);
        }
    }

    /** Only the lexical list, scores as given. */
    public static <K> List<Fused<K>> lexicalOnly(List<Candidate<K>> lexical) {
        List<Fused<K>> out = new ArrayList<>(lexical.size());
        for (int i = 0; i < lexical.size(); i++) {
            Candidate<K> c = lexical.get(i);
            out.add(new Fused<>(c.key(), c.score(), i + 1, c.score(), 0, 0));
        }
        return out;
    }

    /** Only the dense list, scores as given. */
    public static <K> List<Fused<K>> denseOnly(List<Candidate<K>> dense) {
        List<Fused<K>> out = new ArrayList<>(dense.size());
        for (int i = 0; i < dense.size(); i++) {
            Candidate<K> c = dense.get(i);
            out.add(new Fused<>(c.key(), c.score(), 0, 0, i + 1, c.score()));
        }
        return out;
    }

    /**
     * Fuses both lists; every key of either list appears once in the result, best first.
     *
     * @throws IllegalArgumentException if a list holds a key twice
     */
    public static <K> List<Fused<K>> fuse(List<Candidate<K>> lexical, List<Candidate<K>> dense, Fusion fusion) {
        Objects.requireNonNull(fusion, "fusion");
        Map<K, int[]> ranks = new HashMap<>(); // key -> {lexicalRank, denseRank, firstSeen}
        List<K> order = new ArrayList<>();
        for (int i = 0; i < lexical.size(); i++) {
            K k = lexical.get(i).key();
            int[] r = ranks.computeIfAbsent(k, x -> {
                order.add(x);
                return new int[] {0, 0, order.size()};
            });
            if (r[0] != 0) {
                throw new IllegalArgumentException("lexical list holds " + k + " twice");
            }
            r[0] = i + 1;
        }
        for (int i = 0; i < dense.size(); i++) {
            K k = dense.get(i).key();
            int[] r = ranks.computeIfAbsent(k, x -> {
                order.add(x);
                return new int[] {0, 0, order.size()};
            });
            if (r[1] != 0) {
                throw new IllegalArgumentException("dense list holds " + k + " twice");
            }
            r[1] = i + 1;
        }
        double[] lexRange = minMax(lexical);
        double[] denseRange = minMax(dense);
        List<Fused<K>> out = new ArrayList<>(order.size());
        for (K k : order) {
            int[] r = ranks.get(k);
            double ls = r[0] == 0 ? 0 : lexical.get(r[0] - 1).score();
            double ds = r[1] == 0 ? 0 : dense.get(r[1] - 1).score();
            double score =
                    switch (fusion) {
                        case Fusion.Rrf rrf ->
                            (r[0] == 0 ? 0 : 1.0 / (rrf.k() + r[0])) + (r[1] == 0 ? 0 : 1.0 / (rrf.k() + r[1]));
                        case Fusion.Convex cx ->
                            (1 - cx.alpha()) * normalise(r[0], ls, lexRange)
                                    + cx.alpha() * normalise(r[1], ds, denseRange);
                    };
            out.add(new Fused<>(k, score, r[0], ls, r[1], ds));
        }
        Map<K, Integer> firstSeen = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            firstSeen.put(order.get(i), i);
        }
        out.sort(Comparator.comparingDouble((Fused<K> f) -> -f.score())
                .thenComparingInt(Fused::bestRank)
                .thenComparingInt(f -> firstSeen.get(f.key())));
        return out;
    }

    /**
     * Min-max normalisation of {@code score} against {@code [min, max]}; 0 when absent ({@code rank == 0}), 1 when all
     * scores of the list are equal.
     */
    static double normalise(int rank, double score, double[] minMax) {
        if (rank == 0) {
            return 0;
        }
        double range = minMax[1] - minMax[0];
        return range <= 0 ? 1.0 : (score - minMax[0]) / range;
    }

    private static <K> double[] minMax(List<Candidate<K>> list) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Candidate<K> c : list) {
            min = Math.min(min, c.score());
            max = Math.max(max, c.score());
        }
        return new double[] {min, max};
    }
}

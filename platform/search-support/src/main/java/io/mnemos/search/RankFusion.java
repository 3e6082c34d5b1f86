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
        Normaliser lexNorm = fusion instanceof Fusion.Convex cx ? Normaliser.of(lexical, cx.normalization()) : null;
        Normaliser denseNorm = fusion instanceof Fusion.Convex cx ? Normaliser.of(dense, cx.normalization()) : null;
        List<Fused<K>> out = new ArrayList<>(order.size());
        for (K k : order) {
            int[] r = ranks.get(k);
            double ls = r[0] == 0 ? 0 : lexical.get(r[0] - 1).score();
            double ds = r[1] == 0 ? 0 : dense.get(r[1] - 1).score();
            double score =
                    switch (fusion) {
                        case Fusion.Rrf rrf ->
                            (r[0] == 0 ? 0 : rrf.lexicalWeight() / (rrf.k() + r[0]))
                                    + (r[1] == 0 ? 0 : rrf.denseWeight() / (rrf.k() + r[1]));
                        case Fusion.Convex cx ->
                            (1 - cx.alpha()) * lexNorm.apply(r[0], ls) + cx.alpha() * denseNorm.apply(r[1], ds);
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
     * Normalisation of one candidate list: {@code (score - shift) / scale}; a hit absent from the list ({@code rank ==
     * 0}) gets {@code missing}.
     */
    record Normaliser(double shift, double scale, double missing) {
        static <K> Normaliser of(List<Candidate<K>> list, Fusion.Normalization n) {
            if (list.isEmpty()) {
                return new Normaliser(0, 1, 0);
            }
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            for (Candidate<K> c : list) {
                min = Math.min(min, c.score());
                max = Math.max(max, c.score());
                sum += c.score();
            }
            return switch (n) {
                // all-equal scores: every present hit gets 1 (shift below min by the unit scale)
                case MIN_MAX -> max > min ? new Normaliser(min, max - min, 0) : new Normaliser(min - 1, 1, 0);
                case Z_SCORE -> {
                    double mean = sum / list.size();
                    double var = 0;
                    for (Candidate<K> c : list) {
                        var += (c.score() - mean) * (c.score() - mean);
                    }
                    double sd = Math.sqrt(var / list.size());
                    // absent = the list's lowest z: not retrieved is no better than the worst retrieved candidate
                    yield sd > 0 ? new Normaliser(mean, sd, (min - mean) / sd) : new Normaliser(mean, 1, 0);
                }
            };
        }

        double apply(int rank, double score) {
            return rank == 0 ? missing : (score - shift) / scale;
        }
    }
}

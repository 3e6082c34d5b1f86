package io.mnemos.memory.profile.disgraph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class DisGraphTest {

    @Test
    void recallAgainstBruteForceOnClusteredEmbeddingLikeData() {
        SyntheticVectors data = new SyntheticVectors(384, 32, 16, 0.6f, 7);
        double recall = recall(384, 2_500, data::vector, data::query, DisGraphParams.defaults(), 10, 100);
        assertThat(recall).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void theDefaultBeamWidensOnlyBeyondOneHundredThousandNodes() {
        DisGraphParams p = DisGraphParams.defaults();
        assertThat(p.efFor(0)).isEqualTo(64);
        assertThat(p.efFor(100_000)).isEqualTo(64);
        assertThat(p.efFor(300_000)).isEqualTo(95); // 64 × log10(30)
        assertThat(p.efFor(1_000_000)).isEqualTo(128);
        assertThat(p.efFor(10_000_000)).isEqualTo(192);
        assertThat(p.withEfSearch(32).efFor(1_000_000)).isEqualTo(64);
    }

    @Test
    void recallAgainstBruteForceOnUniformRandomData() {
        SplittableRandom r = new SplittableRandom(11);
        float[][] points = new float[2_500][];
        for (int i = 0; i < points.length; i++) {
            points[i] = SyntheticVectors.uniform(r, 24);
        }
        float[][] queries = new float[100][];
        for (int i = 0; i < queries.length; i++) {
            queries[i] = SyntheticVectors.uniform(r, 24);
        }
        double recall = recall(24, points.length, i -> points[i], i -> queries[i], DisGraphParams.defaults(), 10, 100);
        assertThat(recall).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void quantizedGraphKeepsRecallAgainstFloatGroundTruth() {
        SyntheticVectors data = new SyntheticVectors(384, 32, 16, 0.6f, 9);
        DisGraphParams params = DisGraphParams.defaults().withQuantized(true);
        DisGraph graph = build(384, 1_500, data::vector, params);
        DisGraph exact = build(384, 1_500, data::vector, DisGraphParams.defaults());
        double sum = 0;
        for (int q = 0; q < 100; q++) {
            sum += overlap(
                    graph.search(data.query(q), 10, 64, 0, 0).hits(),
                    exact.exactSearch(data.query(q), 10).hits());
        }
        assertThat(sum / 100).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void deletedNodesAreNeverReturnedButStillRoute() {
        SyntheticVectors data = new SyntheticVectors(64, 8, 8, 0.6f, 3);
        DisGraph graph = build(64, 2_000, data::vector, DisGraphParams.defaults());
        Set<Integer> removed = new HashSet<>();
        for (int i = 0; i < 2_000; i += 3) {
            assertThat(graph.remove(i)).isTrue();
            removed.add(i);
        }
        assertThat(graph.remove(0)).isFalse();
        assertThat(graph.liveSize()).isEqualTo(2_000 - removed.size());
        double sum = 0;
        for (int q = 0; q < 100; q++) {
            List<GraphHit> hits = graph.search(data.query(q), 10).hits();
            assertThat(hits).noneMatch(h -> removed.contains(h.node()));
            sum += overlap(hits, graph.exactSearch(data.query(q), 10).hits());
        }
        assertThat(sum / 100).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void exactSearchFindsTheVectorItself() {
        SyntheticVectors data = new SyntheticVectors(32, 4, 4, 0.6f, 5);
        DisGraph graph = build(32, 500, data::vector, DisGraphParams.defaults());
        for (int i = 0; i < 500; i += 50) {
            GraphHit top = graph.search(data.vector(i), 1).hits().getFirst();
            assertThat(top.node()).isEqualTo(i);
            assertThat(top.similarity()).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-4f));
            assertThat(graph.exactSearch(data.vector(i), 1).hits().getFirst().node())
                    .isEqualTo(i);
        }
    }

    @Test
    void expansionAdmitsOnlyNodesWithinTheRadiusAndKeepsOrder() {
        SyntheticVectors data = new SyntheticVectors(64, 4, 4, 0.5f, 13);
        DisGraph graph = build(64, 1_000, data::vector, DisGraphParams.defaults());
        float radius = 0.3f;
        for (int q = 0; q < 50; q++) {
            GraphSearchResult r = graph.search(data.query(q), 10, 16, 2, radius);
            assertThat(r.hits()).hasSizeLessThanOrEqualTo(10);
            for (int i = 1; i < r.hits().size(); i++) {
                assertThat(r.hits().get(i - 1).similarity())
                        .isGreaterThanOrEqualTo(r.hits().get(i).similarity());
            }
            assertThat(r.hits()).filteredOn(h -> h.hops() > 0).allMatch(h -> 1 - h.similarity() <= radius + 1e-5);
        }
    }

    @Test
    void emptyGraphAndNonPositiveKReturnNothing() {
        DisGraph graph = new DisGraph(8, DisGraphParams.defaults(), 0);
        assertThat(graph.search(new float[8], 5).hits()).isEmpty();
        graph.add(new float[] {1, 0, 0, 0, 0, 0, 0, 0});
        assertThat(graph.search(new float[] {1, 0, 0, 0, 0, 0, 0, 0}, 0).hits()).isEmpty();
        graph.remove(0);
        assertThat(graph.search(new float[] {1, 0, 0, 0, 0, 0, 0, 0}, 3).hits()).isEmpty();
    }

    static DisGraph build(int dim, int n, IntFunction<float[]> vectors, DisGraphParams params) {
        DisGraph graph = new DisGraph(dim, params, n);
        for (int i = 0; i < n; i++) {
            assertThat(graph.add(vectors.apply(i))).isEqualTo(i);
        }
        return graph;
    }

    static double recall(
            int dim,
            int n,
            IntFunction<float[]> vectors,
            IntFunction<float[]> queries,
            DisGraphParams params,
            int k,
            int numQueries) {
        DisGraph graph = build(dim, n, vectors, params);
        double sum = 0;
        for (int q = 0; q < numQueries; q++) {
            float[] query = queries.apply(q);
            sum += overlap(
                    graph.search(query, k, params.efSearch(), 0, 0).hits(),
                    graph.exactSearch(query, k).hits());
        }
        return sum / numQueries;
    }

    static double overlap(List<GraphHit> approx, List<GraphHit> exact) {
        Set<Integer> truth = new HashSet<>();
        exact.forEach(h -> truth.add(h.node()));
        return approx.stream().filter(h -> truth.contains(h.node())).count() / (double) exact.size();
    }
}

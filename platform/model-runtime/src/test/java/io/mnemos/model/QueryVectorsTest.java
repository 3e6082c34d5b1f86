package io.mnemos.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class QueryVectorsTest {

    /** A 3-d embedder that counts its calls; no model. */
    static final class ThreeD implements Embedder {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public List<float[]> embedAll(List<String> texts) {
            calls.addAndGet(texts.size());
            return texts.stream().map(t -> new float[] {1, 0, 0}).toList();
        }

        @Override
        public int dimension() {
            return 3;
        }

        @Override
        public int maxInputTokens() {
            return 16;
        }

        @Override
        public String modelId() {
            return "three-d";
        }
    }

    final ThreeD embedder = new ThreeD();

    @Test
    void aUnitVectorOfTheSameModelIsUsedBitForBit() {
        float[] v = {0.6f, 0.8f, 0f};
        assertThat(QueryVectors.usable(embedder, "three-d", v))
                .hasValueSatisfying(
                        u -> assertThat(u).containsExactly(0.6f, 0.8f, 0f).isNotSameAs(v));
    }

    @Test
    void aVectorThatIsNotUnitLengthIsNormalised() {
        assertThat(QueryVectors.usable(embedder, "three-d", new float[] {3, 4, 0}))
                .hasValueSatisfying(u -> assertThat(u).containsExactly(0.6f, 0.8f, 0f));
    }

    @Test
    void noVectorOrAnotherModelMeansEmbedTheText() {
        assertThat(QueryVectors.usable(embedder, "three-d", null)).isEmpty();
        assertThat(QueryVectors.usable(embedder, null, null)).isEmpty();
        assertThat(QueryVectors.usable(embedder, "other-model", new float[] {1, 0, 0, 0, 0}))
                .isEmpty();
    }

    @Test
    void malformedVectorsOfThisModelAreRejectedWithTheReason() {
        assertThatThrownBy(() -> QueryVectors.usable(embedder, "three-d", new float[] {1, 0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must have 3 values")
                .hasMessageContaining("got 2");
        assertThatThrownBy(() -> QueryVectors.usable(embedder, "three-d", new float[] {1, Float.NaN, 0}))
                .hasMessageContaining("queryVector[1] is not a finite number");
        assertThatThrownBy(() -> QueryVectors.usable(embedder, "three-d", new float[] {1, Float.POSITIVE_INFINITY, 0}))
                .hasMessageContaining("queryVector[1]");
        assertThatThrownBy(() -> QueryVectors.usable(embedder, "three-d", new float[3]))
                .hasMessageContaining("all zeros");
        assertThatThrownBy(() -> QueryVectors.usable(embedder, " ", new float[] {1, 0, 0}))
                .hasMessageContaining("queryVectorModel is required")
                .hasMessageContaining("three-d");
    }

    @Test
    void decoratorsReportTheirDelegatesModel() {
        assertThat(new CachingEmbedder(embedder, 10).modelId()).isEqualTo("three-d");
        assertThat(new MiniLmEmbedder().modelId()).isEqualTo(MiniLmEmbedder.MODEL_ID);
        // another input window truncates long texts differently: another id
        assertThat(new MiniLmEmbedder(MiniLmEmbedder.Config.defaults().withMaxInputTokens(128)).modelId())
                .isEqualTo(MiniLmEmbedder.MODEL_ID + "/128");
    }

    @Test
    void warmUpEmbedsOnceInTheBackgroundAndSwallowsFailures() throws InterruptedException {
        QueryVectors.warmUpInBackground("test embedder", embedder).join(10_000);
        assertThat(embedder.calls).hasValue(1);
        Thread failing = QueryVectors.warmUpInBackground("broken", () -> {
            throw new IllegalStateException("no model");
        });
        failing.join(10_000);
        assertThat(failing.isAlive()).isFalse();
    }
}

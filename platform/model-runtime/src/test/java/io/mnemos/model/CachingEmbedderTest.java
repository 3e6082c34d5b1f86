package io.mnemos.model;

import static io.mnemos.model.SharedModels.MINI_LM;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CachingEmbedderTest {

    /** Passes through to the real model and records what reached it. */
    private static final class Recording implements Embedder {
        final List<List<String>> calls = new ArrayList<>();

        @Override
        public synchronized List<float[]> embedAll(List<String> texts) {
            calls.add(List.copyOf(texts));
            return MINI_LM.embedAll(texts);
        }

        @Override
        public float[] embed(String text) {
            synchronized (this) {
                calls.add(List.of(text));
            }
            return MINI_LM.embed(text);
        }

        @Override
        public int dimension() {
            return MINI_LM.dimension();
        }

        @Override
        public int maxInputTokens() {
            return MINI_LM.maxInputTokens();
        }
    }

    @Test
    void repeatedTextsAreEmbeddedOnce() {
        Recording model = new Recording();
        CachingEmbedder cached = new CachingEmbedder(model, 100);

        float[] first = cached.embed("The cat sat on the mat");
        float[] again = cached.embed("The cat sat on the mat");
        assertThat(again).containsExactly(first).isNotSameAs(first);
        assertThat(model.calls).hasSize(1);

        List<float[]> vectors = cached.embedAll(List.of("a dog", "The cat sat on the mat", "a dog", "a bird"));
        assertThat(model.calls.getLast()).containsExactly("a dog", "a bird");
        assertThat(vectors).hasSize(4);
        assertThat(vectors.get(1)).containsExactly(first);
        assertThat(vectors.get(0)).containsExactly(vectors.get(2));
        assertThat(cached.stats().hitCount()).isEqualTo(2);

        cached.embedAll(List.of("a bird", "a dog"));
        assertThat(model.calls).hasSize(2); // all hits
        assertThat(cached.embedAll(List.of())).isEmpty();
        assertThat(cached.dimension()).isEqualTo(384);
    }

    @Test
    void callersCannotCorruptTheCache() {
        CachingEmbedder cached = new CachingEmbedder(MINI_LM, 10);
        float[] v = cached.embed("hello");
        float[] copy = v.clone();
        v[0] = 42;
        assertThat(cached.embed("hello")).containsExactly(copy);
    }

    @Test
    void isBounded() {
        CachingEmbedder cached = new CachingEmbedder(MINI_LM, 5);
        for (int i = 0; i < 30; i++) {
            cached.embed("text " + i);
        }
        assertThat(cached.size()).isLessThanOrEqualTo(5);
        assertThat(cached.stats().evictionCount()).isGreaterThanOrEqualTo(25);
    }
}

package io.mnemos.model;

import static io.mnemos.model.SharedModels.MINI_LM;
import static io.mnemos.model.SharedModels.SENTENCES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class BatchingEmbedderTest {

    @Test
    void concurrentCallsGetTheirOwnVectors() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (BatchingEmbedder batching = new BatchingEmbedder(MINI_LM, 16, Duration.ofMillis(2))) {
            List<Future<float[]>> futures = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                for (String text : SENTENCES) {
                    futures.add(pool.submit(() -> batching.embed(text)));
                }
            }
            List<float[]> vectors = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                vectors.add(futures.get(i).get());
                texts.add(SENTENCES.get(i % SENTENCES.size()));
            }
            // Batched with whatever arrived at the same time: equal up to int8 batch noise.
            MiniLmEmbedderTest.assertCloseToSingle(vectors, texts);
            assertThat(batching.dimension()).isEqualTo(384);
            assertThat(batching.embedAll(List.of())).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesCallsAfterClose() {
        BatchingEmbedder batching = new BatchingEmbedder(MINI_LM, 4, Duration.ZERO);
        assertThat(batching.embed("hello")).hasSize(384);
        batching.close();
        assertThatThrownBy(() -> batching.embed("hello")).isInstanceOf(IllegalStateException.class);
    }
}

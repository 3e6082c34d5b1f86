package io.mnemos.orchestrator.routing;

import io.mnemos.model.Embedder;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake {@link Embedder} for unit tests: bag of lower-cased words hashed into 256 dimensions, L2-normalised. Texts
 * sharing words are similar, texts sharing none have cosine 0. Counts its calls.
 */
class WordEmbedder implements Embedder {
    static final int DIMENSION = 256;

    final AtomicInteger embedCalls = new AtomicInteger();
    final AtomicInteger embedAllCalls = new AtomicInteger();

    @Override
    public List<float[]> embedAll(List<String> texts) {
        embedAllCalls.incrementAndGet();
        return texts.stream().map(WordEmbedder::vector).toList();
    }

    @Override
    public float[] embed(String text) {
        embedCalls.incrementAndGet();
        return vector(text);
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public int maxInputTokens() {
        return 256;
    }

    static float[] vector(String text) {
        float[] v = new float[DIMENSION];
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty()) {
                v[Math.floorMod(word.hashCode(), DIMENSION)] += 1;
            }
        }
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        if (norm > 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] /= (float) Math.sqrt(norm);
            }
        }
        return v;
    }
}

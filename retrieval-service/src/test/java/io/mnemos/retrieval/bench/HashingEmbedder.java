package io.mnemos.retrieval.bench;

import io.mnemos.model.Embedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Deterministic, model-free {@link Embedder} for unit tests: a signed feature hash of lower-cased words into
 * {@code dimension} buckets, L2-normalised. Texts sharing words are similar; no semantics.
 */
public final class HashingEmbedder implements Embedder {
    private final int dimension;

    public HashingEmbedder(int dimension) {
        this.dimension = dimension;
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(embed(t));
        }
        return out;
    }

    @Override
    public float[] embed(String text) {
        float[] v = new float[dimension];
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (w.isEmpty()) {
                continue;
            }
            int h = w.hashCode() * 0x9E3779B1;
            v[Math.floorMod(h, dimension)] += (h & 0x10000) == 0 ? 1f : -1f;
        }
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        if (n == 0) {
            v[0] = 1;
            return v;
        }
        float inv = (float) (1 / Math.sqrt(n));
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
        return v;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public int maxInputTokens() {
        return Integer.MAX_VALUE;
    }
}

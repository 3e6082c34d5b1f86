package io.mnemos.model;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Remembers vectors by exact text, since queries repeat. Bounded (Caffeine's size-based eviction, close to LRU), thread
 * safe, and transparent: it returns copies, so callers may modify the arrays they get.
 *
 * <p>{@link #embedAll} looks every text up, then embeds only the misses (each distinct text once) in a single call to
 * the delegate. Concurrent misses on the same text may both reach the delegate; the last result wins. A vector is
 * cached as the delegate returned it: with a batching delegate it may differ slightly from the single-text vector (see
 * {@link MiniLmEmbedder}).
 */
public final class CachingEmbedder implements Embedder {

    private final Embedder delegate;
    private final Cache<String, float[]> cache;

    /**
     * @param delegate the embedder to call on misses
     * @param maximumTexts the most vectors kept (a 384-d vector takes about 1.6 KB plus its text)
     */
    public CachingEmbedder(Embedder delegate, long maximumTexts) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        if (maximumTexts < 1) {
            throw new IllegalArgumentException("maximumTexts must be >= 1, was " + maximumTexts);
        }
        this.cache = Caffeine.newBuilder()
                .maximumSize(maximumTexts)
                .executor(Runnable::run) // evict on the calling thread, not in the common pool
                .recordStats()
                .build();
    }

    @Override
    public float[] embed(String text) {
        Objects.requireNonNull(text, "text");
        float[] vector = cache.getIfPresent(text);
        if (vector == null) {
            vector = delegate.embed(text);
            cache.put(text, vector);
        }
        return vector.clone();
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        float[][] out = new float[texts.size()][];
        Map<String, List<Integer>> misses = new LinkedHashMap<>();
        for (int i = 0; i < out.length; i++) {
            String text = texts.get(i);
            if (text == null) {
                throw new NullPointerException("texts[" + i + "] is null");
            }
            float[] vector = cache.getIfPresent(text);
            if (vector != null) {
                out[i] = vector.clone();
            } else {
                misses.computeIfAbsent(text, t -> new ArrayList<>(1)).add(i);
            }
        }
        if (!misses.isEmpty()) {
            List<String> missed = List.copyOf(misses.keySet());
            List<float[]> vectors = delegate.embedAll(missed);
            for (int m = 0; m < missed.size(); m++) {
                float[] vector = vectors.get(m);
                cache.put(missed.get(m), vector);
                for (int i : misses.get(missed.get(m))) {
                    out[i] = vector.clone();
                }
            }
        }
        return List.of(out);
    }

    @Override
    public int dimension() {
        return delegate.dimension();
    }

    @Override
    public int maxInputTokens() {
        return delegate.maxInputTokens();
    }

    @Override
    public String modelId() {
        return delegate.modelId();
    }

    /** Hits, misses and evictions so far (e.g. for Micrometer gauges). */
    public CacheStats stats() {
        return cache.stats();
    }

    /** Approximate number of cached vectors. */
    public long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    /** Forgets every cached vector. */
    public void clear() {
        cache.invalidateAll();
    }
}

package io.mnemos.orchestrator.routing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Cross-modal reuse: a specialist's result for some content (an image, an audio segment, a question already grounded)
 * is kept by the content's identity and returned instead of calling the specialist again.
 *
 * <p>Keys are scoped by tenant, so one tenant never sees another's results. Entries are bounded in number and expire
 * after a time to live (results about documents or memory go stale). The cache does not make callers wait for each
 * other: two concurrent misses on the same key may both call the specialist (the last result stays), which avoids
 * holding a lock during a slow call. Failed calls and null results are not cached.
 *
 * <p>Metrics: {@code mnemos.reuse.calls.avoided} and {@code mnemos.reuse.calls.made} (counters, tag {@code kind}).
 *
 * <p>Caches that share a {@code name} in one registry share their counters: give each specialist's cache its own name.
 *
 * @param <V> the specialist's result type
 */
public final class ReuseCache<V> {

    /** What the content is. */
    public enum Kind {
        IMAGE,
        AUDIO,
        QUESTION
    }

    /**
     * The identity of some content within a tenant.
     *
     * @param tenant the tenant
     * @param kind what the content is
     * @param identity a hash of the bytes, or the normalised question text
     */
    public record Key(String tenant, Kind kind, String identity) {
        private static final Pattern SPACES = Pattern.compile("\\s+");
        private static final Pattern TRAILING = Pattern.compile("[\\s?!.]+$");

        public Key {
            Objects.requireNonNull(tenant, "tenant");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(identity, "identity");
        }

        /** An image by a hash the caller computed (e.g. the vision service's SHA-256 or perceptual hash). */
        public static Key image(String tenant, String hash) {
            return new Key(tenant, Kind.IMAGE, hash.toLowerCase(Locale.ROOT));
        }

        /** An audio segment by the SHA-256 of its bytes (e.g. 16 kHz PCM16). */
        public static Key audio(String tenant, byte[] segment) {
            return new Key(tenant, Kind.AUDIO, sha256(segment));
        }

        /**
         * A question by its normalised text: Unicode NFKC, lower case, runs of white space collapsed, trailing
         * punctuation dropped; so "What is BM25?" and " what is  bm25 " are the same question.
         */
        public static Key question(String tenant, String text) {
            return new Key(tenant, Kind.QUESTION, normalise(text));
        }

        static String normalise(String text) {
            String s = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
            s = SPACES.matcher(s.strip()).replaceAll(" ");
            return TRAILING.matcher(s).replaceAll("");
        }

        private static String sha256(byte[] bytes) {
            try {
                return HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is always available", e);
            }
        }
    }

    private final Cache<Key, V> cache;
    private final Map<Kind, Counter> avoided = new EnumMap<>(Kind.class);
    private final Map<Kind, Counter> made = new EnumMap<>(Kind.class);

    /**
     * @param name names this cache in the metrics' {@code cache} tag (e.g. {@code vision})
     * @param maximumEntries the most results kept
     * @param timeToLive how long a result may be reused after it was stored
     * @param meters where the counters go
     */
    public ReuseCache(String name, long maximumEntries, Duration timeToLive, MeterRegistry meters) {
        this(name, maximumEntries, timeToLive, meters, Ticker.systemTicker());
    }

    /** As above, with the clock expiry reads (tests pass a fake one). */
    ReuseCache(String name, long maximumEntries, Duration timeToLive, MeterRegistry meters, Ticker ticker) {
        Objects.requireNonNull(name, "name");
        if (maximumEntries < 1) {
            throw new IllegalArgumentException("maximumEntries must be >= 1, was " + maximumEntries);
        }
        if (timeToLive.isNegative() || timeToLive.isZero()) {
            throw new IllegalArgumentException("timeToLive must be positive, was " + timeToLive);
        }
        this.cache = Caffeine.newBuilder()
                .maximumSize(maximumEntries)
                .expireAfterWrite(timeToLive)
                .ticker(ticker)
                .executor(Runnable::run) // maintenance on the calling thread, not the common pool
                .build();
        for (Kind kind : Kind.values()) {
            String tag = kind.name().toLowerCase(Locale.ROOT);
            avoided.put(
                    kind,
                    Counter.builder("mnemos.reuse.calls.avoided")
                            .description("Specialist calls avoided by reusing a result for the same content")
                            .tag("cache", name)
                            .tag("kind", tag)
                            .register(meters));
            made.put(
                    kind,
                    Counter.builder("mnemos.reuse.calls.made")
                            .description("Specialist calls made because no result for the content was cached")
                            .tag("cache", name)
                            .tag("kind", tag)
                            .register(meters));
        }
    }

    /**
     * The cached result for {@code key}, or the specialist's result (then cached).
     *
     * @param key the content's identity
     * @param specialist called on a miss; its exception propagates and nothing is cached
     * @return the result, reused or fresh
     */
    public V getOrCall(Key key, Supplier<? extends V> specialist) {
        Objects.requireNonNull(key, "key");
        V cached = cache.getIfPresent(key);
        if (cached != null) {
            avoided.get(key.kind()).increment();
            return cached;
        }
        made.get(key.kind()).increment();
        V fresh = specialist.get();
        if (fresh != null) {
            cache.put(key, fresh);
        }
        return fresh;
    }

    /** The cached result, if any, without calling anything (not counted). */
    public Optional<V> find(Key key) {
        return Optional.ofNullable(cache.getIfPresent(key));
    }

    /** Stores a result obtained elsewhere (e.g. by a replayed session). */
    public void put(Key key, V result) {
        cache.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(result, "result"));
    }

    /** Calls avoided so far for this kind (for traces and benchmarks). */
    public long callsAvoided(Kind kind) {
        return (long) avoided.get(kind).count();
    }

    /** Calls made so far for this kind. */
    public long callsMade(Kind kind) {
        return (long) made.get(kind).count();
    }
}

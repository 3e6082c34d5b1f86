package io.mnemos.retrieval.bench;

import io.mnemos.model.Embedder;

/** Chooses the embedder for benchmarks: the platform's {@code MiniLmEmbedder} if present, else LangChain4j's. */
public final class BenchEmbedders {
    private BenchEmbedders() {}

    /**
     * @param name {@code minilm} (platform MiniLmEmbedder, 256-token window), {@code minilm128} (same, 128-token
     *     window), {@code lc4j} (LangChain4j, 128-token window), {@code hashing} (no model; for BM25-only runs) or
     *     {@code auto} (minilm if on the class path, else lc4j)
     */
    public static Embedder create(String name) {
        return switch (name) {
            case "lc4j" -> new Lc4jMiniLmEmbedder();
            case "hashing" -> new HashingEmbedder(384); // no model: only BM25 numbers mean anything
            case "minilm" ->
                platform(0).orElseThrow(() -> new IllegalStateException("MiniLmEmbedder not on class path"));
            case "minilm128" ->
                platform(128).orElseThrow(() -> new IllegalStateException("MiniLmEmbedder not on class path"));
            case "auto" -> platform(0).orElseGet(Lc4jMiniLmEmbedder::new);
            default -> throw new IllegalArgumentException("unknown embedder " + name);
        };
    }

    /**
     * The embedder named by {@code -Dembedder} ({@code auto} by default), printed, behind the vector cache in {@code
     * target/bench-cache/<name>.bin}: what the SciFact sweeps share.
     */
    public static FileEmbeddingCache cachedFromProperty() {
        String name = System.getProperty("embedder", "auto");
        if (name.equals("auto")) {
            name = autoName();
        }
        System.out.printf("embedder: %s%n", name);
        return new FileEmbeddingCache(create(name), java.nio.file.Path.of("target", "bench-cache", name + ".bin"));
    }

    /** Name of what {@link #create} with {@code auto} picks. */
    public static String autoName() {
        return platform(0).isPresent() ? "minilm" : "lc4j";
    }

    private static java.util.Optional<Embedder> platform(int maxTokens) {
        try {
            Class<?> c = Class.forName("io.mnemos.model.MiniLmEmbedder");
            if (maxTokens <= 0) {
                return java.util.Optional.of((Embedder) c.getConstructor().newInstance());
            }
            Class<?> cfg = Class.forName("io.mnemos.model.MiniLmEmbedder$Config");
            Object defaults = cfg.getMethod("defaults").invoke(null);
            Object config = cfg.getMethod("withMaxInputTokens", int.class).invoke(defaults, maxTokens);
            return java.util.Optional.of((Embedder) c.getConstructor(cfg).newInstance(config));
        } catch (ClassNotFoundException e) {
            return java.util.Optional.empty();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}

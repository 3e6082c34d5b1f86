package io.mnemos.model;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Query vectors computed elsewhere, and model warm-up: what lets a turn be embedded once (by the orchestrator's router)
 * instead of again in every service it searches.
 *
 * <p><b>Rules</b> for a precomputed query vector sent with a search, shared by memory and retrieval search:
 *
 * <ul>
 *   <li>It comes with the {@link Embedder#modelId()} of the model that made it. A vector of <em>another</em> model is
 *       not an error: it is ignored and the query text is embedded as usual, so a client on a different model (e.g.
 *       during a rolling upgrade) gets correct results, only slower.
 *   <li>A vector of <em>this</em> model must be well-formed: exactly {@link Embedder#dimension()} finite values, not
 *       all zero. Anything else is the client's mistake ({@link IllegalArgumentException}, for a 422 problem).
 *   <li>It is used as the query's unit vector: renormalised only if its length is off by more than {@value
 *       #NORM_TOLERANCE} (a vector from the same model already has length 1, and is then used bit for bit).
 * </ul>
 */
public final class QueryVectors {

    /** How far from 1 a vector's length may be before it is renormalised. */
    static final double NORM_TOLERANCE = 1e-3;

    private static final Logger log = LoggerFactory.getLogger(QueryVectors.class);
    private static final AtomicLong WARM_UPS = new AtomicLong();

    private QueryVectors() {}

    /**
     * The vector to search with instead of embedding the query text, if the client sent a usable one.
     *
     * @param embedder the embedder the receiving service searches with
     * @param model the model id the client says the vector came from; required when {@code vector} is given
     * @param vector the precomputed query vector, or null
     * @return the unit vector to use, or empty when there is none or it came from another model (embed the text)
     * @throws IllegalArgumentException naming the field ({@code queryVector} or {@code queryVectorModel}) and what is
     *     wrong with it, when the vector cannot be used although it claims this service's model
     */
    public static Optional<float[]> usable(Embedder embedder, String model, float[] vector) {
        Objects.requireNonNull(embedder, "embedder");
        if (vector == null) {
            return Optional.empty();
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException(
                    "queryVectorModel is required with queryVector (this service embeds with '" + embedder.modelId()
                            + "')");
        }
        if (!model.equals(embedder.modelId())) {
            return Optional.empty();
        }
        if (vector.length != embedder.dimension()) {
            throw new IllegalArgumentException("queryVector must have " + embedder.dimension() + " values for model '"
                    + model + "', got " + vector.length);
        }
        double sumSquares = 0;
        for (int i = 0; i < vector.length; i++) {
            if (!Float.isFinite(vector[i])) {
                throw new IllegalArgumentException("queryVector[" + i + "] is not a finite number");
            }
            sumSquares += (double) vector[i] * vector[i];
        }
        if (sumSquares == 0) {
            throw new IllegalArgumentException("queryVector must not be all zeros");
        }
        double norm = Math.sqrt(sumSquares);
        float[] out = vector.clone();
        if (Math.abs(norm - 1) > NORM_TOLERANCE) {
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) (out[i] / norm);
            }
        }
        return Optional.of(out);
    }

    /**
     * Runs {@code warmUp} (e.g. loading a model and embedding one text) on a background daemon thread, logging how long
     * it took; a failure is logged as a warning only, since a lazy model loads again on first use. For services to call
     * once they are ready, so start-up is not blocked and health stays up meanwhile.
     *
     * @param what what is warmed, for the log
     * @return the started thread (tests may join it)
     */
    public static Thread warmUpInBackground(String what, Runnable warmUp) {
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(warmUp, "warmUp");
        return Thread.ofPlatform()
                .name("mnemos-warm-up-" + WARM_UPS.incrementAndGet())
                .daemon(true)
                .priority(Thread.MIN_PRIORITY)
                .start(() -> {
                    long start = System.nanoTime();
                    try {
                        warmUp.run();
                        log.info("warmed up {} in {} ms", what, (System.nanoTime() - start) / 1_000_000);
                    } catch (RuntimeException | LinkageError e) {
                        log.warn(
                                "could not warm up {} after {} ms (it loads on first use instead): {}",
                                what,
                                (System.nanoTime() - start) / 1_000_000,
                                e.toString());
                    }
                });
    }

    /** {@link #warmUpInBackground} embedding one short text with {@code embedder}. */
    public static Thread warmUpInBackground(String what, Embedder embedder) {
        Objects.requireNonNull(embedder, "embedder");
        return warmUpInBackground(what + " (" + embedder.modelId() + ")", () -> embedder.embed("warm up"));
    }
}

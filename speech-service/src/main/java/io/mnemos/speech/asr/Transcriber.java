package io.mnemos.speech.asr;

import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Streaming speech recognition: 16 kHz mono PCM16 in, partial and final transcripts out.
 *
 * <p>Edge cases: an utterance without speech yields an empty final {@link Transcript} (never null); partial
 * hypotheses may revise earlier words; implementations that cannot produce partials ({@link #supportsPartials()} =
 * false, e.g. a batch HTTP server) only deliver the final transcript. Implementations are thread-safe; each
 * {@link TranscriptionStream} is used by one caller at a time.
 */
public interface Transcriber extends AutoCloseable {

    /**
     * Starts recognising one utterance.
     *
     * @param partials receives partial hypotheses (never the final one), on a recogniser thread; keep it quick
     * @return the stream to feed
     */
    TranscriptionStream open(Consumer<Transcript> partials);

    /** Whether {@link #open} streams deliver partial hypotheses while audio arrives. */
    default boolean supportsPartials() {
        return true;
    }

    /** Recognises a whole recording (convenience: open, feed in 100 ms pieces, finish, wait). */
    default Transcript transcribe(short[] samples) {
        TranscriptionStream s = open(t -> {});
        for (int at = 0; at < samples.length; at += 1600) {
            s.accept(java.util.Arrays.copyOfRange(samples, at, Math.min(samples.length, at + 1600)));
        }
        try {
            return s.finish().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            s.cancel();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("recognition failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    default void close() {}
}

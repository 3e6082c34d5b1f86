package io.mnemos.speech.asr.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * One native pocketsphinx decoder ({@code ps_decoder_t}). Not thread-safe: one utterance at a time, used by one
 * thread at a time (callers hand it between threads with a happens-before edge, e.g. a pool or a serial executor).
 * Creating one loads the acoustic model, dictionary and language model (~1–4 s on a loaded 2-core machine, tens of MB),
 * so decoders are pooled and reused across utterances.
 */
public final class PocketSphinxDecoder implements AutoCloseable {
    private static final int BUFFER_SAMPLES = 16_000;

    private final PocketSphinxLibrary lib;
    private final Arena arena;
    private final MemorySegment config;
    private final MemorySegment decoder;
    private final MemorySegment buffer;
    private final MemorySegment score;
    private boolean inUtterance;
    private boolean closed;

    /**
     * Creates a decoder from command-line style arguments ({@code -hmm DIR -lm FILE -dict FILE …}).
     *
     * @throws IllegalStateException if the library is missing or the configuration or models are rejected
     */
    public PocketSphinxDecoder(List<String> args) {
        this.lib = PocketSphinxLibrary.get();
        this.arena = Arena.ofShared();
        try {
            MemorySegment argv = arena.allocate(ADDRESS, args.size());
            for (int i = 0; i < args.size(); i++) {
                argv.setAtIndex(ADDRESS, i, arena.allocateFrom(args.get(i)));
            }
            MemorySegment defs = (MemorySegment) lib.psArgs.invokeExact();
            config = (MemorySegment) lib.cmdLnParse.invokeExact(MemorySegment.NULL, defs, args.size(), argv, 1);
            if (config.equals(MemorySegment.NULL)) {
                throw new IllegalStateException("pocketsphinx rejected its arguments: " + args);
            }
            decoder = (MemorySegment) lib.init.invokeExact(config);
            if (decoder.equals(MemorySegment.NULL)) {
                int ignored = (int) lib.cmdLnFree.invokeExact(config);
                throw new IllegalStateException("ps_init failed (check the model paths): " + args);
            }
            buffer = arena.allocate(JAVA_SHORT, BUFFER_SAMPLES);
            score = arena.allocate(JAVA_INT);
        } catch (IllegalStateException e) {
            arena.close();
            throw e;
        } catch (Throwable t) {
            arena.close();
            throw new IllegalStateException("pocketsphinx initialisation failed", t);
        }
    }

    /** Starts an utterance. */
    public void startUtterance() {
        check(!inUtterance, "utterance already started");
        int rc = call(() -> (int) lib.startUtt.invokeExact(decoder));
        if (rc < 0) {
            throw new IllegalStateException("ps_start_utt failed: " + rc);
        }
        inUtterance = true;
    }

    /** Recognises samples of the current utterance; returns the number of frames searched. */
    public int process(short[] samples, int offset, int length) {
        check(inUtterance, "no utterance started");
        int frames = 0;
        for (int at = 0; at < length; at += BUFFER_SAMPLES) {
            int n = Math.min(BUFFER_SAMPLES, length - at);
            MemorySegment.copy(samples, offset + at, buffer, JAVA_SHORT, 0, n);
            long count = n;
            int rc = call(() -> (int) lib.processRaw.invokeExact(decoder, buffer, count, 0, 0));
            if (rc < 0) {
                throw new IllegalStateException("ps_process_raw failed: " + rc);
            }
            frames += rc;
        }
        return frames;
    }

    /** The current best hypothesis (partial during an utterance, final after {@link #endUtterance()}). */
    public String hypothesis() {
        check(!closed, "closed");
        MemorySegment s = call(() -> (MemorySegment) lib.getHyp.invokeExact(decoder, score));
        if (s.equals(MemorySegment.NULL)) {
            return "";
        }
        return s.reinterpret(Integer.MAX_VALUE).getString(0);
    }

    /** Ends the utterance (final search pass) and returns the final hypothesis. */
    public String endUtterance() {
        check(inUtterance, "no utterance started");
        inUtterance = false;
        int rc = call(() -> (int) lib.endUtt.invokeExact(decoder));
        if (rc < 0) {
            throw new IllegalStateException("ps_end_utt failed: " + rc);
        }
        return hypothesis();
    }

    /** Ends a running utterance, discarding its result, so the decoder can be reused. */
    public void reset() {
        if (inUtterance) {
            endUtterance();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        call(() -> (int) lib.free.invokeExact(decoder));
        call(() -> (int) lib.cmdLnFree.invokeExact(config));
        arena.close();
    }

    private void check(boolean condition, String message) {
        if (closed) {
            throw new IllegalStateException("decoder closed");
        }
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    @FunctionalInterface
    private interface NativeCall<T> {
        T call() throws Throwable;
    }

    private static <T> T call(NativeCall<T> c) {
        try {
            return c.call();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}

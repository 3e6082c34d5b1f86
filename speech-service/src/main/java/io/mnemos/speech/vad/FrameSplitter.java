package io.mnemos.speech.vad;

import java.util.function.Consumer;

/** Re-cuts audio arriving in pieces of any size into fixed-size frames. Not thread-safe. */
public final class FrameSplitter {
    private final short[] pending;
    private int filled;

    public FrameSplitter(int frameSamples) {
        this.pending = new short[frameSamples];
    }

    /** Appends samples; calls {@code frames} with each completed frame (a fresh array). */
    public void accept(short[] samples, Consumer<short[]> frames) {
        int at = 0;
        while (at < samples.length) {
            int take = Math.min(pending.length - filled, samples.length - at);
            System.arraycopy(samples, at, pending, filled, take);
            filled += take;
            at += take;
            if (filled == pending.length) {
                frames.accept(pending.clone());
                filled = 0;
            }
        }
    }
}

package io.mnemos.speech.vad;

import java.util.ArrayDeque;

/**
 * The last {@code capacity} frames of audio, kept while nobody is speaking and replayed into recognition when speech
 * starts, so the onset (which the VAD confirms only after a few frames) is not lost. Freeze-Omni keeps ~960 ms.
 */
public final class PreRollBuffer {
    private final int capacity;
    private final ArrayDeque<short[]> frames;

    public PreRollBuffer(int capacityFrames) {
        this.capacity = Math.max(1, capacityFrames);
        this.frames = new ArrayDeque<>(capacity + 1);
    }

    /** Adds a frame, dropping the oldest beyond capacity. */
    public void add(short[] frame) {
        frames.addLast(frame);
        while (frames.size() > capacity) {
            frames.removeFirst();
        }
    }

    /** The buffered frames, oldest first, concatenated; the buffer is emptied. */
    public short[] drain() {
        int n = 0;
        for (short[] f : frames) {
            n += f.length;
        }
        short[] out = new short[n];
        int at = 0;
        for (short[] f : frames) {
            System.arraycopy(f, 0, out, at, f.length);
            at += f.length;
        }
        frames.clear();
        return out;
    }

    /** Frames held. */
    public int size() {
        return frames.size();
    }
}

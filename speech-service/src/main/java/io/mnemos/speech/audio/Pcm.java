package io.mnemos.speech.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The one audio format of the service: 16 kHz, mono, signed 16-bit little-endian PCM ("PCM16"). Helpers to convert
 * between bytes and samples and to measure durations.
 */
public final class Pcm {
    /** Samples per second. */
    public static final int SAMPLE_RATE = 16_000;
    /** Bytes per sample. */
    public static final int BYTES_PER_SAMPLE = 2;
    /** Samples per millisecond. */
    public static final int SAMPLES_PER_MS = SAMPLE_RATE / 1000;

    private Pcm() {}

    /** Little-endian PCM16 bytes to samples; {@code bytes.length} must be even. */
    public static short[] toSamples(byte[] bytes) {
        return toSamples(bytes, 0, bytes.length);
    }

    /** Little-endian PCM16 bytes to samples; {@code length} must be even. */
    public static short[] toSamples(byte[] bytes, int offset, int length) {
        if ((length & 1) != 0) {
            throw new IllegalArgumentException("PCM16 needs an even number of bytes, got " + length);
        }
        short[] out = new short[length / 2];
        ByteBuffer.wrap(bytes, offset, length)
                .order(ByteOrder.LITTLE_ENDIAN)
                .asShortBuffer()
                .get(out);
        return out;
    }

    /** Samples to little-endian PCM16 bytes. */
    public static byte[] toBytes(short[] samples) {
        return toBytes(samples, 0, samples.length);
    }

    /** Samples to little-endian PCM16 bytes. */
    public static byte[] toBytes(short[] samples, int offset, int length) {
        ByteBuffer b = ByteBuffer.allocate(length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.asShortBuffer().put(samples, offset, length);
        return b.array();
    }

    /** Duration of {@code samples} samples in milliseconds. */
    public static long millis(long samples) {
        return samples * 1000 / SAMPLE_RATE;
    }

    /** Number of samples in {@code ms} milliseconds. */
    public static int samples(long ms) {
        return Math.toIntExact(ms * SAMPLES_PER_MS);
    }

    /** Concatenates sample arrays. */
    public static short[] concat(short[]... parts) {
        int n = 0;
        for (short[] p : parts) {
            n += p.length;
        }
        short[] out = new short[n];
        int at = 0;
        for (short[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** {@code ms} milliseconds of digital silence. */
    public static short[] silence(long ms) {
        return new short[samples(ms)];
    }

    /**
     * Resamples by linear interpolation (good enough for synthesised speech arriving at another rate; not a studio
     * resampler).
     */
    public static short[] resample(short[] in, int fromRate, int toRate) {
        if (fromRate == toRate || in.length == 0) {
            return in;
        }
        int n = (int) ((long) in.length * toRate / fromRate);
        short[] out = new short[n];
        double step = (double) fromRate / toRate;
        for (int i = 0; i < n; i++) {
            double x = i * step;
            int j = (int) x;
            double f = x - j;
            int a = in[Math.min(j, in.length - 1)];
            int b = in[Math.min(j + 1, in.length - 1)];
            out[i] = (short) Math.round(a + (b - a) * f);
        }
        return out;
    }
}

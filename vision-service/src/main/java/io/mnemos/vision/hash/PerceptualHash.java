package io.mnemos.vision.hash;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * 64-bit DCT perceptual hash ("pHash", as in Zauner 2010 and the {@code imagehash} Python package): images that look
 * alike have hashes a small Hamming distance apart, whatever their size, encoding or compression.
 *
 * <ol>
 *   <li>8-bit grey, scaled to 32×32 by exact area averaging (every source pixel contributes in proportion to its
 *       overlap; no aliasing however large the source).
 *   <li>2-D DCT-II of the 32×32 block.
 *   <li>The 8×8 lowest frequencies (DC included), each compared with their median: bit = coefficient &gt; median,
 *       row-major, first coefficient in the most significant bit.
 * </ol>
 *
 * <p>The hash ignores aspect ratio (everything becomes 32×32): callers that need "the same picture" should also
 * compare the aspect ratio. Pure function; thread-safe.
 */
public final class PerceptualHash {
    /** Side of the scaled image the DCT runs on. */
    static final int SIZE = 32;
    /** Side of the low-frequency block kept. */
    static final int LOW = 8;

    private static final double[][] COS = cosTable();

    private PerceptualHash() {}

    /** The hash of an 8-bit grey image ({@link BufferedImage#TYPE_BYTE_GRAY}). */
    public static long of(BufferedImage grey) {
        if (grey.getType() != BufferedImage.TYPE_BYTE_GRAY) {
            throw new IllegalArgumentException("expects a TYPE_BYTE_GRAY image");
        }
        byte[] data = ((DataBufferByte) grey.getRaster().getDataBuffer()).getData();
        return of(data, grey.getWidth(), grey.getHeight());
    }

    /** The hash of grey pixels, row-major, one unsigned byte per pixel. */
    public static long of(byte[] grey, int width, int height) {
        double[] small = areaResize(grey, width, height, SIZE, SIZE);
        double[] dct = dct2(small);
        double[] low = new double[LOW * LOW];
        for (int v = 0; v < LOW; v++) {
            System.arraycopy(dct, v * SIZE, low, v * LOW, LOW);
        }
        double[] sorted = low.clone();
        Arrays.sort(sorted);
        double median = (sorted[31] + sorted[32]) / 2;
        long hash = 0;
        for (double c : low) {
            hash = (hash << 1) | (c > median ? 1 : 0);
        }
        return hash;
    }

    /** Number of differing bits: 0 for identical hashes, about 32 for unrelated images. */
    public static int distance(long a, long b) {
        return Long.bitCount(a ^ b);
    }

    /** The hash as 16 lower-case hex digits. */
    public static String toHex(long hash) {
        return HexFormat.of().toHexDigits(hash);
    }

    /** Parses {@link #toHex(long)}. */
    public static long fromHex(String hex) {
        if (hex.length() != 16) {
            throw new IllegalArgumentException("a perceptual hash is 16 hex digits, got '" + hex + "'");
        }
        return HexFormat.fromHexDigitsToLong(hex);
    }

    /**
     * Box-filter resampling with exact fractional coverage: target pixel (tx, ty) is the mean of the source area
     * [tx·w/tw, (tx+1)·w/tw) × [ty·h/th, (ty+1)·h/th). Works for up- and downscaling.
     */
    static double[] areaResize(byte[] src, int w, int h, int tw, int th) {
        double[][] wx = weights(w, tw);
        double[][] wy = weights(h, th);
        // Horizontal pass: h rows of tw.
        double[] rows = new double[h * tw];
        for (int y = 0; y < h; y++) {
            int off = y * w;
            for (int tx = 0; tx < tw; tx++) {
                double[] wt = wx[tx];
                int start = (int) wt[0];
                double acc = 0;
                for (int i = 1; i < wt.length; i++) {
                    acc += wt[i] * (src[off + start + i - 1] & 0xFF);
                }
                rows[y * tw + tx] = acc;
            }
        }
        double[] out = new double[tw * th];
        for (int ty = 0; ty < th; ty++) {
            double[] wt = wy[ty];
            int start = (int) wt[0];
            for (int tx = 0; tx < tw; tx++) {
                double acc = 0;
                for (int i = 1; i < wt.length; i++) {
                    acc += wt[i] * rows[(start + i - 1) * tw + tx];
                }
                out[ty * tw + tx] = acc;
            }
        }
        return out;
    }

    /**
     * For each target index: {first source index, weight of it, weight of the next, …}; weights sum to 1 and are the
     * overlap of the source pixel with the target pixel's footprint.
     */
    private static double[][] weights(int n, int tn) {
        double[][] out = new double[tn][];
        double step = (double) n / tn;
        for (int t = 0; t < tn; t++) {
            double lo = t * step;
            double hi = (t + 1) * step;
            int first = (int) Math.floor(lo);
            int last = Math.min(n - 1, (int) Math.ceil(hi) - 1);
            double[] wt = new double[last - first + 2];
            wt[0] = first;
            for (int s = first; s <= last; s++) {
                double overlap = Math.min(hi, s + 1) - Math.max(lo, s);
                wt[s - first + 1] = Math.max(0, overlap) / step;
            }
            out[t] = wt;
        }
        return out;
    }

    /** Orthonormal-up-to-scale 2-D DCT-II of a SIZE×SIZE block (scale does not matter for a median threshold). */
    private static double[] dct2(double[] block) {
        double[] tmp = new double[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int u = 0; u < SIZE; u++) {
                double acc = 0;
                for (int x = 0; x < SIZE; x++) {
                    acc += block[y * SIZE + x] * COS[u][x];
                }
                tmp[y * SIZE + u] = acc;
            }
        }
        double[] out = new double[SIZE * SIZE];
        for (int v = 0; v < LOW; v++) { // only the low rows are used
            for (int u = 0; u < SIZE; u++) {
                double acc = 0;
                for (int y = 0; y < SIZE; y++) {
                    acc += tmp[y * SIZE + u] * COS[v][y];
                }
                out[v * SIZE + u] = acc;
            }
        }
        return out;
    }

    private static double[][] cosTable() {
        double[][] c = new double[SIZE][SIZE];
        for (int k = 0; k < SIZE; k++) {
            for (int n = 0; n < SIZE; n++) {
                c[k][n] = Math.cos(Math.PI / SIZE * (n + 0.5) * k);
            }
        }
        return c;
    }
}

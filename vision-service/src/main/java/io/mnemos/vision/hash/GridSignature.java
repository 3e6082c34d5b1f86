package io.mnemos.vision.hash;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Objects;

/**
 * A finer fingerprint that confirms a perceptual-hash match: the image's mean grey levels on a grid of about
 * {@value #TARGET_CELLS} cells that keeps the aspect ratio (a 1421×54 text line gets 164×6 cells, a 3312×2550 page
 * 36×28).
 *
 * <p>Why it is needed: the 64-bit {@link PerceptualHash} squeezes every image to 32×32, so two different text lines of
 * the same width, or two pages with the same layout, can hash a few bits apart (measured on UW3 text lines: two
 * different lines at distance 4). Their grids, compared at the stored image's grid size, correlate far less (at most
 * 0.64 between different images of similar shape among the UW3 lines and Tesseract pages) than the same image after
 * resizing to 50–130 % and PNG / JPEG q0.6 re-encoding (at least 0.977). Numbers in {@code docs/benchmarks/vision.md}.
 *
 * @param cols   grid columns
 * @param rows   grid rows
 * @param levels mean grey level of each cell, 0–255, row-major ({@code cols × rows} bytes)
 */
public record GridSignature(int cols, int rows, byte[] levels) {
    /** About this many cells. */
    public static final int TARGET_CELLS = 1024;

    public GridSignature {
        Objects.requireNonNull(levels, "levels");
        if (cols < 1 || rows < 1 || levels.length != cols * rows) {
            throw new IllegalArgumentException("levels must hold cols × rows bytes");
        }
    }

    /** The signature of an 8-bit grey image, on the grid its aspect ratio gives. */
    public static GridSignature of(BufferedImage grey) {
        int[] grid = grid(grey.getWidth(), grey.getHeight());
        return of(grey, grid[0], grid[1]);
    }

    /** The signature of an 8-bit grey image on a given grid (to compare it with a stored signature). */
    public static GridSignature of(BufferedImage grey, int cols, int rows) {
        if (grey.getType() != BufferedImage.TYPE_BYTE_GRAY) {
            throw new IllegalArgumentException("expects a TYPE_BYTE_GRAY image");
        }
        byte[] data = ((DataBufferByte) grey.getRaster().getDataBuffer()).getData();
        double[] cells = PerceptualHash.areaResize(data, grey.getWidth(), grey.getHeight(), cols, rows);
        byte[] levels = new byte[cells.length];
        for (int i = 0; i < cells.length; i++) {
            levels[i] = (byte) Math.max(0, Math.min(255, Math.round(cells[i])));
        }
        return new GridSignature(cols, rows, levels);
    }

    /** Grid for a width and height: about {@value #TARGET_CELLS} cells, same aspect ratio, each side 1–1024. */
    static int[] grid(int width, int height) {
        double aspect = (double) width / height;
        int cols = (int) Math.max(1, Math.min(1024, Math.round(Math.sqrt(TARGET_CELLS * aspect))));
        int rows = (int) Math.max(1, Math.min(1024, Math.round((double) TARGET_CELLS / cols)));
        return new int[] {cols, rows};
    }

    /**
     * How alike two signatures on the same grid are: Pearson correlation of the levels, in [-1, 1]. Two flat images
     * (no contrast) count as 1 if their levels differ by less than 8 on average, else 0; one flat and one not, 0.
     */
    public double similarity(GridSignature other) {
        if (other.cols != cols || other.rows != rows) {
            throw new IllegalArgumentException(
                    "signatures on different grids: " + cols + "×" + rows + " vs " + other.cols + "×" + other.rows);
        }
        int n = levels.length;
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < n; i++) {
            ma += levels[i] & 0xFF;
            mb += other.levels[i] & 0xFF;
        }
        ma /= n;
        mb /= n;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < n; i++) {
            double x = (levels[i] & 0xFF) - ma;
            double y = (other.levels[i] & 0xFF) - mb;
            sab += x * y;
            saa += x * x;
            sbb += y * y;
        }
        boolean flatA = saa / n < 1.0;
        boolean flatB = sbb / n < 1.0;
        if (flatA || flatB) {
            return flatA && flatB && Math.abs(ma - mb) < 8 ? 1.0 : 0.0;
        }
        return sab / Math.sqrt(saa * sbb);
    }
}

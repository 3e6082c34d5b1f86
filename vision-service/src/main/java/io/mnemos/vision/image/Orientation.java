package io.mnemos.vision.image;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.MetadataException;
import com.drew.metadata.exif.ExifIFD0Directory;
import java.io.ByteArrayInputStream;

/**
 * EXIF orientation (tag 0x0112): how the stored pixels must be turned to show the image upright. Values 1–8 as in
 * the EXIF 2.3 specification: 1 upright, 2 mirrored left-right, 3 turned 180°, 4 mirrored top-bottom, 5 transposed,
 * 6 needs a 90° clockwise turn, 7 transversed, 8 needs a 90° counter-clockwise turn.
 */
public final class Orientation {
    /** Upright: no change. */
    public static final int NORMAL = 1;

    private Orientation() {}

    /**
     * The EXIF orientation of encoded image data (JPEG, TIFF, PNG {@code eXIf}, WebP {@code EXIF}), or {@link #NORMAL}
     * when there is none or the metadata cannot be read (broken metadata never rejects an otherwise readable image).
     */
    public static int read(byte[] data) {
        try {
            Metadata metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(data), data.length);
            for (ExifIFD0Directory dir : metadata.getDirectoriesOfType(ExifIFD0Directory.class)) {
                if (dir.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                    int value = dir.getInt(ExifIFD0Directory.TAG_ORIENTATION);
                    return value >= 1 && value <= 8 ? value : NORMAL;
                }
            }
        } catch (MetadataException
                | RuntimeException
                | java.io.IOException
                | com.drew.imaging.ImageProcessingException e) {
            // No usable EXIF: treat as upright.
        }
        return NORMAL;
    }

    /** Whether the orientation swaps width and height (5–8). */
    public static boolean swapsAxes(int orientation) {
        return orientation >= 5 && orientation <= 8;
    }

    /**
     * Where the stored pixel ({@code x}, {@code y}) of a {@code w}×{@code h} image lands in the upright image, as
     * {@code long} {@code (x' << 32) | y'}.
     */
    static long map(int orientation, int x, int y, int w, int h) {
        int nx;
        int ny;
        switch (orientation) {
            case 2 -> {
                nx = w - 1 - x;
                ny = y;
            }
            case 3 -> {
                nx = w - 1 - x;
                ny = h - 1 - y;
            }
            case 4 -> {
                nx = x;
                ny = h - 1 - y;
            }
            case 5 -> {
                nx = y;
                ny = x;
            }
            case 6 -> {
                nx = h - 1 - y;
                ny = x;
            }
            case 7 -> {
                nx = h - 1 - y;
                ny = w - 1 - x;
            }
            case 8 -> {
                nx = y;
                ny = w - 1 - x;
            }
            default -> {
                nx = x;
                ny = y;
            }
        }
        return ((long) nx << 32) | (ny & 0xFFFFFFFFL);
    }
}

package io.mnemos.vision.image;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * A decoded, validated image in a canonical form: upright (EXIF orientation applied), 8-bit, without alpha (transparent
 * areas composited over white).
 *
 * @param format      the format the data was in
 * @param grey        the image as 8-bit grey ({@link BufferedImage#TYPE_BYTE_GRAY}): what OCR and hashing see
 * @param colour      the image in colour ({@link BufferedImage#TYPE_INT_RGB}), scaled down so that its longer side is
 *                    at most the configured preview size: what a vision model is shown
 * @param orientation the EXIF orientation that was applied (1 = none; 1–8 as in the EXIF specification)
 * @param byteSize    size of the encoded data
 */
public record NormalizedImage(
        ImageFormat format, BufferedImage grey, BufferedImage colour, int orientation, long byteSize) {

    public NormalizedImage {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(grey, "grey");
        Objects.requireNonNull(colour, "colour");
        if (grey.getType() != BufferedImage.TYPE_BYTE_GRAY) {
            throw new IllegalArgumentException("grey must be TYPE_BYTE_GRAY");
        }
    }

    /** Width of the upright image. */
    public int width() {
        return grey.getWidth();
    }

    /** Height of the upright image. */
    public int height() {
        return grey.getHeight();
    }
}

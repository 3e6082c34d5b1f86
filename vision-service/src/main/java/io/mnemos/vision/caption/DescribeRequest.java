package io.mnemos.vision.caption;

import java.awt.image.BufferedImage;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What to describe.
 *
 * @param image    the upright image in colour, already scaled down to what the model needs
 * @param question a question about the image (visual question answering); null asks for a caption
 * @param ocrText  text recognised in the image, given to the model as a hint; null or empty when there is none
 */
public record DescribeRequest(BufferedImage image, @Nullable String question, @Nullable String ocrText) {
    public DescribeRequest {
        Objects.requireNonNull(image, "image");
    }

    /** A caption request without OCR hint. */
    public static DescribeRequest caption(BufferedImage image) {
        return new DescribeRequest(image, null, null);
    }
}

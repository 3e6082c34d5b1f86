package io.mnemos.vision.ocr;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * What to recognise.
 *
 * @param grey   the upright image, 8-bit grey ({@link BufferedImage#TYPE_BYTE_GRAY})
 * @param layout how to segment it; {@link PageLayout#AUTO} lets the recognizer choose from the image's shape
 */
public record OcrRequest(BufferedImage grey, PageLayout layout) {
    public OcrRequest {
        Objects.requireNonNull(grey, "grey");
        Objects.requireNonNull(layout, "layout");
        if (grey.getType() != BufferedImage.TYPE_BYTE_GRAY) {
            throw new IllegalArgumentException("OCR expects a TYPE_BYTE_GRAY image");
        }
    }

    /** A request with an automatically chosen layout. */
    public static OcrRequest of(BufferedImage grey) {
        return new OcrRequest(grey, PageLayout.AUTO);
    }
}

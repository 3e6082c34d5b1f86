package io.mnemos.vision.ocr;

import java.awt.image.BufferedImage;

/**
 * Reads the text in an image (OCR). Implementations must be safe to call from many threads at once; they bound their
 * own concurrency.
 *
 * <p>Edge cases: an image without text gives an empty {@link OcrResult#text()} and no lines, not an error. Lines come
 * in reading order (top to bottom, and column by column for multi-column pages where the engine detects columns).
 * Boxes are in pixels of the image passed in.
 */
public interface TextRecognizer {

    /**
     * Recognises the text.
     *
     * @throws OcrUnavailableException if the engine is not installed or stayed busy past its queue timeout
     */
    OcrResult recognize(OcrRequest request);

    /** {@link #recognize(OcrRequest)} with the layout chosen from the image's shape. */
    default OcrResult recognize(BufferedImage grey) {
        return recognize(OcrRequest.of(grey));
    }

    /** Whether OCR can run, and if not, what is missing. */
    OcrStatus status();
}

package io.mnemos.vision.ocr;

import java.util.List;
import java.util.Objects;

/**
 * What the recognizer read.
 *
 * @param text           all recognised text, lines separated by {@code \n} and paragraphs by a blank line; empty if
 *                       the image holds no readable text
 * @param lines          each line with its box and confidence, in reading order
 * @param meanConfidence mean word confidence over the image, 0–1 (0 when there is no text)
 * @param layout         the layout used (never {@link PageLayout#AUTO})
 * @param engine         the engine and its version, e.g. {@code tesseract 5.3.0}
 */
public record OcrResult(String text, List<OcrLine> lines, double meanConfidence, PageLayout layout, String engine) {
    public OcrResult {
        Objects.requireNonNull(text, "text");
        lines = List.copyOf(lines);
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(engine, "engine");
    }
}

package io.mnemos.vision.ocr;

import java.util.Objects;

/**
 * One recognised line of text.
 *
 * @param text       the line, without its line break
 * @param box        where it is
 * @param confidence the recognizer's confidence, 0–1
 */
public record OcrLine(String text, Box box, double confidence) {
    public OcrLine {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(box, "box");
    }
}

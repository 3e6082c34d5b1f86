package io.mnemos.vision.ocr;

/**
 * An axis-aligned rectangle in pixels of the upright image, origin top-left.
 *
 * @param x left edge
 * @param y top edge
 * @param w width
 * @param h height
 */
public record Box(int x, int y, int w, int h) {}

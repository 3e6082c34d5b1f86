package io.mnemos.vision.ocr;

import java.util.Locale;

/**
 * What kind of text image the recognizer is given; decides how it segments the page (Tesseract's page segmentation
 * mode, PSM).
 */
public enum PageLayout {
    /** Decide from the image's size and shape ({@link #choose(int, int)}). */
    AUTO,
    /** One line of text (PSM 7): a cropped line, a label, a caption strip. */
    SINGLE_LINE,
    /** One uniform block of text (PSM 6): a paragraph crop. */
    SINGLE_BLOCK,
    /** A full page with columns, headings, pictures (PSM 3, automatic layout analysis). */
    FULL_PAGE;

    /** Text lines are at most this tall to count as a single line by height. */
    static final int LINE_MAX_HEIGHT = 120;
    /** …and at least this wide relative to their height. */
    static final double LINE_MIN_ASPECT = 2.5;
    /** Anything this elongated is a line whatever its height (a line scanned at high resolution). */
    static final double LINE_ASPECT = 12.0;

    /**
     * The layout {@link #AUTO} resolves to: a single line if the image is short and wide (height ≤ {@value
     * #LINE_MAX_HEIGHT} px and width ≥ {@value #LINE_MIN_ASPECT} × height) or very elongated (width ≥ {@value
     * #LINE_ASPECT} × height); otherwise a full page. Single-line segmentation matters: full-page analysis on a lone
     * line image drops or splits text (see {@code docs/benchmarks/vision.md}).
     */
    public static PageLayout choose(int width, int height) {
        double aspect = (double) width / height;
        if ((height <= LINE_MAX_HEIGHT && aspect >= LINE_MIN_ASPECT) || aspect >= LINE_ASPECT) {
            return SINGLE_LINE;
        }
        return FULL_PAGE;
    }

    /** This layout with {@link #AUTO} resolved for an image of this size. */
    public PageLayout resolve(int width, int height) {
        return this == AUTO ? choose(width, height) : this;
    }

    /** API name: {@code auto}, {@code line}, {@code block}, {@code page}. */
    public String id() {
        return switch (this) {
            case AUTO -> "auto";
            case SINGLE_LINE -> "line";
            case SINGLE_BLOCK -> "block";
            case FULL_PAGE -> "page";
        };
    }

    /** Parses {@link #id()} (case-insensitive). */
    public static PageLayout ofId(String id) {
        String s = id.strip().toLowerCase(Locale.ROOT);
        for (PageLayout l : values()) {
            if (l.id().equals(s)) {
                return l;
            }
        }
        throw new IllegalArgumentException("layout must be one of auto, line, block, page; got '" + id + "'");
    }
}

package io.mnemos.vision.ocr;

import java.util.List;
import java.util.Objects;

/**
 * Whether a recognizer can run, for health checks and error messages.
 *
 * @param state     {@code ready}, {@code starting} or {@code unavailable}
 * @param engine    engine and version when known, else {@code tesseract}
 * @param detail    one sentence: what is running, or what is missing and how to install it
 * @param languages languages the engine was started with
 */
public record OcrStatus(String state, String engine, String detail, List<String> languages) {
    public static final String READY = "ready";
    public static final String STARTING = "starting";
    public static final String UNAVAILABLE = "unavailable";

    public OcrStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(detail, "detail");
        languages = List.copyOf(languages);
    }

    /** Whether requests can be served (now or after start-up finishes). */
    public boolean usable() {
        return !UNAVAILABLE.equals(state);
    }
}

package io.mnemos.vision.images;

import io.mnemos.vision.caption.Description;
import org.jspecify.annotations.Nullable;

/**
 * What became of the caption step.
 *
 * @param status      {@value #NOT_CONFIGURED}, {@value #GENERATED} or {@value #FAILED}
 * @param description the caption or answer, when generated
 * @param question    the question asked, null for a plain caption
 * @param error       why it failed, when failed (one line, no secrets)
 * @param millis      time the model call took, null when none was made
 */
public record CaptionOutcome(
        String status,
        @Nullable Description description,
        @Nullable String question,
        @Nullable String error,
        @Nullable Long millis) {
    /** No caption model is configured: nothing was invented. */
    public static final String NOT_CONFIGURED = "not-configured";
    /** The model produced the caption (or answer). */
    public static final String GENERATED = "generated";
    /** The model was called and failed; OCR and metadata are still returned. */
    public static final String FAILED = "failed";

    static CaptionOutcome notConfigured(@Nullable String question) {
        return new CaptionOutcome(NOT_CONFIGURED, null, question, null, null);
    }
}

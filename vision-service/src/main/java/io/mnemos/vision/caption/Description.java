package io.mnemos.vision.caption;

import java.util.Objects;

/**
 * What a vision model said about an image.
 *
 * @param text     the caption, or the answer to the question
 * @param provider who produced it ({@code openai}, {@code ollama})
 * @param model    the model name as configured
 */
public record Description(String text, String provider, String model) {
    public Description {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
    }
}

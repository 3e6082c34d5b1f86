package io.mnemos.vision.caption;

import java.util.Locale;

/** Where captions come from ({@code mnemos.vision.caption.provider}). */
public enum CaptionProvider {
    /** No model: responses carry OCR and metadata only, with {@code captionStatus: "not-configured"}. */
    NONE,
    /** Any server that speaks the OpenAI Chat Completions API with image inputs (OpenAI, vLLM, LocalAI, …). */
    OPENAI,
    /** An Ollama server with a vision model (llava, llama3.2-vision, qwen2.5vl, …). */
    OLLAMA;

    /** Lower-case name, as in configuration and responses. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}

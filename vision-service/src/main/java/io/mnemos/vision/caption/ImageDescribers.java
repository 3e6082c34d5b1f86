package io.mnemos.vision.caption;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Builds the {@link ImageDescriber} a configuration asks for. */
public final class ImageDescribers {
    /** Default server of the openai provider. */
    public static final String OPENAI_URL = "https://api.openai.com/v1";
    /** Default server of the ollama provider. */
    public static final String OLLAMA_URL = "http://localhost:11434";
    /** Longest answer asked of the model, in tokens. */
    static final int MAX_TOKENS = 300;

    private ImageDescribers() {}

    /**
     * The describer for a provider, or empty for {@link CaptionProvider#NONE}.
     *
     * @param provider    where captions come from
     * @param baseUrl     server URL, or null for the provider's default
     * @param model       model name; required unless the provider is none
     * @param apiKey      API key (openai), may be null for servers without authentication
     * @param timeout     per-call timeout
     * @param maxOcrChars longest OCR hint passed to the model
     * @throws IllegalArgumentException if a provider is chosen without a model
     */
    public static Optional<ImageDescriber> create(
            CaptionProvider provider,
            @Nullable URI baseUrl,
            @Nullable String model,
            @Nullable String apiKey,
            Duration timeout,
            int maxOcrChars) {
        if (provider == CaptionProvider.NONE) {
            return Optional.empty();
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("mnemos.vision.caption.model is required with provider " + provider.id()
                    + " (a vision-capable model, e.g. gpt-4o-mini or llava)");
        }
        ChatModel chat =
                switch (provider) {
                    case OPENAI ->
                        OpenAiChatModel.builder()
                                .baseUrl(blank(baseUrl) ? OPENAI_URL : baseUrl.toString())
                                .apiKey(apiKey == null || apiKey.isBlank() ? "not-needed" : apiKey)
                                .modelName(model)
                                .timeout(timeout)
                                .maxRetries(1)
                                .temperature(0.0)
                                .maxTokens(MAX_TOKENS)
                                .build();
                    case OLLAMA ->
                        OllamaChatModel.builder()
                                .maxRetries(1)
                                .baseUrl(blank(baseUrl) ? OLLAMA_URL : baseUrl.toString())
                                .modelName(model)
                                .timeout(timeout)
                                .temperature(0.0)
                                .numPredict(MAX_TOKENS)
                                .build();
                    case NONE -> throw new IllegalStateException("unreachable");
                };
        return Optional.of(new ChatModelImageDescriber(chat, provider.id(), model, maxOcrChars));
    }

    private static boolean blank(@Nullable URI uri) {
        return uri == null || uri.toString().isBlank();
    }
}

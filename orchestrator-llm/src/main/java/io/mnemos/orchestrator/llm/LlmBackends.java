package io.mnemos.orchestrator.llm;

import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.net.URI;
import java.nio.file.Path;

/** Creates the backend a configuration names. Called lazily, on the first call that needs it. */
final class LlmBackends {
    /** Default server of the openai provider. */
    static final String OPENAI_URL = "https://api.openai.com/v1";
    /** Default server of the ollama provider. */
    static final String OLLAMA_URL = "http://localhost:11434";

    private LlmBackends() {}

    /**
     * @throws IllegalArgumentException when the configuration lacks what the provider needs (model, model directory)
     */
    static LlmBackend create(LlmProperties p) {
        return switch (p.provider()) {
            case NONE -> throw new IllegalStateException("provider none has no backend");
            case OPENAI -> openAi(p);
            case OLLAMA -> ollama(p);
            case JLAMA -> jlama(p);
        };
    }

    /** Model name shown in status and metrics. */
    static String modelName(LlmProperties p) {
        if (p.provider() == LlmProvider.JLAMA && (p.model() == null || p.model().isBlank())) {
            return p.modelDir() == null ? "" : String.valueOf(p.modelDir().getFileName());
        }
        return p.model() == null ? "" : p.model();
    }

    // LangChain4j's own retries are off (maxRetries 0): ResilientLlmClient retries, and only retriable failures.
    private static LlmBackend openAi(LlmProperties p) {
        String model = requireModel(p);
        String url = url(p.baseUrl(), OPENAI_URL);
        // Local servers (vLLM, llama.cpp) accept any key, but the client insists on one.
        String key = p.apiKey() == null || p.apiKey().isBlank() ? "not-needed" : p.apiKey();
        return new ChatModelBackend(
                OpenAiChatModel.builder()
                        .baseUrl(url)
                        .apiKey(key)
                        .modelName(model)
                        .timeout(p.timeout())
                        .maxRetries(0)
                        .temperature(p.temperature())
                        .maxTokens(p.maxTokens())
                        .build(),
                OpenAiStreamingChatModel.builder()
                        .baseUrl(url)
                        .apiKey(key)
                        .modelName(model)
                        .timeout(p.timeout())
                        .temperature(p.temperature())
                        .maxTokens(p.maxTokens())
                        .build());
    }

    private static LlmBackend ollama(LlmProperties p) {
        String model = requireModel(p);
        String url = url(p.baseUrl(), OLLAMA_URL);
        return new ChatModelBackend(
                OllamaChatModel.builder()
                        .baseUrl(url)
                        .modelName(model)
                        .timeout(p.timeout())
                        .maxRetries(0)
                        .temperature(p.temperature())
                        .numPredict(p.maxTokens())
                        .build(),
                OllamaStreamingChatModel.builder()
                        .baseUrl(url)
                        .modelName(model)
                        .timeout(p.timeout())
                        .temperature(p.temperature())
                        .numPredict(p.maxTokens())
                        .build());
    }

    private static LlmBackend jlama(LlmProperties p) {
        if (p.modelDir() == null) {
            throw new IllegalArgumentException(
                    "mnemos.llm.model-dir is required with provider jlama (a Hugging Face model directory)");
        }
        Path work = p.workDir() != null ? p.workDir() : Path.of(System.getProperty("java.io.tmpdir"), "mnemos-llm");
        JlamaRunner runner = JlamaRunner.load(p.modelDir(), p.quantization(), work, p.threads());
        return new JlamaBackend(runner, p.maxConcurrent(), LlmOptions.defaults().resolve(p));
    }

    private static String requireModel(LlmProperties p) {
        if (p.model() == null || p.model().isBlank()) {
            throw new IllegalArgumentException(
                    "mnemos.llm.model is required with provider " + p.provider().id());
        }
        return p.model();
    }

    private static String url(URI configured, String fallback) {
        return configured == null || configured.toString().isBlank() ? fallback : configured.toString();
    }
}

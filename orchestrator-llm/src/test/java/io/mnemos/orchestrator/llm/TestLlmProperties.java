package io.mnemos.orchestrator.llm;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** LlmProperties for tests: defaults plus what a test changes. */
final class TestLlmProperties {
    LlmProvider provider = LlmProvider.OPENAI;
    URI baseUrl;
    String model = "test-model";
    String apiKey;
    Path modelDir;
    LlmProperties.Quantization quantization = LlmProperties.Quantization.NONE;
    Path workDir;
    Duration timeout = Duration.ofSeconds(5);
    int maxRetries = 2;
    Duration backoff = Duration.ofMillis(10);
    int maxTokens = 64;
    double temperature = 0.0;
    int minimumCalls = 4;
    int window = 10;
    Duration openDuration = Duration.ofSeconds(30);

    LlmProperties build() {
        return new LlmProperties(
                provider,
                baseUrl,
                model,
                apiKey,
                modelDir,
                quantization,
                workDir,
                null,
                timeout,
                maxRetries,
                backoff,
                maxTokens,
                temperature,
                1,
                new LlmProperties.Breaker(50, window, minimumCalls, openDuration, 1));
    }
}

package io.mnemos.orchestrator.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Provider none: no LLM. Every call returns {@link LlmFailure.Kind#NOT_CONFIGURED} at once, without any work. */
public final class DisabledLlmClient implements LlmClient {
    private static final LlmFailure NOT_CONFIGURED = LlmFailure.of(
            LlmFailure.Kind.NOT_CONFIGURED, "no LLM configured (mnemos.llm.provider=none): answers are extractive");

    @Override
    public LlmResult generate(LlmPrompt prompt, LlmOptions options) {
        return new LlmResult.Degraded(NOT_CONFIGURED, "", Duration.ZERO, 0);
    }

    @Override
    public LlmStream stream(LlmPrompt prompt, LlmOptions options, LlmTokenHandler handler) {
        CompletableFuture<LlmResult> done =
                CompletableFuture.completedFuture(new LlmResult.Degraded(NOT_CONFIGURED, "", Duration.ZERO, 0));
        return new LlmStream() {
            @Override
            public void cancel() {}

            @Override
            public boolean isCancelled() {
                return false;
            }

            @Override
            public CompletableFuture<LlmResult> result() {
                return done;
            }
        };
    }

    @Override
    public boolean isAvailable() {
        return false;
    }

    @Override
    public LlmStatus status() {
        return new LlmStatus(LlmProvider.NONE, "", false, "DISABLED", null, null);
    }

    @Override
    public Optional<ChatModel> chatModel() {
        return Optional.empty();
    }

    @Override
    public Optional<StreamingChatModel> streamingChatModel() {
        return Optional.empty();
    }
}

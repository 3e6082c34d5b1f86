package io.mnemos.orchestrator.grounded;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import io.mnemos.orchestrator.llm.FinishReason;
import io.mnemos.orchestrator.llm.LlmClient;
import io.mnemos.orchestrator.llm.LlmFailure;
import io.mnemos.orchestrator.llm.LlmOptions;
import io.mnemos.orchestrator.llm.LlmPrompt;
import io.mnemos.orchestrator.llm.LlmResult;
import io.mnemos.orchestrator.llm.LlmStatus;
import io.mnemos.orchestrator.llm.LlmStream;
import io.mnemos.orchestrator.llm.LlmTokenHandler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in {@link LlmClient} that returns scripted results in order (text and finish reason; tokens = words) and
 * records every prompt and option. When the script runs out it answers with an empty stop.
 */
final class ScriptedLlmClient implements LlmClient {
    final Deque<LlmResult> script = new ArrayDeque<>();
    final List<LlmPrompt> prompts = new CopyOnWriteArrayList<>();
    final List<LlmOptions> options = new CopyOnWriteArrayList<>();
    volatile boolean available = true;

    ScriptedLlmClient then(String text, FinishReason finish) {
        return then(text, finish, text.isBlank() ? 0 : text.strip().split("\\s+").length);
    }

    ScriptedLlmClient then(String text, FinishReason finish, int tokens) {
        script.add(new LlmResult.Completed(text, finish, 10, tokens, null, Duration.ofMillis(1), 1));
        return this;
    }

    ScriptedLlmClient thenDegraded(LlmFailure.Kind kind, String message) {
        script.add(new LlmResult.Degraded(new LlmFailure(kind, message, false, 0), "", Duration.ofMillis(1), 1));
        return this;
    }

    @Override
    public LlmResult generate(LlmPrompt prompt, LlmOptions o) {
        prompts.add(prompt);
        options.add(o);
        LlmResult next = script.poll();
        return next != null ? next : new LlmResult.Completed("", FinishReason.STOP, 10, 0, null, Duration.ZERO, 1);
    }

    @Override
    public LlmStream stream(LlmPrompt prompt, LlmOptions o, LlmTokenHandler handler) {
        throw new UnsupportedOperationException("the grounded loop does not stream");
    }

    @Override
    public boolean isAvailable() {
        return available;
    }

    @Override
    public LlmStatus status() {
        throw new UnsupportedOperationException();
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

package io.mnemos.orchestrator.openai;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import io.mnemos.orchestrator.llm.FinishReason;
import io.mnemos.orchestrator.llm.LlmClient;
import io.mnemos.orchestrator.llm.LlmFailure;
import io.mnemos.orchestrator.llm.LlmOptions;
import io.mnemos.orchestrator.llm.LlmPrompt;
import io.mnemos.orchestrator.llm.LlmProvider;
import io.mnemos.orchestrator.llm.LlmResult;
import io.mnemos.orchestrator.llm.LlmStatus;
import io.mnemos.orchestrator.llm.LlmStream;
import io.mnemos.orchestrator.llm.LlmTokenHandler;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in {@link LlmClient} with scripted tokens, for the chat endpoint's LLM path (the providers' wire protocols
 * are tested in the llm package). Off (like provider none) until a test turns it on; records the last prompt and
 * whether a stream was cancelled.
 */
public final class ScriptedLlm implements LlmClient {
    volatile boolean available;
    volatile List<String> tokens = List.of("Hello", " there");
    volatile long pauseMillis;
    volatile boolean fail;
    /** When set, a stream waits for it before its first token (a request held in flight). */
    volatile CountDownLatch gate;

    volatile LlmPrompt lastPrompt;
    volatile LlmOptions lastOptions;
    final AtomicBoolean cancelled = new AtomicBoolean();
    final AtomicInteger emittedAfterCancel = new AtomicInteger();

    void reset() {
        available = false;
        tokens = List.of("Hello", " there");
        pauseMillis = 0;
        fail = false;
        gate = null;
        lastPrompt = null;
        lastOptions = null;
        cancelled.set(false);
        emittedAfterCancel.set(0);
    }

    @Override
    public LlmResult generate(LlmPrompt prompt, LlmOptions options) {
        lastPrompt = prompt;
        lastOptions = options;
        if (fail) {
            return new LlmResult.Degraded(
                    new LlmFailure(LlmFailure.Kind.SERVER_ERROR, "HTTP 500 from the fake", true, 500),
                    "",
                    Duration.ZERO,
                    1);
        }
        return new LlmResult.Completed(
                String.join("", tokens), FinishReason.STOP, 42, tokens.size(), null, Duration.ofMillis(1), 1);
    }

    @Override
    public LlmStream stream(LlmPrompt prompt, LlmOptions options, LlmTokenHandler handler) {
        lastPrompt = prompt;
        lastOptions = options;
        CompletableFuture<LlmResult> result = new CompletableFuture<>();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch held = gate;
        Thread.ofVirtual().start(() -> {
            if (held != null) {
                try {
                    held.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    return;
                }
            }
            StringBuilder sb = new StringBuilder();
            for (String t : tokens) {
                if (stop.get()) {
                    return;
                }
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException e) {
                    return;
                }
                if (stop.get()) {
                    return;
                }
                handler.onToken(t);
                sb.append(t);
            }
            result.complete(new LlmResult.Completed(
                    sb.toString(), FinishReason.STOP, 42, tokens.size(), null, Duration.ofMillis(1), 1));
        });
        return new LlmStream() {
            @Override
            public void cancel() {
                stop.set(true);
                cancelled.set(true);
                result.complete(
                        new LlmResult.Completed("", FinishReason.CANCELLED, 0, 0, null, Duration.ofMillis(1), 1));
            }

            @Override
            public boolean isCancelled() {
                return stop.get();
            }

            @Override
            public CompletableFuture<LlmResult> result() {
                return result;
            }
        };
    }

    @Override
    public boolean isAvailable() {
        return available;
    }

    @Override
    public LlmStatus status() {
        return new LlmStatus(LlmProvider.OPENAI, "scripted", available, "CLOSED", null, null);
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

package io.mnemos.orchestrator.llm;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.TokenUsage;
import io.mnemos.orchestrator.llm.LlmOptions.ResolvedOptions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The in-process provider: {@link JlamaRunner} behind the backend contract. Generations are limited to
 * {@code maxConcurrent} at once (2 cores); streams run on a virtual thread and stop at the next token once cancelled.
 * Its LangChain4j views ({@link #chatModel()}) run the same runner (no second copy of the weights) and do not support
 * tools: these tiny models continue text, they do not call functions.
 */
final class JlamaBackend implements LlmBackend {
    private final JlamaRunner runner;
    private final Semaphore permits;
    private final ResolvedOptions defaults;
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("llm-jlama-", 0).factory());

    JlamaBackend(JlamaRunner runner, int maxConcurrent, ResolvedOptions defaults) {
        this.runner = runner;
        this.defaults = defaults;
        this.permits = new Semaphore(maxConcurrent, true);
    }

    JlamaRunner runner() {
        return runner;
    }

    @Override
    public Reply generate(LlmPrompt prompt, ResolvedOptions options) throws InterruptedException {
        return run(AsciiFold.fold(prompt.text()), options, (id, text) -> {}, Thread.currentThread()::isInterrupted);
    }

    @Override
    public Cancellable stream(LlmPrompt prompt, ResolvedOptions options, Sink sink) {
        AtomicBoolean cancelled = new AtomicBoolean();
        executor.execute(() -> {
            try {
                Reply r = run(AsciiFold.fold(prompt.text()), options, (id, text) -> sink.onToken(text), cancelled::get);
                sink.onComplete(r);
            } catch (Throwable t) {
                sink.onError(t);
            }
        });
        return () -> cancelled.set(true);
    }

    private Reply run(
            String prompt,
            ResolvedOptions options,
            JlamaRunner.TokenListener listener,
            java.util.function.BooleanSupplier cancelled)
            throws InterruptedException {
        if (!permits.tryAcquire(options.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
            throw new LlmException(
                    LlmFailure.of(LlmFailure.Kind.TIMEOUT, "the in-process LLM stayed busy for " + options.timeout()));
        }
        try {
            JlamaRunner.Generation g;
            try {
                g = runner.generate(prompt, options.maxTokens(), (float) options.temperature(), listener, cancelled);
            } catch (IllegalArgumentException e) {
                throw new LlmException(new LlmFailure(LlmFailure.Kind.REJECTED, e.getMessage(), false, 0), e);
            }
            return new Reply(g.text(), g.finishReason(), g.promptTokens(), g.outputTokens());
        } finally {
            permits.release();
        }
    }

    @Override
    public ChatModel chatModel() {
        return new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                rejectTools(request);
                try {
                    return response(run(
                            AsciiFold.fold(new LlmPrompt(request.messages()).text()),
                            options(request),
                            (i, t) -> {},
                            () -> false));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the in-process LLM", e);
                }
            }

            @Override
            public ModelProvider provider() {
                return ModelProvider.OTHER;
            }
        };
    }

    @Override
    public StreamingChatModel streamingChatModel() {
        return new StreamingChatModel() {
            @Override
            public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
                rejectTools(request);
                String text = AsciiFold.fold(new LlmPrompt(request.messages()).text());
                executor.execute(() -> {
                    try {
                        handler.onCompleteResponse(response(
                                run(text, options(request), (i, t) -> handler.onPartialResponse(t), () -> false)));
                    } catch (Throwable t) {
                        handler.onError(t);
                    }
                });
            }

            @Override
            public ModelProvider provider() {
                return ModelProvider.OTHER;
            }
        };
    }

    private static void rejectTools(ChatRequest request) {
        if (request.toolSpecifications() != null
                && !request.toolSpecifications().isEmpty()) {
            throw new UnsupportedFeatureException("the in-process jlama provider does not support tool calling");
        }
    }

    private ResolvedOptions options(ChatRequest request) {
        Integer max = request.maxOutputTokens();
        Double t = request.temperature();
        return new ResolvedOptions(
                max == null ? defaults.maxTokens() : max, t == null ? defaults.temperature() : t, defaults.timeout());
    }

    private static ChatResponse response(Reply r) {
        return ChatResponse.builder()
                .aiMessage(AiMessage.from(r.text()))
                .tokenUsage(new TokenUsage(r.promptTokens(), r.outputTokens()))
                .finishReason(
                        switch (r.finishReason()) {
                            case STOP -> dev.langchain4j.model.output.FinishReason.STOP;
                            case LENGTH -> dev.langchain4j.model.output.FinishReason.LENGTH;
                            default -> dev.langchain4j.model.output.FinishReason.OTHER;
                        })
                .build();
    }

    @Override
    public void close() {
        executor.shutdownNow();
        runner.close();
    }
}

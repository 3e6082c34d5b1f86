package io.mnemos.orchestrator.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.TokenUsage;
import io.mnemos.orchestrator.llm.LlmOptions.ResolvedOptions;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** A provider behind LangChain4j's chat models (OpenAI-compatible, Ollama): one request per call. */
final class ChatModelBackend implements LlmBackend {
    private final ChatModel chat;
    private final StreamingChatModel streaming;

    ChatModelBackend(ChatModel chat, StreamingChatModel streaming) {
        this.chat = chat;
        this.streaming = streaming;
    }

    @Override
    public Reply generate(LlmPrompt prompt, ResolvedOptions options) {
        ChatResponse response = chat.chat(request(prompt, options));
        if (response == null || response.aiMessage() == null) {
            throw new LlmException(LlmFailure.of(LlmFailure.Kind.BAD_RESPONSE, "the LLM answered without a message"));
        }
        return reply(response, response.aiMessage().text());
    }

    @Override
    public Cancellable stream(LlmPrompt prompt, ResolvedOptions options, Sink sink) {
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicReference<StreamingHandle> handle = new AtomicReference<>();
        streaming.chat(request(prompt, options), new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
                handle.set(context.streamingHandle());
                if (cancelled.get()) {
                    // Cancelled before the provider gave us its handle: stop it now.
                    context.streamingHandle().cancel();
                    return;
                }
                sink.onToken(partial.text());
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                String text = response.aiMessage() == null
                        ? null
                        : response.aiMessage().text();
                if (text == null) {
                    sink.onError(new LlmException(
                            LlmFailure.of(LlmFailure.Kind.BAD_RESPONSE, "the LLM stream ended without a message")));
                    return;
                }
                sink.onComplete(reply(response, text));
            }

            @Override
            public void onError(Throwable error) {
                sink.onError(error);
            }
        });
        return () -> {
            cancelled.set(true);
            StreamingHandle h = handle.get();
            if (h != null) {
                h.cancel();
            }
        };
    }

    @Override
    public ChatModel chatModel() {
        return chat;
    }

    @Override
    public StreamingChatModel streamingChatModel() {
        return streaming;
    }

    private static ChatRequest request(LlmPrompt prompt, ResolvedOptions options) {
        return ChatRequest.builder()
                .messages(prompt.messages())
                .maxOutputTokens(options.maxTokens())
                .temperature(options.temperature())
                .build();
    }

    private static Reply reply(ChatResponse response, String text) {
        if (text == null) {
            throw new LlmException(LlmFailure.of(LlmFailure.Kind.BAD_RESPONSE, "the LLM answered without text"));
        }
        TokenUsage usage = response.tokenUsage();
        int in = usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
        int out = usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
        return new Reply(text, finish(response.finishReason()), in, out);
    }

    private static FinishReason finish(dev.langchain4j.model.output.FinishReason r) {
        if (r == null) {
            return FinishReason.STOP;
        }
        return switch (r) {
            case STOP -> FinishReason.STOP;
            case LENGTH -> FinishReason.LENGTH;
            default -> FinishReason.OTHER;
        };
    }
}

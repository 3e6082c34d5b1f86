package io.mnemos.orchestrator.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import io.mnemos.orchestrator.llm.LlmOptions.ResolvedOptions;

/**
 * One provider, raw: no retries, no breaker, no deadline of its own beyond the transport's. {@link ResilientLlmClient}
 * adds those. Failures are thrown (generate) or reported (stream) as they come; the client classifies them.
 */
interface LlmBackend extends AutoCloseable {

    /** Generates a whole answer, blocking. Must stop early when the calling thread is interrupted, if it can. */
    Reply generate(LlmPrompt prompt, ResolvedOptions options) throws Exception;

    /**
     * Starts a stream and returns at once (or after the first network round trip); events go to the sink, exactly one
     * of {@code onComplete}/{@code onError} last. The returned handle stops the provider.
     */
    Cancellable stream(LlmPrompt prompt, ResolvedOptions options, Sink sink);

    ChatModel chatModel();

    StreamingChatModel streamingChatModel();

    @Override
    default void close() {}

    /** A finished generation as the provider reported it. */
    record Reply(String text, FinishReason finishReason, int promptTokens, int outputTokens) {}

    /** Stream events. */
    interface Sink {
        void onToken(String text);

        void onComplete(Reply reply);

        void onError(Throwable error);
    }

    /** Stops a stream. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}

package io.mnemos.orchestrator.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import java.util.Optional;

/**
 * The configured LLM, as the turn pipeline uses it: text in, text out (whole or streamed), and never an exception for
 * the platform's failures. A dead, slow or garbled LLM yields {@link LlmResult.Degraded} with the reason, and after
 * repeated failures a circuit breaker stops calling it for a while; the caller then answers without an LLM.
 *
 * <p>With {@code mnemos.llm.provider=none} (the default) {@link #isAvailable()} is false and every call returns
 * {@link LlmFailure.Kind#NOT_CONFIGURED} at once.
 */
public interface LlmClient {

    /**
     * Generates a whole answer. Blocks for at most about {@code (retries + 1) × timeout} plus back-off.
     *
     * @return completed text or the reason there is none; never null, never throws for provider failures
     * @throws IllegalArgumentException for invalid prompts or options (the caller's mistake)
     */
    LlmResult generate(LlmPrompt prompt, LlmOptions options);

    /** {@link #generate(LlmPrompt, LlmOptions)} of one user message with default options. */
    default LlmResult generate(String userText) {
        return generate(LlmPrompt.of(userText), LlmOptions.defaults());
    }

    /**
     * Streams an answer: tokens go to the handler as they arrive, the outcome to {@link LlmStream#result()}. A failure
     * before the first token is retried like {@code generate}; after it, the stream ends as degraded with the partial
     * text (tokens already delivered cannot be taken back). Returns at once.
     */
    LlmStream stream(LlmPrompt prompt, LlmOptions options, LlmTokenHandler handler);

    /** Whether calls are attempted now: a provider is configured and the circuit breaker is not open. */
    boolean isAvailable();

    /** Provider, model, breaker state and last failure. */
    LlmStatus status();

    /**
     * The LangChain4j model behind this client, for tool calling and AI services; empty for provider none. Calls made
     * through it bypass this client's retries, timeouts and breaker: check {@link #isAvailable()} first. Creating it
     * creates the provider (loads the model, for jlama).
     *
     * @throws IllegalStateException when the configured provider cannot be created
     */
    Optional<ChatModel> chatModel();

    /** The streaming LangChain4j model; see {@link #chatModel()}. */
    Optional<StreamingChatModel> streamingChatModel();
}

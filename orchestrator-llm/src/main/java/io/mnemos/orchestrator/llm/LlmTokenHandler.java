package io.mnemos.orchestrator.llm;

/**
 * Receives streamed text, in order, on a provider thread. It is never called after the stream completed, failed or was
 * cancelled (not even concurrently with {@link LlmStream#cancel()} returning). It should not block: it holds up the
 * stream. An exception it throws cancels the stream.
 */
@FunctionalInterface
public interface LlmTokenHandler {
    /** One piece of generated text (a token or a few; never null, possibly empty). */
    void onToken(String text);
}

package io.mnemos.orchestrator.llm;

import java.util.concurrent.CompletableFuture;

/** A running stream: cancel it, or wait for its {@link #result()}. */
public interface LlmStream {

    /**
     * Stops the stream: once this returns, the handler receives no more tokens, the provider is told to stop (HTTP
     * stream closed, local generation loop ended), and {@link #result()} completes with the text so far and
     * {@link FinishReason#CANCELLED}. No effect when the stream already ended.
     */
    void cancel();

    /** Whether {@link #cancel()} was called before the stream ended. */
    boolean isCancelled();

    /**
     * Completes once when the stream ends: {@link LlmResult.Completed} (also after a cancel) or
     * {@link LlmResult.Degraded}. It never completes exceptionally.
     */
    CompletableFuture<LlmResult> result();
}

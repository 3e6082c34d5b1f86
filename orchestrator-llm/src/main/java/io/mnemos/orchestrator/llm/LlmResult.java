package io.mnemos.orchestrator.llm;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one LLM call: {@link Completed} text, or {@link Degraded} with the reason, never an exception, so a
 * dead LLM turns into "answer without an LLM" plus a line in the trace.
 */
public sealed interface LlmResult {

    /** The generated text when the call completed (also when cancelled: the text until then), else empty. */
    Optional<String> text();

    /** Attempts made (1 without retries; 0 when the LLM was not called at all). */
    int attempts();

    /** Wall time of the call, retries and back-off included. */
    Duration elapsed();

    /**
     * The model answered.
     *
     * @param generated        the generated text (no prompt)
     * @param finishReason     why generation ended
     * @param promptTokens     tokens of the prompt, as the provider counted them (0 if it did not say)
     * @param outputTokens     tokens generated (for streams: the tokens delivered, when the provider did not say)
     * @param timeToFirstToken from the start of the successful attempt to the first token (streams), or null
     * @param elapsed          wall time of the call
     * @param attempts         attempts made
     */
    record Completed(
            String generated,
            FinishReason finishReason,
            int promptTokens,
            int outputTokens,
            @Nullable Duration timeToFirstToken,
            Duration elapsed,
            int attempts)
            implements LlmResult {
        public Completed {
            Objects.requireNonNull(generated, "generated");
            Objects.requireNonNull(finishReason, "finishReason");
        }

        @Override
        public Optional<String> text() {
            return Optional.of(generated);
        }
    }

    /**
     * No usable answer: the caller falls back to its no-LLM behaviour and records {@link #failure()} in the trace.
     *
     * @param failure     why
     * @param partialText text streamed before the failure (already delivered to the token handler), else empty
     * @param elapsed     wall time of the call
     * @param attempts    attempts made
     */
    record Degraded(LlmFailure failure, String partialText, Duration elapsed, int attempts) implements LlmResult {
        public Degraded {
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(partialText, "partialText");
        }

        @Override
        public Optional<String> text() {
            return Optional.empty();
        }
    }
}

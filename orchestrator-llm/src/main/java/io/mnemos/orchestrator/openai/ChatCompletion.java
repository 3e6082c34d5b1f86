package io.mnemos.orchestrator.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A non-streamed Chat Completions response ({@code object: chat.completion}), with a Mnemos extension {@code mnemos}
 * that OpenAI clients ignore: how the answer was made and where the turn was recorded.
 */
record ChatCompletion(
        String id,
        String object,
        long created,
        String model,
        List<Choice> choices,
        Usage usage,
        @JsonProperty("system_fingerprint") String systemFingerprint,
        Mnemos mnemos) {

    record Choice(int index, AssistantMessage message, @JsonProperty("finish_reason") String finishReason) {}

    record AssistantMessage(String role, String content) {}

    /** Token counts: the LLM's when it reports them, otherwise whitespace-separated words (the extractive path). */
    record Usage(
            @JsonProperty("prompt_tokens") int promptTokens,
            @JsonProperty("completion_tokens") int completionTokens,
            @JsonProperty("total_tokens") int totalTokens) {
        static Usage of(int prompt, int completion) {
            return new Usage(prompt, completion, prompt + completion);
        }
    }

    /**
     * @param mode      {@code llm} (generated with the passages in the prompt), {@code extractive} or {@code canned}
     *                  (no LLM, or the LLM failed: the pipeline's answer), or {@code replay} (a retried request: the
     *                  first request's recorded reply, nothing run or recorded again)
     * @param route     the route the pipeline chose for the turn (absent for a replay)
     * @param sessionId the orchestrator session the user turn was recorded in
     * @param turnId    the recorded user turn
     * @param passages  how many memory/document passages were found
     * @param llmError  why the LLM was not used, when it was configured but failed
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Mnemos(
            String mode,
            @Nullable String route,
            String sessionId,
            String turnId,
            int passages,
            @JsonProperty("llm_error") @Nullable String llmError) {}

    /** One {@code chat.completion.chunk} event of a streamed response. */
    record Chunk(
            String id,
            String object,
            long created,
            String model,
            List<ChunkChoice> choices,
            @JsonProperty("system_fingerprint") String systemFingerprint) {}

    record ChunkChoice(int index, Delta delta, @JsonProperty("finish_reason") @Nullable String finishReason) {}

    /** The new part of the message: the role in the first chunk, then content; empty in the last. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Delta(@Nullable String role, @Nullable String content) {}
}

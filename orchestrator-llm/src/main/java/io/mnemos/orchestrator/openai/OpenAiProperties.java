package io.mnemos.orchestrator.openai;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the OpenAI-compatible chat endpoint.
 *
 * @param defaultUser      whose memory a request without {@code user} uses; unset (the default) makes {@code user}
 *                         required, so two end users of one API key never share a memory by accident
 * @param maxMessages      most messages accepted in one request
 * @param maxPassages      most memory and document passages put into the LLM prompt
 * @param maxPassageChars  longest passage put into the prompt (longer ones are cut)
 * @param sessionCacheSize conversations whose orchestrator session is remembered on this instance (least recently
 *                         used ones are forgotten: their next request starts a new session)
 * @param systemPrompt     the instructions put before the passages in the LLM prompt
 * @param replayWindow     how long a request with the same user, conversation and messages (or the same {@code
 *                         Idempotency-Key}) counts as a replay of the first: answered with the recorded reply, never
 *                         recorded again; after that it is a new turn
 */
@Validated
@ConfigurationProperties("mnemos.openai")
public record OpenAiProperties(
        @Nullable String defaultUser,
        @Min(1) @Max(10_000) @DefaultValue("256") int maxMessages,
        @Min(0) @Max(50) @DefaultValue("8") int maxPassages,
        @Min(50) @Max(20_000) @DefaultValue("800") int maxPassageChars,
        @Min(1) @Max(1_000_000) @DefaultValue("10000") int sessionCacheSize,
        @NotBlank
                @DefaultValue("You are a helpful assistant with a long-term memory of this user and access to their"
                        + " documents. Use the numbered passages below when they are relevant and cite them as [n];"
                        + " say so when they do not answer the question. Do not invent facts about the user.")
                String systemPrompt,
        @NotNull @DefaultValue("10m") Duration replayWindow) {}

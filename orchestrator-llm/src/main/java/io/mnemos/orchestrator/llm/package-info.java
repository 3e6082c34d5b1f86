/**
 * LLM providers behind one small seam, {@link io.mnemos.orchestrator.llm.LlmClient}: generate or stream text, and
 * never fail the turn because of the LLM.
 *
 * <p>{@code mnemos.llm.provider} picks none (the default: no LLM, the orchestrator answers extractively), openai (any
 * OpenAI-compatible server, LangChain4j {@code langchain4j-open-ai}), ollama ({@code langchain4j-ollama}) or jlama (an
 * in-process runner, {@link io.mnemos.orchestrator.llm.JlamaRunner}, on a local model directory, bf16 or Q4 quantized
 * on disk). Providers are created on the first call.
 *
 * <p>{@link io.mnemos.orchestrator.llm.ResilientLlmClient} wraps each provider with a per-attempt deadline, retries of
 * retriable failures only (connection errors, timeouts, 429, 5xx; never other 4xx) with exponential back-off, and a
 * circuit breaker fed only by failures that say the LLM is unhealthy. Failures come back as
 * {@link io.mnemos.orchestrator.llm.LlmResult.Degraded} with a classified
 * {@link io.mnemos.orchestrator.llm.LlmFailure} for the turn's trace. Streams retry only before their first token,
 * time out on silence, and stop delivering tokens the moment they are cancelled.
 */
package io.mnemos.orchestrator.llm;

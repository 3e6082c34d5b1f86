/**
 * {@code POST /v1/chat/completions}: the OpenAI Chat Completions API with memory. The last user message is the turn:
 * it is recorded in an orchestrator session of the user (so memory-service stores it, through the outbox and Kafka),
 * the turn pipeline gathers the user's memory and document passages, and the configured LLM answers with them in its
 * prompt (streamed as {@code chat.completion.chunk} events when asked). Without an LLM the answer is the pipeline's
 * extractive one, which says so. The request answers its turn itself (the session pipeline skips it) and records the
 * reply as the agent's turn, once, replays included. Errors use OpenAI's error object, which OpenAI clients parse.
 */
package io.mnemos.orchestrator.openai;

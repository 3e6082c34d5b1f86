/**
 * The turn pipeline: route a turn, call the specialists it needs in parallel (memory, documents, grounding, task
 * memory), compose the answer (extractively when no LLM is configured) and keep a trace of every step.
 */
package io.mnemos.orchestrator.pipeline;

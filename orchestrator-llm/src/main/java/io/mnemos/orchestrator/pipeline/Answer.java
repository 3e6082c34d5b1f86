package io.mnemos.orchestrator.pipeline;

import java.util.List;

/**
 * The pipeline's answer to a turn.
 *
 * @param text      the answer
 * @param mode      {@code extractive} (quotes sources), {@code procedure} (a learned task template), {@code canned}
 *                  (small talk without an LLM) or {@code grounded} (LLM, verified sentence by sentence)
 * @param route     the primary route
 * @param citations the passages the answer quotes
 * @param trace     how it was produced
 */
public record Answer(
        String text, String mode, String route, List<ExtractiveComposer.Citation> citations, TurnTrace trace) {}

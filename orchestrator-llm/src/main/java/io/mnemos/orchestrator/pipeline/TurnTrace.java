package io.mnemos.orchestrator.pipeline;

import io.mnemos.orchestrator.grounded.GenerationTrace;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Everything that produced one answer: the route and why, what each specialist returned (with counts and thresholds
 * from the grounding gate in its detail), how the answer was composed, and the time of each step.
 *
 * @param turnId      the turn
 * @param sessionId   its session
 * @param route       the routing decision
 * @param specialists every specialist call, in the order they were started
 * @param composer    how the answer was made
 * @param timings     milliseconds per step
 * @param at          when the answer was composed
 * @param generation  the grounded generation loop (sentences, verifications, retrievals, regenerations, tokens,
 *                    stop or fallback reason) when an LLM was available; null on the extractive path
 */
public record TurnTrace(
        UUID turnId,
        UUID sessionId,
        RouteTrace route,
        List<SpecialistCall> specialists,
        ComposerTrace composer,
        Timings timings,
        Instant at,
        @Nullable GenerationTrace generation) {

    /** A trace without a generation loop (the extractive path). */
    public TurnTrace(
            UUID turnId,
            UUID sessionId,
            RouteTrace route,
            List<SpecialistCall> specialists,
            ComposerTrace composer,
            Timings timings,
            Instant at) {
        this(turnId, sessionId, route, specialists, composer, timings, at, null);
    }

    /**
     * @param primary    the main route
     * @param routes     every route called
     * @param confidence the router's confidence in the primary route
     * @param basis      rule, semantic or fallback
     * @param reason     the rule or the vote that decided
     * @param nearest    the nearest exemplars (route, similarity, text), best first
     */
    public record RouteTrace(
            String primary,
            List<String> routes,
            double confidence,
            String basis,
            String reason,
            List<String> nearest) {}

    /**
     * @param mode      {@code grounded} (generated and verified by the grounded loop), {@code extractive} (no LLM, or
     *                  the loop fell back) or {@code canned} (chit-chat without an LLM)
     * @param reason    why this mode
     * @param chosen    the sentences quoted, with their scores and matched terms
     * @param citations the passages cited
     */
    public record ComposerTrace(
            String mode,
            String reason,
            List<ExtractiveComposer.Chosen> chosen,
            List<ExtractiveComposer.Citation> citations) {}

    /**
     * @param routeMs       routing (embedding included)
     * @param specialistsMs the parallel specialist calls (the slowest one)
     * @param composeMs     composing the answer
     * @param totalMs       the whole pipeline
     */
    public record Timings(double routeMs, double specialistsMs, double composeMs, double totalMs) {}
}

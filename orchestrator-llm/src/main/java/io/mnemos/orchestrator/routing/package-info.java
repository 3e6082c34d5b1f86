/**
 * Routing: which specialists a turn needs.
 *
 * <p>{@link io.mnemos.orchestrator.routing.Router} is the seam ({@code RouteDecision route(TurnInput)}). The embedded
 * default, {@link io.mnemos.orchestrator.routing.SemanticRouter}, applies explicit rules first (an image attached →
 * {@code VISION}; a recorded action script matching the task → {@code TASK}, through the {@link
 * io.mnemos.orchestrator.routing.ActionScriptMatcher} hook that memory will satisfy), then lets the nearest
 * exemplars ({@code routing/exemplars.tsv}, embedded lazily with the int8 MiniLM) vote, and takes a safe fallback
 * route when the vote is not confident. Every decision carries the rule or the nearest exemplars and its timings, for
 * the turn's trace.
 *
 * <p>{@link io.mnemos.orchestrator.routing.ReuseCache} is the cross-modal reuse building block: results keyed by
 * content identity (image hash, audio segment hash, normalised question + tenant), with a counter of specialist calls
 * avoided.
 *
 * <p>Accuracy and latency on the labelled routing set: {@code docs/benchmarks/orchestrator.md}, section "Routing".
 */
package io.mnemos.orchestrator.routing;

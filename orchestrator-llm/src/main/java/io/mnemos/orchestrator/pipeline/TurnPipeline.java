package io.mnemos.orchestrator.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.mnemos.orchestrator.grounded.GroundedGenerator;
import io.mnemos.orchestrator.grounded.Passage;
import io.mnemos.orchestrator.grounded.SentenceListener;
import io.mnemos.orchestrator.grounded.ServicePoster;
import io.mnemos.orchestrator.routing.KnownNames;
import io.mnemos.orchestrator.routing.Route;
import io.mnemos.orchestrator.routing.RouteDecision;
import io.mnemos.orchestrator.routing.Router;
import io.mnemos.orchestrator.routing.TurnInput;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * Answers a turn: route it, call the specialists its routes need in parallel, compose the answer, trace it all.
 *
 * <p>Without an LLM (the embedded default) the answer is extractive — sentences quoted from what memory and the
 * document collections returned, with citations — and says so. With an LLM available, the answer comes from the
 * {@link GroundedGenerator} loop (the question and the evidence gathered here as the first prompt, every sentence
 * verified by the grounding gate); when that loop degrades or keeps nothing, the answer is extractive again with the
 * reason in the trace. Specialists that fail or time out are recorded in the trace with the reason; they never fail
 * the turn.
 *
 * <p>The turn is embedded once, by the router; memory and document searches get that vector. The router also gets the
 * user's {@link KnownNames} (speakers of memory hits and names from the user's earlier statements, kept in this
 * process), so its name cues work without an extra call per turn.
 */
@Service
public class TurnPipeline implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(TurnPipeline.class);
    static final String CHITCHAT_REPLY = "Hello! No language model is configured, so I answer from your memory and"
            + " your documents: ask me about something you told me or something in your collections.";
    static final String FALLBACK_NOTE = "(Extractive answer: quoted from the sources cited; the language model's"
            + " grounded answer was not available for this turn.)";

    private final Router router;
    private final Specialists specialists;
    private final TraceStore traces;
    private final PipelineProperties props;
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
    private final Timer overhead;
    private final @Nullable GroundedGenerator grounded;
    private final @Nullable ServicePoster poster;
    private final KnownNames knownNames;

    TurnPipeline(
            Router router, Specialists specialists, TraceStore traces, PipelineProperties props, MeterRegistry meters) {
        this(router, specialists, traces, props, meters, null, null, new KnownNames(KnownNames.Settings.defaults()));
    }

    @Autowired
    TurnPipeline(
            Router router,
            Specialists specialists,
            TraceStore traces,
            PipelineProperties props,
            MeterRegistry meters,
            @Nullable ServiceClient client,
            @Nullable GroundedGenerator grounded,
            KnownNames knownNames) {
        this.router = router;
        this.knownNames = knownNames;
        this.specialists = specialists;
        this.traces = traces;
        this.props = props;
        this.poster = client == null ? null : client::post;
        this.grounded = client == null ? null : grounded;
        this.overhead = Timer.builder("mnemos.pipeline.turn")
                .description("Time to answer a turn (routing, specialists, composition)")
                .register(meters);
    }

    public Answer answer(TurnContext turn) {
        return answer(turn, true);
    }

    /**
     * The answer without the grounded generation loop even when an LLM is available: routing, specialists and the
     * extractive composition only (for callers that prompt the LLM themselves and need just the evidence).
     */
    public Answer answerWithoutGeneration(TurnContext turn) {
        return answer(turn, false);
    }

    /**
     * As {@link #answer(TurnContext)}, telling {@code listener} each sentence once it is final: with an LLM, each
     * sentence the grounded loop keeps, as it keeps it; otherwise (or after the loop fell back, with the new mode) the
     * composed sentences, which are computed at once and so arrive together just before this returns.
     */
    public Answer answer(TurnContext turn, SentenceListener listener) {
        Answer a = GroundedGenerator.reporting(listener, () -> answer(turn));
        if (!a.mode().equals("grounded")) {
            List<ExtractiveComposer.Chosen> chosen = a.trace().composer().chosen();
            try {
                if (a.mode().equals("extractive") && !chosen.isEmpty()) {
                    chosen.forEach(c -> listener.sentence(a.mode(), c.sentence() + " [" + c.citation() + "]"));
                } else {
                    listener.sentence(a.mode(), a.text()); // canned, procedure, nothing found: one piece
                }
            } catch (RuntimeException e) {
                log.debug("a sentence listener failed: {}", e.toString()); // the answer matters more
            }
        }
        return a;
    }

    private Answer answer(TurnContext unrouted, boolean generate) {
        long t0 = System.nanoTime();
        RouteDecision decision = route(unrouted);
        // Specialists search with the router's vector instead of embedding the text again in each service.
        TurnContext turn = unrouted.withQueryVector(decision.queryVector());
        knownNames.learnFromTurn(turn.tenant(), turn.userId(), turn.text(), decision.primary());
        long tRouted = System.nanoTime();

        boolean generating = generate && grounded != null && poster != null && grounded.isActive();
        List<Specialist> needed = new ArrayList<>();
        Set<Route> routes = new LinkedHashSet<>(decision.routes());
        if (routes.contains(Route.MEMORY)) {
            needed.add(specialists.memory());
        }
        if (routes.contains(Route.DOCUMENTS)) {
            needed.add(specialists.documents());
            // The retrieval gate matters to an LLM's answer; an extractive answer quotes passages whatever it decides.
            if (generating || props.assessWithoutLlm()) {
                needed.add(specialists.grounding());
            }
        }
        if (routes.contains(Route.TASK)) {
            needed.add(specialists.tasks());
            needed.add(specialists.memory());
        }
        List<SpecialistCall> results = callAll(needed, turn);
        long tCalled = System.nanoTime();
        for (SpecialistCall call : results) {
            if (call.detail() instanceof Specialists.MemoryDetail memory) {
                knownNames.learnSpeakers(turn.tenant(), turn.userId(), memory.speakers());
            }
        }

        List<Evidence> evidence =
                results.stream().flatMap(r -> r.evidence().stream()).toList();
        String mode;
        String reason;
        String text;
        ExtractiveComposer.Composed composed;
        GroundedGenerator.GroundedAnswer generated = null;
        if (generating) {
            generated = grounded.generate(new GroundedGenerator.Request(
                    turn.tenant(),
                    turn.text(),
                    evidence.stream()
                            .map(e -> new Passage(e.source(), e.id(), e.title(), e.text(), e.reference()))
                            .toList(),
                    props.retrievalUrl(),
                    props.collections(),
                    poster));
        }
        String noLlm = generated == null
                ? "no language model configured"
                : "grounded generation fell back (" + generated.trace().fallbackReason() + ")";
        if (generated != null && generated.grounded()) {
            mode = "grounded";
            reason = "language model available: generated sentence by sentence, each verified by the grounding gate"
                    + " (stop: " + generated.trace().stopReason() + ")"
                    + (generated.trace().unverified() > 0
                            ? "; " + generated.trace().unverified()
                                    + " sentence(s) kept unverified: the grounding gate could not be called"
                            : "");
            List<ExtractiveComposer.Citation> cited = new ArrayList<>();
            for (Passage p : generated.passages()) {
                cited.add(ExtractiveComposer.Citation.of(
                        cited.size() + 1, p.source(), p.id(), p.title(), p.reference(), p.text()));
            }
            composed = new ExtractiveComposer.Composed(generated.text(), cited, List.of());
            text = generated.text();
        } else if (decision.primary() == Route.TASK
                && evidence.stream().anyMatch(e -> e.source().equals("experience"))) {
            // A learned procedure answers a task step by step; quoting single sentences would cut it up.
            Evidence p = evidence.stream()
                    .filter(e -> e.source().equals("experience"))
                    .findFirst()
                    .orElseThrow();
            mode = "procedure";
            reason = "task matched a learned template (confidence " + String.format("%.2f", p.score()) + ")";
            composed = new ExtractiveComposer.Composed(
                    p.text(),
                    List.of(new ExtractiveComposer.Citation(1, p.source(), p.id(), p.title(), "", p.text())),
                    List.of());
            text = "I have done this before (" + p.title() + "): " + p.text() + " [1]";
        } else if (decision.primary() == Route.CHITCHAT && evidence.isEmpty()) {
            mode = "canned";
            reason = "small talk and " + noLlm;
            composed = new ExtractiveComposer.Composed("", List.of(), List.of());
            text = CHITCHAT_REPLY;
        } else {
            mode = "extractive";
            reason = noLlm + ": quoting the best-matching sentences";
            composed = ExtractiveComposer.compose(turn.text(), evidence, props.answerSentences());
            // The composer's note says no LLM is configured; after a fallback that would be untrue.
            String note = generated == null ? ExtractiveComposer.NOTE : FALLBACK_NOTE;
            text = composed.text().isEmpty() ? nothingFound(results) : composed.text() + " " + note;
        }
        long tComposed = System.nanoTime();

        TurnTrace trace = new TurnTrace(
                turn.turnId(),
                turn.sessionId(),
                routeTrace(decision),
                results,
                new TurnTrace.ComposerTrace(mode, reason, composed.chosen(), composed.citations()),
                new TurnTrace.Timings(
                        ms(tRouted - t0), ms(tCalled - tRouted), ms(tComposed - tCalled), ms(tComposed - t0)),
                Instant.now().truncatedTo(ChronoUnit.MICROS),
                generated == null ? null : generated.trace());
        overhead.record(tComposed - t0, TimeUnit.NANOSECONDS);
        log.debug(
                "turn {} routed {} in {} ms",
                turn.turnId(),
                decision.primary(),
                trace.timings().totalMs());
        return new Answer(text, mode, decision.primary().name().toLowerCase(), composed.citations(), trace);
    }

    /** Stores the trace of an answer; call it in the transaction that records the answer. */
    public void keep(String tenant, Answer answer) {
        traces.save(tenant, answer.trace());
    }

    private RouteDecision route(TurnContext turn) {
        try {
            // The names the user talked about before: the memory context of the router's name cues.
            return router.route(TurnInput.text(turn.tenant(), turn.text())
                    .withKnownNames(knownNames.of(turn.tenant(), turn.userId())));
        } catch (RuntimeException e) {
            // The router's model failed to load or embed: search everything rather than not answering.
            log.warn("routing failed for turn {}: {}", turn.turnId(), e.toString());
            return new RouteDecision(
                    List.of(Route.MEMORY, Route.DOCUMENTS),
                    0,
                    RouteDecision.Basis.FALLBACK,
                    "router failed: " + e.getMessage(),
                    List.of(),
                    new RouteDecision.Timings(0, 0));
        }
    }

    private List<SpecialistCall> callAll(List<Specialist> needed, TurnContext turn) {
        List<Future<List<SpecialistCall>>> futures = new ArrayList<>();
        for (Specialist s : needed.stream().distinct().toList()) {
            futures.add(calls.submit(() -> s.call(turn)));
        }
        long deadline = System.nanoTime() + props.specialistTimeout().toNanos() + 500_000_000L;
        List<SpecialistCall> out = new ArrayList<>();
        for (Future<List<SpecialistCall>> f : futures) {
            try {
                out.addAll(f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                f.cancel(true);
                out.add(SpecialistCall.failed(
                        "unknown", "timeout", props.specialistTimeout().toMillis(), "no answer"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (java.util.concurrent.ExecutionException e) {
                out.add(SpecialistCall.failed("unknown", "error", 0, String.valueOf(e.getCause())));
            }
        }
        return out;
    }

    private static String nothingFound(List<SpecialistCall> results) {
        if (results.isEmpty()) {
            return "I have nothing to answer this from. " + ExtractiveComposer.NOTE;
        }
        List<String> failed = results.stream()
                .filter(r -> r.status().equals("error") || r.status().equals("timeout"))
                .map(SpecialistCall::name)
                .toList();
        return "I found nothing about that in your memory or documents"
                + (failed.isEmpty() ? "." : " (unavailable: " + String.join(", ", failed) + ").") + " "
                + ExtractiveComposer.NOTE;
    }

    private static TurnTrace.RouteTrace routeTrace(RouteDecision d) {
        return new TurnTrace.RouteTrace(
                d.primary().name().toLowerCase(),
                d.routes().stream().map(r -> r.name().toLowerCase()).toList(),
                d.confidence(),
                d.basis().name().toLowerCase(),
                d.reason(),
                d.nearest().stream()
                        .limit(3)
                        .map(n -> n.route().name().toLowerCase() + " " + String.format("%.3f", n.similarity()) + " "
                                + n.exemplar())
                        .toList());
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }

    @Override
    public void destroy() {
        calls.shutdownNow();
    }
}

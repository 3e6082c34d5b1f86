package io.mnemos.orchestrator.grounded;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.mnemos.orchestrator.grounded.GenerationTrace.Claim;
import io.mnemos.orchestrator.grounded.GenerationTrace.Generation;
import io.mnemos.orchestrator.grounded.GenerationTrace.Retrieval;
import io.mnemos.orchestrator.grounded.GenerationTrace.SearchCall;
import io.mnemos.orchestrator.grounded.GenerationTrace.Step;
import io.mnemos.orchestrator.grounded.GenerationTrace.Verification;
import io.mnemos.orchestrator.llm.FinishReason;
import io.mnemos.orchestrator.llm.LlmClient;
import io.mnemos.orchestrator.llm.LlmOptions;
import io.mnemos.orchestrator.llm.LlmPrompt;
import io.mnemos.orchestrator.llm.LlmResult;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;
import tools.jackson.databind.JsonNode;

/**
 * The grounded generation loop of SPEC 5.1 (QuCo-RAG stage 2), run by the orchestrator when an LLM is available:
 *
 * <ol>
 *   <li>generate a continuation of the answer (at most {@code tokens-per-call}, within what is left of the token
 *       budget) and cut it into sentences ({@link SentenceStream}; an unfinished last sentence at the token limit is
 *       dropped when a complete one precedes it);
 *   <li>verify each sentence in order with {@code POST /v1/grounding/verify}: a sentence with no flagged claim is
 *       kept; "the answer is" is kept and ends the answer; a hedge ends it without being kept;
 *   <li>a flagged sentence is dropped with everything generated after it; its retrieval queries are searched in the
 *       configured collections, and the answer is regenerated from that point with the passages in the prompt; the
 *       regenerated sentences are verified in turn;
 *   <li>stop at the end of the answer (the model stopped), when the budget is spent, after {@code max-rounds}
 *       regenerations (a sentence still flagged then is not kept), or when a call makes no progress.
 * </ol>
 *
 * <p>Deviations from the reference, on purpose: the budget counts every generated token (discarded ones too), so the
 * LLM cost of an answer is bounded; regenerated sentences are verified like the first ones (the reference accepts the
 * first regenerated sentence unchecked). An LLM that degrades (breaker open, timeout, garbage) ends the loop with
 * outcome {@code fallback} and the reason; so does a run that kept no sentence. The caller then answers extractively.
 */
@Component
public class GroundedGenerator {
    private static final Logger log = LoggerFactory.getLogger(GroundedGenerator.class);
    /** Who hears the kept sentences of the loops run inside {@link #reporting}; bound per call, not per bean. */
    private static final ScopedValue<SentenceListener> LISTENER = ScopedValue.newInstance();

    static final String SYSTEM = "Answer the question using the passages. Write one fact per sentence, name things"
            + " instead of using pronouns, and end with \"So the answer is\" followed by the answer.";

    private final LlmClient llm;
    private final GroundedProperties props;
    private final MeterRegistry meters;
    private final Timer duration;
    private final Counter regenerations;

    public GroundedGenerator(LlmClient llm, GroundedProperties props, MeterRegistry meters) {
        this.llm = llm;
        this.props = props;
        this.meters = meters;
        this.duration = Timer.builder("mnemos.grounded.duration")
                .description("Time of one grounded generation loop (LLM, verify and retrieval calls)")
                .register(meters);
        this.regenerations = Counter.builder("mnemos.grounded.regenerations")
                .description("Regenerations after a flagged sentence")
                .register(meters);
    }

    /**
     * What the loop needs from the turn.
     *
     * @param tenant       every verify and search call is made as this tenant
     * @param question     the user's turn
     * @param evidence     passages the pipeline already found (memory, documents), best first
     * @param retrievalUrl retrieval-service base URL
     * @param collections  collections searched for flagged claims
     * @param services     signed JSON calls to retrieval-service
     */
    public record Request(
            String tenant,
            String question,
            List<Passage> evidence,
            URI retrievalUrl,
            List<String> collections,
            ServicePoster services) {}

    /**
     * The loop's result.
     *
     * @param grounded whether {@link #text()} is the answer; false: answer extractively, the trace says why
     * @param text     the kept sentences, joined
     * @param passages the passages of the last prompt, numbered from 1 in this order
     * @param trace    every step
     */
    public record GroundedAnswer(boolean grounded, String text, List<Passage> passages, GenerationTrace trace) {}

    /** Whether the loop should run: enabled and the LLM is callable now (configured, breaker not open). */
    public boolean isActive() {
        return props.enabled() && llm.isAvailable();
    }

    /**
     * Runs {@code work} with {@code listener} told every sentence that a loop run by it (on this thread) keeps, as the
     * loop keeps it. A run that later falls back has still reported what it kept until then.
     */
    public static <T> T reporting(SentenceListener listener, Supplier<T> work) {
        return ScopedValue.where(LISTENER, listener).call(work::get);
    }

    /** Runs the loop. Never throws for LLM or service failures: they end up in the trace. */
    public GroundedAnswer generate(Request req) {
        long t0 = System.nanoTime();
        Run run = new Run(req);
        run.loop();
        long total = System.nanoTime() - t0;
        duration.record(total, TimeUnit.NANOSECONDS);
        boolean grounded = run.fallback == null;
        Counter.builder("mnemos.grounded.runs")
                .description("Grounded generation loops by outcome and stop reason")
                .tag("outcome", grounded ? "grounded" : "fallback")
                .tag("stop", run.stop)
                .register(meters)
                .increment();
        Map<String, Double> timings = new LinkedHashMap<>();
        timings.put("llm", ms(run.llmNanos));
        timings.put("verify", ms(run.verifyNanos));
        timings.put("retrieval", ms(run.retrievalNanos));
        timings.put("total", ms(total));
        GenerationTrace trace = new GenerationTrace(
                grounded ? "grounded" : "fallback",
                run.stop,
                run.fallback,
                props.tokenBudget(),
                run.used,
                props.maxRounds(),
                run.rounds,
                run.unverified,
                List.copyOf(run.kept),
                List.copyOf(run.steps),
                timings);
        return new GroundedAnswer(grounded, String.join(" ", run.kept), run.promptPassages(), trace);
    }

    /** The state of one loop. */
    private final class Run {
        final Request req;
        final List<String> kept = new ArrayList<>();
        final Deque<String> pending = new ArrayDeque<>();
        final Map<String, Passage> retrieved = new LinkedHashMap<>();
        final List<Step> steps = new ArrayList<>();
        int used;
        int rounds;
        int unverified;
        boolean ended;
        String purpose = "generate";
        String stop = "";

        @Nullable
        String fallback;

        long llmNanos;
        long verifyNanos;
        long retrievalNanos;

        Run(Request req) {
            this.req = req;
        }

        void loop() {
            while (true) {
                if (pending.isEmpty()) {
                    if (ended) {
                        end("end-of-answer");
                        return;
                    }
                    int left = props.tokenBudget() - used;
                    if (left <= 0) {
                        end("token-budget");
                        return;
                    }
                    if (!generate(Math.min(props.tokensPerCall(), left))) {
                        return;
                    }
                    continue;
                }
                String sentence = pending.poll();
                if (sentence.contains("Question:")) {
                    end("question-echo"); // the model started a new example, as the reference stops
                    return;
                }
                Verdict v = verify(sentence);
                switch (v.verdict) {
                    case "kept" -> keep(sentence);
                    case "answer" -> {
                        keep(sentence);
                        end("answer-given");
                        return;
                    }
                    case "hedge" -> {
                        end("hedge");
                        return;
                    }
                    case "unverified" -> {
                        keep(sentence);
                        unverified++;
                    }
                    case "error" -> {
                        if (kept.isEmpty()) {
                            fallback = "the grounding gate could not be called: " + v.error;
                        }
                        end("verify-failed");
                        return;
                    }
                    default -> { // flagged
                        if (rounds >= props.maxRounds()) {
                            end("max-rounds");
                            return;
                        }
                        if (used >= props.tokenBudget()) {
                            end("token-budget");
                            return;
                        }
                        retrieve(v.queries);
                        rounds++;
                        regenerations.increment();
                        pending.clear();
                        ended = false;
                        purpose = "regenerate";
                    }
                }
            }
        }

        void keep(String sentence) {
            kept.add(sentence);
            if (LISTENER.isBound()) {
                try {
                    LISTENER.get().sentence("grounded", sentence);
                } catch (RuntimeException e) {
                    log.debug("a sentence listener failed: {}", e.toString()); // the answer matters more
                }
            }
        }

        void end(String reason) {
            stop = reason;
            if (fallback == null && kept.isEmpty()) {
                fallback = "no generated sentence was kept (stop: " + reason + ")";
            }
        }

        /** One LLM call; false when the loop must end. */
        boolean generate(int maxTokens) {
            List<Passage> passages = promptPassages();
            LlmPrompt prompt = prompt(passages);
            LlmOptions options = LlmOptions.defaults().withMaxTokens(maxTokens);
            if (props.temperature() != null) {
                options = options.withTemperature(props.temperature());
            }
            long t = System.nanoTime();
            LlmResult result = llm.generate(prompt, options);
            long took = System.nanoTime() - t;
            llmNanos += took;
            int promptChars = prompt.text().length();
            if (result instanceof LlmResult.Degraded d) {
                String error = d.failure().kind().id() + ": " + d.failure().message();
                steps.add(new Generation(
                        purpose,
                        rounds,
                        passages.size(),
                        promptChars,
                        maxTokens,
                        0,
                        "degraded",
                        d.partialText(),
                        List.of(),
                        error,
                        ms(took)));
                stop = "llm-degraded";
                fallback = "the language model degraded: " + error;
                return false;
            }
            LlmResult.Completed c = (LlmResult.Completed) result;
            used += c.outputTokens();
            // A model that says it stopped, or says nothing more, has ended its answer.
            ended = c.finishReason() != FinishReason.LENGTH;
            List<String> sentences = sentencesOf(c.generated(), ended);
            steps.add(new Generation(
                    purpose,
                    rounds,
                    passages.size(),
                    promptChars,
                    maxTokens,
                    c.outputTokens(),
                    c.finishReason().name().toLowerCase(Locale.ROOT),
                    c.generated(),
                    sentences,
                    null,
                    ms(took)));
            purpose = "generate";
            if (sentences.isEmpty()) {
                end("no-progress");
                if (kept.isEmpty() && c.generated().chars().noneMatch(Character::isLetter)) {
                    fallback = "the language model returned no usable text: \"" + cut(c.generated(), 80) + "\"";
                }
                return false;
            }
            pending.addAll(sentences);
            return true;
        }

        /** Complete sentences; an unfinished tail is kept only when it is all there is (progress over polish). */
        List<String> sentencesOf(String text, boolean finished) {
            SentenceStream s = new SentenceStream();
            List<String> out = new ArrayList<>(s.append(text));
            if (finished || out.isEmpty()) {
                out.addAll(s.finish());
            }
            return out;
        }

        LlmPrompt prompt(List<Passage> passages) {
            StringBuilder user = new StringBuilder();
            if (!passages.isEmpty()) {
                user.append("Passages:\n");
                int n = 1;
                for (Passage p : passages) {
                    user.append('[').append(n++).append("] ");
                    if (p.title() != null && !p.title().isBlank()) {
                        user.append(p.title()).append(": ");
                    }
                    user.append(cut(p.text(), props.maxPassageChars())).append('\n');
                }
                user.append('\n');
            }
            user.append("Question: ").append(req.question()).append("\nAnswer:");
            if (!kept.isEmpty()) {
                user.append(' ').append(String.join(" ", kept));
            }
            return LlmPrompt.of(SYSTEM, user.toString());
        }

        /** Retrieved passages (latest first), then the pipeline's evidence, without duplicates, at most max. */
        List<Passage> promptPassages() {
            Map<String, Passage> out = new LinkedHashMap<>();
            List<Passage> latestFirst = new ArrayList<>(retrieved.values());
            java.util.Collections.reverse(latestFirst);
            for (Passage p : latestFirst) {
                out.putIfAbsent(key(p), p);
            }
            for (Passage p : req.evidence()) {
                out.putIfAbsent(key(p), p);
            }
            return out.values().stream().limit(props.maxPassages()).toList();
        }

        record Verdict(String verdict, List<String> queries, @Nullable String error) {}

        Verdict verify(String sentence) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("text", sentence);
            if (req.question() != null
                    && !req.question().isBlank()
                    && req.question().length() <= 4000) {
                body.put("question", req.question());
            }
            long t = System.nanoTime();
            try {
                JsonNode r = req.services().post(req.retrievalUrl(), "/v1/grounding/verify", body, req.tenant());
                long took = System.nanoTime() - t;
                verifyNanos += took;
                String verdict = "kept";
                String status = null;
                List<Claim> claims = new ArrayList<>();
                for (JsonNode s : r.path("sentences")) {
                    String st = s.path("status").asString("");
                    if (status == null || !st.equals("not-checked")) {
                        status = st;
                    }
                    for (JsonNode c : s.path("claims")) {
                        claims.add(new Claim(
                                c.path("kind").asString(""),
                                c.path("head").asString(""),
                                c.path("relation").asString(""),
                                c.hasNonNull("tail") ? c.get("tail").asString() : null,
                                c.hasNonNull("count") ? c.get("count").asLong() : null,
                                c.path("threshold").asDouble(),
                                c.path("flagged").asBoolean(),
                                c.path("rule").asString(""),
                                c.hasNonNull("retrievalQuery")
                                        ? c.get("retrievalQuery").asString()
                                        : null));
                    }
                    // The gate's own order decides: a hedge stops, a flag flags, "the answer is" ends.
                    if (verdict.equals("kept")) {
                        if (st.equals("hedge")) {
                            verdict = "hedge";
                        } else if (s.path("flagged").asBoolean()) {
                            verdict = "flagged";
                        } else if (st.equals("answer")) {
                            verdict = "answer";
                        }
                    }
                }
                if (verdict.equals("kept") && r.path("flagged").asBoolean()) {
                    verdict = "flagged";
                }
                List<String> queries = new ArrayList<>();
                r.path("queries").forEach(q -> queries.add(q.asString()));
                Map<String, Object> thresholds = new LinkedHashMap<>();
                r.path("thresholds")
                        .properties()
                        .forEach(e -> thresholds.put(e.getKey(), e.getValue().numberValue()));
                steps.add(new Verification(
                        sentence,
                        verdict,
                        status,
                        claims,
                        queries,
                        thresholds.isEmpty() ? null : thresholds,
                        null,
                        ms(took)));
                count(verdict);
                return new Verdict(verdict, queries, null);
            } catch (RuntimeException e) {
                long took = System.nanoTime() - t;
                verifyNanos += took;
                String verdict = props.failOpen() ? "unverified" : "error";
                String error = cut(String.valueOf(e), 300);
                steps.add(new Verification(sentence, verdict, null, List.of(), List.of(), null, error, ms(took)));
                count(verdict);
                return new Verdict(verdict, List.of(), error);
            }
        }

        void count(String verdict) {
            Counter.builder("mnemos.grounded.sentences")
                    .description("Generated sentences by verification verdict")
                    .tag("verdict", verdict)
                    .register(meters)
                    .increment();
        }

        void retrieve(List<String> queries) {
            long t = System.nanoTime();
            List<SearchCall> calls = new ArrayList<>();
            List<String> added = new ArrayList<>();
            for (String q : queries) {
                for (String c : req.collections()) {
                    try {
                        JsonNode r = req.services()
                                .post(
                                        req.retrievalUrl(),
                                        "/v1/collections/" + UriUtils.encodePathSegment(c, StandardCharsets.UTF_8)
                                                + "/search",
                                        Map.of("query", q, "k", props.hitsPerQuery(), "mode", "hybrid"),
                                        req.tenant());
                        int hits = 0;
                        for (JsonNode h : r.path("hits")) {
                            hits++;
                            Passage p = new Passage(
                                    "documents",
                                    h.path("chunkId").asString(""),
                                    h.hasNonNull("title") ? h.get("title").asString() : null,
                                    h.path("text").asString(""),
                                    c + "/" + h.path("documentId").asString(""));
                            if (!p.text().isBlank() && retrieved.putIfAbsent(key(p), p) == null) {
                                added.add(p.id());
                            }
                        }
                        calls.add(new SearchCall(c, q, hits == 0 ? "empty" : "ok", hits, null));
                    } catch (RuntimeException e) {
                        calls.add(new SearchCall(c, q, "error", 0, cut(String.valueOf(e), 300)));
                    }
                }
            }
            long took = System.nanoTime() - t;
            retrievalNanos += took;
            steps.add(new Retrieval(List.copyOf(queries), calls, added, ms(took)));
        }
    }

    private static String key(Passage p) {
        return p.source() + "|" + p.id() + "|" + p.reference();
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }
}

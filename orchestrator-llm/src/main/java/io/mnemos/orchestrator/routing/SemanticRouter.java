package io.mnemos.orchestrator.routing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.mnemos.model.Embedder;
import io.mnemos.orchestrator.routing.RouteDecision.Basis;
import io.mnemos.orchestrator.routing.RouteDecision.Neighbour;
import io.mnemos.orchestrator.routing.RouteDecision.QueryVector;
import io.mnemos.orchestrator.routing.RouteDecision.Timings;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default router: explicit rules first, then k-nearest-neighbour voting over embedded exemplars, with a
 * confidence threshold below which the turn takes a safe fallback route.
 *
 * <p><b>Rules</b>, in order: an image attached → {@link Route#VISION} (plus the text's semantic route when it is
 * confidently not chit-chat, so "what does this chart say about my budget?" also reaches memory); a recorded action
 * script matching the turn ({@link ActionScriptMatcher}) → {@link Route#TASK}, replayed without embedding the turn.
 *
 * <p><b>Semantic routing.</b> The turn is embedded and compared (cosine) with every exemplar; the {@code k} nearest
 * vote with their similarity as weight. The winning route's share of the vote is the confidence. Below {@link
 * Settings#minConfidence()}, or when even the nearest exemplar is less similar than {@link Settings#minSimilarity()},
 * the decision is {@link Settings#fallback()} with {@link Basis#FALLBACK}. Empty text goes straight to the fallback.
 *
 * <p><b>Cues.</b> Names are what the embedding cannot tell apart: "What did Tim sign up for?" (the user's
 * friend) and "Which label signed Tim Buckley?" (a public figure) look alike. When the turn names someone the user's
 * memory knows ({@link TurnInput#knownNames()}, whole word, case-sensitive), {@link Settings#knownNameWeight()} times
 * the total vote is added to {@link Route#MEMORY} before the winner is chosen: it tips close memory/document votes and
 * leaves clear task or chit-chat votes alone. Conversely, when it names nobody known but has proper nouns (capitalised
 * words that do not start a sentence and are not calendar words), {@link Settings#unknownNameWeight()} goes to {@link
 * Route#DOCUMENTS}: someone the user never talked about is more likely a public figure. That cue needs a memory
 * context (non-empty known names); without one the vote alone decides. A third, text-only cue adds {@link
 * Settings#firstPersonWeight()} to MEMORY when the turn is a question about the user's own past or things ("what did I
 * say about my sister?"). All three are measured in docs/benchmarks/orchestrator.md.
 *
 * <p><b>Query vector.</b> Every decision that embedded the turn carries the vector ({@link
 * RouteDecision#queryVector()}), so the pipeline's memory and document searches do not embed the same text again.
 *
 * <p><b>Failures.</b> If the embedder fails (e.g. the model cannot load), the turn takes the fallback route with the
 * error in the reason instead of failing; rules still apply.
 *
 * <p><b>Laziness.</b> Exemplars are embedded on the first call that needs them (once, also under concurrent first
 * calls), so construction costs nothing and the model loads only when a turn needs it; {@link #warmUp()} does it
 * eagerly.
 *
 * <p>Metrics: {@code mnemos.routing.decisions} (counter, tags {@code route} = primary route, {@code basis}) and {@code
 * mnemos.routing.duration} (timer, embedding included).
 */
public final class SemanticRouter implements Router {

    /**
     * Tuning of the semantic part.
     *
     * @param k neighbours that vote, at least 1
     * @param minConfidence the winning route's vote share needed to trust it, in [0, 1]
     * @param minSimilarity cosine the nearest exemplar must reach, in [-1, 1]; below it the turn is unlike anything the
     *     router knows
     * @param fallback the route taken when not confident; must be a route that does nothing irreversible
     * @param knownNameWeight vote added to MEMORY, as a fraction of the k neighbours' total vote, when the turn names
     *     a known person; 0 turns the cue off
     * @param unknownNameWeight vote added to DOCUMENTS, as a fraction of the total vote, when the turn names no known
     *     person but has proper nouns the memory does not know (a public figure, a film, a gene); 0 turns it off
     * @param firstPersonWeight vote added to MEMORY, as a fraction of the total vote, when the turn is a question about
     *     the user's own past or things ("what did I say about my sister?"); 0 turns it off
     */
    public record Settings(
            int k,
            double minConfidence,
            double minSimilarity,
            Route fallback,
            double knownNameWeight,
            double unknownNameWeight,
            double firstPersonWeight) {
        public Settings {
            if (k < 1) {
                throw new IllegalArgumentException("k must be >= 1, was " + k);
            }
            if (minConfidence < 0 || minConfidence > 1) {
                throw new IllegalArgumentException("minConfidence must be in [0, 1], was " + minConfidence);
            }
            if (minSimilarity < -1 || minSimilarity > 1) {
                throw new IllegalArgumentException("minSimilarity must be in [-1, 1], was " + minSimilarity);
            }
            Objects.requireNonNull(fallback, "fallback");
            if (fallback == Route.TASK) {
                throw new IllegalArgumentException("TASK acts on the user's behalf and cannot be the fallback");
            }
            if (knownNameWeight < 0 || unknownNameWeight < 0) {
                throw new IllegalArgumentException(
                        "name cue weights must be >= 0, were " + knownNameWeight + " and " + unknownNameWeight);
            }
        }

        /** The same settings with every cue off: the semantic vote alone. */
        public Settings withoutCues() {
            return new Settings(k, minConfidence, minSimilarity, fallback, 0, 0, 0);
        }

        public Settings withFirstPersonWeight(double weight) {
            return new Settings(k, minConfidence, minSimilarity, fallback, knownNameWeight, unknownNameWeight, weight);
        }

        /** The tuned defaults (see docs/benchmarks/orchestrator.md, "Routing"). */
        public static Settings defaults() {
            return new Settings(7, 0.4, 0.2, Route.CHITCHAT, 0.5, 0.5, 0.5);
        }
    }

    /** Embedded exemplars: row i of {@code vectors} belongs to {@code exemplars.get(i)}. */
    private record Index(List<RouteExemplars.Exemplar> exemplars, float[][] vectors) {}

    private static final Logger log = LoggerFactory.getLogger(SemanticRouter.class);

    private final Embedder embedder;
    private final RouteExemplars exemplars;
    private final Settings settings;
    private final ActionScriptMatcher actionScripts;
    private final MeterRegistry meters;
    private final Timer duration;
    private final Object lock = new Object();
    private volatile Index index;

    public SemanticRouter(
            Embedder embedder,
            RouteExemplars exemplars,
            Settings settings,
            ActionScriptMatcher actionScripts,
            MeterRegistry meters) {
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        this.exemplars = Objects.requireNonNull(exemplars, "exemplars");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.actionScripts = Objects.requireNonNull(actionScripts, "actionScripts");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.duration = Timer.builder("mnemos.routing.duration")
                .description("Time to route one turn, embedding included")
                .register(meters);
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Embeds the exemplars now instead of on the first turn (loads the model if needed), then one text the way turns
     * are embedded, so the first turn pays for neither.
     */
    public void warmUp() {
        index();
        embedder.embed("Hello, what did I tell you yesterday?");
    }

    @Override
    public RouteDecision route(TurnInput turn) {
        Objects.requireNonNull(turn, "turn");
        long start = System.nanoTime();
        RouteDecision decision = decide(turn, start);
        duration.record(decision.timings().totalNanos(), TimeUnit.NANOSECONDS);
        Counter.builder("mnemos.routing.decisions")
                .description("Routing decisions by primary route and by what decided")
                .tag("route", decision.primary().name().toLowerCase(Locale.ROOT))
                .tag("basis", decision.basis().name().toLowerCase(Locale.ROOT))
                .register(meters)
                .increment();
        return decision;
    }

    private RouteDecision decide(TurnInput turn, long start) {
        if (turn.has(TurnInput.Modality.IMAGE)) {
            if (turn.text().isBlank()) {
                return new RouteDecision(
                        List.of(Route.VISION), 1.0, Basis.RULE, "rule:image-attached", List.of(), timings(0, start));
            }
            Semantic s = semanticOrFailure(turn);
            List<Route> routes = new ArrayList<>(List.of(Route.VISION));
            if (s.confident() && s.route() != Route.CHITCHAT) {
                routes.add(s.route()); // the question about the image may also need memory or documents
            }
            return new RouteDecision(
                    routes,
                    1.0,
                    Basis.RULE,
                    "rule:image-attached; text " + s.reason(),
                    s.nearest(),
                    timings(s.embedNanos(), start),
                    s.vector());
        }
        Optional<ActionScriptMatcher.Match> script = actionScripts.match(turn);
        if (script.isPresent()) {
            ActionScriptMatcher.Match m = script.get();
            return new RouteDecision(
                    List.of(Route.TASK),
                    1.0,
                    Basis.RULE,
                    "rule:action-script " + m.scriptId() + String.format(Locale.ROOT, " score=%.3f", m.score()),
                    List.of(),
                    timings(0, start));
        }
        if (turn.text().isBlank()) {
            return new RouteDecision(
                    List.of(settings.fallback()), 0.0, Basis.FALLBACK, "empty text", List.of(), timings(0, start));
        }
        Semantic s = semanticOrFailure(turn);
        if (s.confident()) {
            return new RouteDecision(
                    List.of(s.route()),
                    s.confidence(),
                    Basis.SEMANTIC,
                    s.reason(),
                    s.nearest(),
                    timings(s.embedNanos(), start),
                    s.vector());
        }
        return new RouteDecision(
                List.of(settings.fallback()),
                s.confidence(),
                Basis.FALLBACK,
                s.reason() + " → fallback " + settings.fallback(),
                s.nearest(),
                timings(s.embedNanos(), start),
                s.vector());
    }

    /** The outcome of the k-NN vote, with the turn's vector (null if embedding failed). */
    private record Semantic(
            Route route,
            double confidence,
            boolean confident,
            String reason,
            List<Neighbour> nearest,
            long embedNanos,
            QueryVector vector) {}

    /** The vote, or a not-confident outcome naming the error when the embedder fails (degrade, don't fail the turn). */
    private Semantic semanticOrFailure(TurnInput turn) {
        try {
            return semantic(turn);
        } catch (RuntimeException e) {
            log.warn("Semantic routing failed, taking the fallback route: {}", e.toString());
            return new Semantic(
                    settings.fallback(), 0.0, false, "semantic router unavailable (" + e + ")", List.of(), 0, null);
        }
    }

    private Semantic semantic(TurnInput turn) {
        String text = turn.text();
        Index idx = index();
        long embedStart = System.nanoTime();
        float[] query = embedder.embed(text);
        long embedNanos = System.nanoTime() - embedStart;

        int n = idx.vectors().length;
        int k = Math.min(settings.k(), n);
        // Partial selection of the k most similar (k is small, n a few hundred): insertion into a sorted top-k array.
        int[] top = new int[k];
        double[] topSim = new double[k];
        int filled = 0;
        for (int i = 0; i < n; i++) {
            double sim = dot(query, idx.vectors()[i]);
            if (filled < k || sim > topSim[filled - 1]) {
                int pos = filled < k ? filled++ : k - 1;
                while (pos > 0 && topSim[pos - 1] < sim) {
                    topSim[pos] = topSim[pos - 1];
                    top[pos] = top[pos - 1];
                    pos--;
                }
                topSim[pos] = sim;
                top[pos] = i;
            }
        }
        Map<Route, Double> votes = new EnumMap<>(Route.class);
        double total = 0;
        List<Neighbour> nearest = new ArrayList<>(k);
        for (int j = 0; j < k; j++) {
            RouteExemplars.Exemplar e = idx.exemplars().get(top[j]);
            double weight = Math.max(topSim[j], 0);
            votes.merge(e.route(), weight, Double::sum);
            total += weight;
            nearest.add(new Neighbour(e.route(), e.text(), topSim[j]));
        }
        String cue = "";
        Optional<String> known = NameCues.knownNameIn(text, turn.knownNames());
        if (known.isPresent() && settings.knownNameWeight() > 0) {
            double bonus = settings.knownNameWeight() * total;
            votes.merge(Route.MEMORY, bonus, Double::sum);
            total += bonus;
            cue = String.format(Locale.ROOT, "; names known person '%s' (+%.2f to MEMORY)", known.get(), bonus);
        } else if (known.isEmpty() && !turn.knownNames().isEmpty() && settings.unknownNameWeight() > 0) {
            // Only with a memory context: without one, "unknown to memory" means nothing.
            List<String> unknown = NameCues.unknownProperNouns(text, turn.knownNames());
            if (!unknown.isEmpty()) {
                double bonus = settings.unknownNameWeight() * total;
                votes.merge(Route.DOCUMENTS, bonus, Double::sum);
                total += bonus;
                cue = String.format(
                        Locale.ROOT, "; proper nouns unknown to memory %s (+%.2f to DOCUMENTS)", unknown, bonus);
            }
        }
        if (settings.firstPersonWeight() > 0 && NameCues.asksAboutOwnPast(text)) {
            double bonus = settings.firstPersonWeight() * total;
            votes.merge(Route.MEMORY, bonus, Double::sum);
            total += bonus;
            cue += String.format(Locale.ROOT, "; asks about own past (+%.2f to MEMORY)", bonus);
        }
        Route best = settings.fallback();
        double bestVote = -1;
        for (Map.Entry<Route, Double> v : votes.entrySet()) {
            if (v.getValue() > bestVote) {
                best = v.getKey();
                bestVote = v.getValue();
            }
        }
        double confidence = total > 0 ? bestVote / total : 0;
        double nearestSim = topSim[0];
        boolean confident = confidence >= settings.minConfidence() && nearestSim >= settings.minSimilarity();
        String reason = String.format(
                Locale.ROOT,
                "knn k=%d: %s vote share %.2f (min %.2f), nearest cosine %.3f (min %.2f)%s",
                k,
                best,
                confidence,
                settings.minConfidence(),
                nearestSim,
                settings.minSimilarity(),
                cue);
        return new Semantic(
                best, confidence, confident, reason, nearest, embedNanos, new QueryVector(embedder.modelId(), query));
    }

    private Index index() {
        Index idx = index;
        if (idx == null) {
            synchronized (lock) {
                idx = index;
                if (idx == null) {
                    List<RouteExemplars.Exemplar> list = exemplars.exemplars();
                    List<float[]> vectors = embedder.embedAll(
                            list.stream().map(RouteExemplars.Exemplar::text).toList());
                    idx = new Index(list, vectors.toArray(float[][]::new));
                    index = idx;
                }
            }
        }
        return idx;
    }

    private static Timings timings(long embedNanos, long start) {
        return new Timings(embedNanos, System.nanoTime() - start);
    }

    /** Cosine similarity: the embedder's vectors are L2-normalised. */
    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}

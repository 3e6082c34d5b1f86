package io.mnemos.orchestrator.routing.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mnemos.model.CachingEmbedder;
import io.mnemos.model.Embedder;
import io.mnemos.model.MiniLmEmbedder;
import io.mnemos.orchestrator.routing.ActionScriptMatcher;
import io.mnemos.orchestrator.routing.Route;
import io.mnemos.orchestrator.routing.RouteExemplars;
import io.mnemos.orchestrator.routing.RoutingEvaluation;
import io.mnemos.orchestrator.routing.RoutingSet;
import io.mnemos.orchestrator.routing.SemanticRouter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Routing accuracy, confusion matrix and latency of the semantic router with the real int8 MiniLM, on the labelled
 * routing set ({@link RoutingSet}). Arguments:
 *
 * <ul>
 *   <li>{@code report [passes]} (default): default settings; accuracy on the tuning two thirds and on the held-out
 *       third, the held-out confusion matrix, and latency p50/p99 per turn (embedding included) over {@code passes}
 *       passes of the held-out turns (default 3). Only tuning-split misses are printed, so the held-out third never
 *       guides the exemplars.
 *   <li>{@code sweep}: accuracy on the tuning two thirds for a grid of k, minConfidence and minSimilarity.
 * </ul>
 *
 * <pre>
 * ./mvnw -q -o -pl orchestrator-llm test-compile exec:exec \
 *     -Dbench.main=io.mnemos.orchestrator.routing.bench.RoutingBenchmark -Dbench.args="report 3"
 * </pre>
 */
public final class RoutingBenchmark {

    private RoutingBenchmark() {}

    public static void main(String[] args) {
        Optional<Path> data = RoutingSet.locate();
        if (data.isEmpty()) {
            System.out.println("SKIPPED: ../shared/data (locomo, multihop, scifact) not found");
            return;
        }
        RoutingSet set = RoutingSet.load(data.get());
        RouteExemplars exemplars = RouteExemplars.fromClasspath(RouteExemplars.DEFAULT_RESOURCE);
        describe(set, exemplars);
        String mode = args.length > 0 ? args[0] : "report";
        switch (mode) {
            case "report" -> report(set, exemplars, args.length > 1 ? Integer.parseInt(args[1]) : 3, settings(args));
            case "sweep" -> sweep(set, exemplars);
            default -> throw new IllegalArgumentException("unknown mode " + mode + " (report | sweep)");
        }
    }

    private static void describe(RoutingSet set, RouteExemplars exemplars) {
        Map<String, Long> bySource = set.turns().stream()
                .collect(Collectors.groupingBy(
                        t -> t.route() + "/" + t.source() + (t.heldOut() ? " held-out" : " tuning"),
                        java.util.TreeMap::new,
                        Collectors.counting()));
        System.out.printf(
                Locale.ROOT,
                "routing set: %d turns (%d tuning, %d held out) %s%n",
                set.turns().size(),
                set.tuning().size(),
                set.heldOut().size(),
                bySource);
        System.out.println("exemplars: " + exemplars.counts());
        Set<String> exemplarTexts =
                exemplars.exemplars().stream().map(e -> normalise(e.text())).collect(Collectors.toSet());
        long overlap = set.turns().stream()
                .filter(t -> exemplarTexts.contains(normalise(t.text())))
                .count();
        System.out.println("turns identical to an exemplar: " + overlap);
    }

    /** Default settings, or {@code report passes k minConfidence minSimilarity [knownNameWeight [unknownNameWeight [firstPersonWeight]]]} to try others. */
    private static SemanticRouter.Settings settings(String[] args) {
        SemanticRouter.Settings d = SemanticRouter.Settings.defaults();
        if (args.length < 5) {
            return d;
        }
        return new SemanticRouter.Settings(
                Integer.parseInt(args[2]),
                Double.parseDouble(args[3]),
                Double.parseDouble(args[4]),
                d.fallback(),
                args.length > 5 ? Double.parseDouble(args[5]) : d.knownNameWeight(),
                args.length > 6 ? Double.parseDouble(args[6]) : d.unknownNameWeight(),
                args.length > 7 ? Double.parseDouble(args[7]) : d.firstPersonWeight());
    }

    private static void report(RoutingSet set, RouteExemplars exemplars, int passes, SemanticRouter.Settings settings) {
        MiniLmEmbedder model = new MiniLmEmbedder();
        SemanticRouter router =
                new SemanticRouter(model, exemplars, settings, ActionScriptMatcher.none(), new SimpleMeterRegistry());
        long start = System.nanoTime();
        router.warmUp();
        System.out.printf(
                Locale.ROOT,
                "model load + %d exemplars embedded: %.0f ms%n",
                exemplars.exemplars().size(),
                (System.nanoTime() - start) / 1e6);
        System.out.println("settings: " + router.settings());

        RoutingEvaluation tuning = RoutingEvaluation.run(router, set.tuning()); // also warms the JIT
        print("tuning two thirds", tuning);
        tuning.errors()
                .forEach(m -> System.out.printf(
                        Locale.ROOT,
                        "  miss [%s→%s] %s | %s%n",
                        m.turn().route(),
                        m.decision().primary(),
                        m.turn().text(),
                        m.decision().reason()));

        RoutingEvaluation heldOut = RoutingEvaluation.run(router, set.heldOut());
        print("HELD-OUT third", heldOut);
        System.out.println(heldOut.confusionMarkdown());

        // The same router without the memory context (text only: no known names, so only the first-person cue).
        print("tuning two thirds, text only", RoutingEvaluation.run(router, set.tuning(), false));
        RoutingEvaluation textOnly = RoutingEvaluation.run(router, set.heldOut(), false);
        print("HELD-OUT third, text only", textOnly);
        System.out.println(textOnly.confusionMarkdown());

        // The k-NN vote alone: every cue off, no context.
        SemanticRouter voteOnly = new SemanticRouter(
                model, exemplars, settings.withoutCues(), ActionScriptMatcher.none(), new SimpleMeterRegistry());
        print("tuning two thirds, vote only", RoutingEvaluation.run(voteOnly, set.tuning(), false));
        RoutingEvaluation voteOnlyHeldOut = RoutingEvaluation.run(voteOnly, set.heldOut(), false);
        print("HELD-OUT third, vote only", voteOnlyHeldOut);
        System.out.println(voteOnlyHeldOut.confusionMarkdown());

        List<RoutingSet.LabelledTurn> firstPerson = RoutingSet.firstPersonMemoryProbe();
        print(
                "supplementary probe (first-person memory questions, no context), vote only",
                RoutingEvaluation.run(voteOnly, firstPerson, false));
        RoutingEvaluation probe = RoutingEvaluation.run(router, firstPerson, false);
        print("supplementary probe (first-person memory questions, no context), with the router's cues", probe);
        probe.errors()
                .forEach(m -> System.out.printf(
                        Locale.ROOT,
                        "  probe miss [%s→%s] %s | %s%n",
                        m.turn().route(),
                        m.decision().primary(),
                        m.turn().text(),
                        m.decision().reason()));

        List<long[]> totals = new java.util.ArrayList<>();
        List<long[]> embeds = new java.util.ArrayList<>();
        List<long[]> rest = new java.util.ArrayList<>();
        for (int p = 0; p < passes; p++) {
            RoutingEvaluation pass = p == 0 ? heldOut : RoutingEvaluation.run(router, set.heldOut());
            totals.add(pass.latencyNanos());
            embeds.add(pass.embedNanos());
            long[] other = new long[pass.total()];
            for (int i = 0; i < other.length; i++) {
                other[i] = pass.latencyNanos()[i] - pass.embedNanos()[i];
            }
            rest.add(other);
        }
        long[] total = concat(totals);
        long[] embed = concat(embeds);
        long[] vote = concat(rest);
        System.out.printf(
                Locale.ROOT,
                "latency per turn over %d routings (%d passes of the held-out third), ms: total p50 %.2f p90 %.2f p99"
                        + " %.2f max %.2f | embedding p50 %.2f p99 %.2f | everything else p50 %.3f p99 %.3f%n",
                total.length,
                passes,
                RoutingEvaluation.percentileMillis(total, 50),
                RoutingEvaluation.percentileMillis(total, 90),
                RoutingEvaluation.percentileMillis(total, 99),
                RoutingEvaluation.percentileMillis(total, 100),
                RoutingEvaluation.percentileMillis(embed, 50),
                RoutingEvaluation.percentileMillis(embed, 99),
                RoutingEvaluation.percentileMillis(vote, 50),
                RoutingEvaluation.percentileMillis(vote, 99));
        model.close();
    }

    private static void sweep(RoutingSet set, RouteExemplars exemplars) {
        // Cached: every configuration re-routes the same turns, and only the vote differs.
        Embedder embedder = new CachingEmbedder(new MiniLmEmbedder(), 100_000);
        System.out.println(
                "tuning-split accuracy (fallback CHITCHAT); first-person weight, k, known-name weight, unknown-name"
                        + " weight; minConfidence c, minSimilarity s:");
        for (double firstPerson : new double[] {0, 0.5}) {
            for (int k : new int[] {3, 5, 7, 11}) {
                for (double weight : new double[] {0, 0.25, 0.5, 1.0}) {
                    for (double unknownWeight : new double[] {0, 0.25, 0.5, 1.0}) {
                        StringBuilder line = new StringBuilder(String.format(
                                Locale.ROOT,
                                "first-person=%.2f k=%2d known=%.2f unknown=%.2f",
                                firstPerson,
                                k,
                                weight,
                                unknownWeight));
                        for (double minConfidence : new double[] {0, 0.4, 0.5, 0.6}) {
                            for (double minSimilarity : new double[] {0, 0.2}) {
                                SemanticRouter router = new SemanticRouter(
                                        embedder,
                                        exemplars,
                                        new SemanticRouter.Settings(
                                                k,
                                                minConfidence,
                                                minSimilarity,
                                                Route.CHITCHAT,
                                                weight,
                                                unknownWeight,
                                                firstPerson),
                                        ActionScriptMatcher.none(),
                                        new SimpleMeterRegistry());
                                RoutingEvaluation e = RoutingEvaluation.run(router, set.tuning());
                                line.append(String.format(
                                        Locale.ROOT,
                                        "  [c%.1f s%.1f] %.3f",
                                        minConfidence,
                                        minSimilarity,
                                        e.accuracy()));
                            }
                        }
                        System.out.println(line);
                    }
                }
            }
        }
    }

    private static long[] concat(List<long[]> parts) {
        return parts.stream().flatMapToLong(java.util.Arrays::stream).toArray();
    }

    private static void print(String label, RoutingEvaluation e) {
        Map<Route, String> recall = new EnumMap<>(Route.class);
        e.recall().forEach((r, v) -> recall.put(r, String.format(Locale.ROOT, "%.3f", v)));
        System.out.printf(
                Locale.ROOT,
                "%s: accuracy %.4f (%d/%d), recall %s%n",
                label,
                e.accuracy(),
                e.correct(),
                e.total(),
                recall);
    }

    private static String normalise(String text) {
        return text.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }
}

package io.mnemos.orchestrator.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Routes labelled turns and summarises: accuracy, a confusion matrix (rows = expected, columns = decided primary
 * route) and per-turn latency.
 *
 * @param total turns routed
 * @param correct turns whose primary route was the expected one
 * @param confusion counts[expected][decided], indexed by {@link Route#ordinal()}
 * @param latencyNanos per-turn routing time (embedding included), in input order
 * @param embedNanos per-turn time spent embedding the turn (from the decisions' timings), in input order
 * @param errors the misrouted turns with their decisions
 */
public record RoutingEvaluation(
        int total, int correct, int[][] confusion, long[] latencyNanos, long[] embedNanos, List<Miss> errors) {

    /** A misrouted turn. */
    public record Miss(RoutingSet.LabelledTurn turn, RouteDecision decision) {}

    /** Routes every turn with its memory context (known names). */
    public static RoutingEvaluation run(Router router, List<RoutingSet.LabelledTurn> turns) {
        return run(router, turns, true);
    }

    /** Routes every turn, with or without its memory context (text only). */
    public static RoutingEvaluation run(Router router, List<RoutingSet.LabelledTurn> turns, boolean withContext) {
        int n = Route.values().length;
        int[][] confusion = new int[n][n];
        long[] latency = new long[turns.size()];
        long[] embed = new long[turns.size()];
        List<Miss> errors = new ArrayList<>();
        int correct = 0;
        for (int i = 0; i < turns.size(); i++) {
            RoutingSet.LabelledTurn t = turns.get(i);
            long start = System.nanoTime();
            RouteDecision d = router.route(t.input(withContext));
            latency[i] = System.nanoTime() - start;
            embed[i] = d.timings().embedNanos();
            confusion[t.route().ordinal()][d.primary().ordinal()]++;
            if (d.primary() == t.route()) {
                correct++;
            } else {
                errors.add(new Miss(t, d));
            }
        }
        return new RoutingEvaluation(turns.size(), correct, confusion, latency, embed, errors);
    }

    public double accuracy() {
        return total == 0 ? 0 : (double) correct / total;
    }

    /** Latency percentile in milliseconds (nearest rank). */
    public double latencyMillis(double percentile) {
        return percentileMillis(latencyNanos, percentile);
    }

    /** Percentile (nearest rank) of nanosecond samples, in milliseconds. */
    public static double percentileMillis(long[] nanos, double percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(rank, sorted.length - 1))] / 1e6;
    }

    /** Per-route recall (correct / expected), for routes that occur. */
    public Map<Route, Double> recall() {
        Map<Route, Double> out = new EnumMap<>(Route.class);
        for (Route r : Route.values()) {
            int row = Arrays.stream(confusion[r.ordinal()]).sum();
            if (row > 0) {
                out.put(r, (double) confusion[r.ordinal()][r.ordinal()] / row);
            }
        }
        return out;
    }

    /** The confusion matrix as a Markdown table (rows = expected, columns = decided). */
    public String confusionMarkdown() {
        StringBuilder sb = new StringBuilder("| expected \\ decided |");
        for (Route r : Route.values()) {
            sb.append(' ').append(r).append(" |");
        }
        sb.append(" recall |\n|---|");
        sb.append("---:|".repeat(Route.values().length + 1)).append('\n');
        for (Route expected : Route.values()) {
            int row = Arrays.stream(confusion[expected.ordinal()]).sum();
            if (row == 0) {
                continue;
            }
            sb.append("| ").append(expected).append(" |");
            for (Route decided : Route.values()) {
                sb.append(' ')
                        .append(confusion[expected.ordinal()][decided.ordinal()])
                        .append(" |");
            }
            sb.append(String.format(Locale.ROOT, " %.3f |%n", recall().get(expected)));
        }
        return sb.toString();
    }
}

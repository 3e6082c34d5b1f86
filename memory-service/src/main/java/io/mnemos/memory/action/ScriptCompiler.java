package io.mnemos.memory.action;

import io.mnemos.contracts.Ids;
import io.mnemos.memory.experience.TextPattern;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles a successful trace into a replay script (pure). Every parameter value that occurs in the task text (whole
 * words, ignoring case; longer values first) becomes a slot, numbered by position in the task; the task pattern is the
 * task with those occurrences replaced, and parameters refer to the slots. A value that does not occur as a whole
 * contributes its words that do (three letters or more, not common function words), so a parameter built from several
 * task words ({@code "Halo Adele"} for "play Halo by Adele") becomes {@code "{slot1} {slot2}"}.
 */
public final class ScriptCompiler {

    private static final java.util.Set<String> COMMON =
            java.util.Set.of("the", "and", "for", "from", "with", "you", "your", "this", "that", "all", "are", "was");

    private ScriptCompiler() {}

    /** The script for {@code trace} (a new id, active, no runs). */
    public static ReplayScript compile(String tenant, ActionTrace trace, Instant now) {
        String task = trace.task();
        String lower = task.toLowerCase(Locale.ROOT);
        TreeSet<String> values = new TreeSet<>(
                Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
        for (TraceStep s : trace.steps()) {
            for (String v : s.params().values()) {
                if (v == null || v.isBlank()) {
                    continue;
                }
                if (word(v).matcher(lower).find()) {
                    values.add(v.strip());
                } else {
                    // A value composed from several task words ("Halo Adele" for "play Halo by Adele").
                    for (String w : v.strip().split("\\s+")) {
                        if (w.length() >= 3
                                && !COMMON.contains(w.toLowerCase(Locale.ROOT))
                                && word(w).matcher(lower).find()) {
                            values.add(w);
                        }
                    }
                }
            }
        }
        // Claim non-overlapping occurrences, longest values first.
        boolean[] taken = new boolean[task.length()];
        List<int[]> spans = new ArrayList<>(); // start, end, value index
        List<String> ordered = new ArrayList<>(values);
        for (int vi = 0; vi < ordered.size(); vi++) {
            Matcher m = word(ordered.get(vi)).matcher(lower);
            while (m.find()) {
                boolean free = true;
                for (int i = m.start(); i < m.end() && free; i++) {
                    free = !taken[i];
                }
                if (free) {
                    for (int i = m.start(); i < m.end(); i++) {
                        taken[i] = true;
                    }
                    spans.add(new int[] {m.start(), m.end(), vi});
                }
            }
        }
        spans.sort(Comparator.comparingInt(s -> s[0]));
        Map<String, String> slotOfValue = new LinkedHashMap<>();
        StringBuilder pattern = new StringBuilder();
        int last = 0;
        for (int[] s : spans) {
            String value = ordered.get(s[2]).toLowerCase(Locale.ROOT);
            String slot = slotOfValue.computeIfAbsent(value, v -> "slot" + (slotOfValue.size() + 1));
            pattern.append(task, last, s[0]).append('{').append(slot).append('}');
            last = s[1];
        }
        pattern.append(task.substring(last));
        String taskPattern = TextPattern.parse(pattern.toString()).toString();
        List<ScriptStep> steps = new ArrayList<>();
        for (TraceStep s : trace.steps()) {
            Map<String, String> params = new LinkedHashMap<>();
            s.params().forEach((k, v) -> params.put(k, substitute(v, slotOfValue)));
            steps.add(new ScriptStep(s.target(), s.action(), params, s.preState(), s.postState()));
        }
        return new ReplayScript(
                Ids.newId(),
                tenant,
                taskPattern,
                task,
                List.copyOf(slotOfValue.values()),
                steps,
                trace.id(),
                0,
                0,
                "",
                ReplayScript.Status.ACTIVE,
                now,
                now,
                0);
    }

    private static String substitute(String value, Map<String, String> slotOfValue) {
        if (value == null) {
            return null;
        }
        String out = value.replace('{', '(').replace('}', ')');
        for (Map.Entry<String, String> e : slotOfValue.entrySet()) {
            out = word(e.getKey()).matcher(out).replaceAll(Matcher.quoteReplacement("{" + e.getValue() + "}"));
        }
        return out;
    }

    private static Pattern word(String value) {
        return Pattern.compile(
                "(?<![\\p{L}\\p{N}])" + Pattern.quote(value.strip().toLowerCase(Locale.ROOT)) + "(?![\\p{L}\\p{N}])",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }
}

package io.mnemos.memory.experience;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Learns templates from successful episodes (pure; see the package documentation for the levels).
 *
 * <p>Action-template keywords are the sub-goal words (not stopwords, not words of the step's own parameter values) found
 * in at least half of the action's steps.
 *
 * <p>Clustering is greedy and order-dependent (episodes in the given order): a word sequence joins the cluster whose
 * pattern shares the largest fraction of its literal words with it, if that fraction is at least {@code minShared}
 * of the pattern's literals and at least a quarter of the sequence's words; otherwise it starts a cluster. A cluster
 * becomes a template when it has at least {@code minSupport} members.
 */
public final class TemplateInducer {

    static final Set<String> STOPWORDS = Set.of(
            "a", "an", "the", "to", "for", "of", "in", "on", "at", "and", "or", "my", "me", "i", "it", "is", "with",
            "by", "from", "please", "this", "that", "some", "up", "into", "about", "as", "be", "can", "you", "your");

    private final double minShared;
    private final int minSupport;

    /**
     * @param minShared fraction of a cluster pattern's literal words a new member must share (e.g. 0.3)
     * @param minSupport members a cluster needs to become a template (e.g. 2)
     */
    public TemplateInducer(double minShared, int minSupport) {
        if (!(minShared > 0 && minShared <= 1) || minSupport < 1) {
            throw new IllegalArgumentException("minShared in (0, 1], minSupport ≥ 1");
        }
        this.minShared = minShared;
        this.minSupport = minSupport;
    }

    public static TemplateInducer defaults() {
        return new TemplateInducer(0.3, 2);
    }

    /** All three levels from a set of episodes (failures are ignored). */
    public List<ExperienceTemplate> induceAll(String tenant, List<Episode> episodes, Instant now) {
        List<Episode> ok = episodes.stream().filter(Episode::succeeded).toList();
        List<ExperienceTemplate> out = new ArrayList<>();
        Map<String, List<Episode>> bySignature = group(ok, Episode::signature);
        bySignature.forEach((sig, eps) -> out.addAll(induceTasks(tenant, sig, eps, now)));
        Map<String, List<EpisodeStep>> byAction = new TreeMap<>();
        for (Episode e : ok) {
            for (EpisodeStep s : e.steps()) {
                byAction.computeIfAbsent(s.action(), a -> new ArrayList<>()).add(s);
            }
        }
        byAction.forEach((action, steps) -> {
            out.addAll(induceSubTasks(tenant, action, steps, now));
            if (steps.size() >= minSupport) {
                out.add(induceAction(tenant, action, steps, now));
            }
        });
        return out;
    }

    /** Task templates from successful episodes that share one action signature. */
    public List<ExperienceTemplate> induceTasks(String tenant, String signature, List<Episode> episodes, Instant now) {
        List<Episode> ok = episodes.stream()
                .filter(Episode::succeeded)
                .filter(e -> e.signature().equals(signature))
                .toList();
        List<List<String>> goals = ok.stream().map(e -> Token.words(e.goal())).toList();
        List<ExperienceTemplate> out = new ArrayList<>();
        List<String> texts = ok.stream().map(Episode::goal).toList();
        List<String> evidence = ok.stream()
                .map(e -> e.steps().stream()
                        .map(st -> st.subGoal() + " \u0001 "
                                + String.join(" \u0001 ", st.params().values()))
                        .collect(Collectors.joining(" \u0001 ")))
                .toList();
        for (List<Integer> cluster : cluster(goals, texts, evidence)) {
            if (cluster.size() < minSupport) {
                continue;
            }
            List<Episode> members = cluster.stream().map(ok::get).toList();
            TextPattern pattern =
                    TextPattern.generalise(cluster.stream().map(goals::get).toList());
            List<Map<String, String>> bindings = members.stream()
                    .map(e -> pattern.match(e.goal()).bindings())
                    .toList();
            List<SlotSpec> slots = slotSpecs(pattern.slots(), bindings);
            List<StepSkeleton> steps = new ArrayList<>();
            int n = members.getFirst().steps().size();
            for (int k = 0; k < n; k++) {
                int step = k;
                List<EpisodeStep> column =
                        members.stream().map(e -> e.steps().get(step)).toList();
                String subGoal = subGoalTemplate(column, bindings, "step" + (k + 1) + ".");
                Map<String, String> params = paramTemplates(column, bindings, "step" + (k + 1) + ".");
                steps.add(new StepSkeleton(subGoal, column.getFirst().action(), params));
            }
            String p = pattern.toString();
            out.add(new ExperienceTemplate(
                    id(tenant, TemplateLevel.TASK, signature, p),
                    tenant,
                    TemplateLevel.TASK,
                    signature,
                    p,
                    slots,
                    List.of(),
                    steps,
                    members.size(),
                    now));
        }
        return out;
    }

    /** Sub-task templates from steps of one action. */
    public List<ExperienceTemplate> induceSubTasks(String tenant, String action, List<EpisodeStep> steps, Instant now) {
        List<EpisodeStep> own =
                steps.stream().filter(s -> s.action().equals(action)).toList();
        List<List<String>> goals =
                own.stream().map(s -> Token.words(s.subGoal())).toList();
        List<ExperienceTemplate> out = new ArrayList<>();
        List<String> texts = own.stream().map(EpisodeStep::subGoal).toList();
        List<String> evidence = own.stream()
                .map(s -> String.join(" \u0001 ", s.params().values()))
                .toList();
        for (List<Integer> cluster : cluster(goals, texts, evidence)) {
            if (cluster.size() < minSupport || goals.get(cluster.getFirst()).isEmpty()) {
                continue;
            }
            List<EpisodeStep> members = cluster.stream().map(own::get).toList();
            TextPattern pattern =
                    TextPattern.generalise(cluster.stream().map(goals::get).toList());
            List<Map<String, String>> bindings = members.stream()
                    .map(s -> pattern.match(s.subGoal()).bindings())
                    .toList();
            Map<String, String> params = paramTemplates(members, bindings, "");
            String p = pattern.toString();
            out.add(new ExperienceTemplate(
                    id(tenant, TemplateLevel.SUB_TASK, action, p),
                    tenant,
                    TemplateLevel.SUB_TASK,
                    action,
                    p,
                    slotSpecs(pattern.slots(), bindings),
                    List.of(),
                    List.of(new StepSkeleton(p, action, params)),
                    members.size(),
                    now));
        }
        return out;
    }

    /** The action template of one action: constant parameters kept, varying ones become {@code {name}} slots. */
    public ExperienceTemplate induceAction(String tenant, String action, List<EpisodeStep> steps, Instant now) {
        List<EpisodeStep> own =
                steps.stream().filter(s -> s.action().equals(action)).toList();
        if (own.isEmpty()) {
            throw new IllegalArgumentException("No steps of action " + action);
        }
        Set<String> keys = new TreeSet<>();
        own.forEach(s -> keys.addAll(s.params().keySet()));
        Map<String, String> params = new TreeMap<>();
        List<SlotSpec> slots = new ArrayList<>();
        for (String key : keys) {
            List<String> values = own.stream()
                    .map(s -> s.params().get(key))
                    .filter(v -> v != null)
                    .toList();
            if (values.size() == own.size() && values.stream().distinct().count() == 1) {
                params.put(key, escape(values.getFirst()));
            } else {
                params.put(key, "{" + key + "}");
                slots.add(SlotSpec.of(key, values));
            }
        }
        Map<String, Integer> df = new HashMap<>();
        for (EpisodeStep s : own) {
            Set<String> valueWords = new TreeSet<>();
            s.params().values().forEach(v -> valueWords.addAll(Token.words(v)));
            for (String w : new TreeSet<>(Token.words(s.subGoal()))) {
                if (!STOPWORDS.contains(w) && !valueWords.contains(w)) {
                    df.merge(w, 1, Integer::sum);
                }
            }
        }
        List<String> keywords = df.entrySet().stream()
                .filter(e -> e.getValue() * 2 >= own.size())
                .sorted(Map.Entry.<String, Integer>comparingByValue()
                        .reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(5)
                .map(Map.Entry::getKey)
                .toList();
        return new ExperienceTemplate(
                id(tenant, TemplateLevel.ACTION, action, action),
                tenant,
                TemplateLevel.ACTION,
                action,
                action,
                slots,
                keywords,
                List.of(new StepSkeleton(String.join(" ", keywords), action, params)),
                own.size(),
                now);
    }

    /**
     * Greedy clustering of word sequences by shared literal words (see the class documentation). A merge is also
     * refused when, for some member, a slot of the merged pattern would be empty or would take text that appears in
     * none of that member's parameter values (or, for goals, sub-goals): what differs between members must be a value
     * that the steps use, not a different phrasing.
     *
     * @param texts the original texts of the sequences
     * @param evidence per sequence, the text slot values must occur in (case-insensitive)
     */
    List<List<Integer>> cluster(List<List<String>> seqs, List<String> texts, List<String> evidence) {
        List<TextPattern> patterns = new ArrayList<>();
        List<List<Integer>> clusters = new ArrayList<>();
        for (int i = 0; i < seqs.size(); i++) {
            List<String> s = seqs.get(i);
            int best = -1;
            double bestScore = 0;
            for (int c = 0; c < patterns.size(); c++) {
                TextPattern p = patterns.get(c);
                int common = p.commonLiterals(s);
                int literals = p.literals();
                if (literals == 0 || common == 0) {
                    continue;
                }
                double shared = common / (double) literals;
                double ofSeq = common / (double) Math.max(1, s.size());
                if (shared >= minShared && ofSeq >= 0.25 && shared + ofSeq > bestScore) {
                    TextPattern merged = p.with(s);
                    // Old members keep their bindings when the pattern does not change: check only the new one.
                    List<Integer> members = merged.equals(p) ? new ArrayList<>() : new ArrayList<>(clusters.get(c));
                    members.add(i);
                    if (valuesAreUsed(merged, members, texts, evidence)) {
                        best = c;
                        bestScore = shared + ofSeq;
                    }
                }
            }
            if (best < 0) {
                patterns.add(TextPattern.literal(s));
                clusters.add(new ArrayList<>(List.of(i)));
            } else {
                patterns.set(best, patterns.get(best).with(s));
                clusters.get(best).add(i);
            }
        }
        return clusters;
    }

    private static boolean valuesAreUsed(
            TextPattern pattern, List<Integer> members, List<String> texts, List<String> evidence) {
        List<String> slots = pattern.slots();
        for (int m : members) {
            Map<String, String> b = pattern.match(texts.get(m)).bindings();
            if (b.size() != slots.size()) {
                return false;
            }
            String ev = evidence.get(m).toLowerCase(Locale.ROOT);
            for (String v : b.values()) {
                if (!ev.contains(v.toLowerCase(Locale.ROOT))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static List<SlotSpec> slotSpecs(List<String> names, List<Map<String, String>> bindings) {
        return names.stream()
                .map(n -> SlotSpec.of(
                        n,
                        bindings.stream()
                                .map(b -> b.get(n))
                                .filter(v -> v != null)
                                .toList()))
                .toList();
    }

    /**
     * A sub-goal template for one step column: the constant text, or the text with slot values replaced by their
     * slots when that gives one string, or a generalised pattern whose own slots are renamed after the goal slot with
     * the same values (else {@code {prefix slotN}}).
     */
    private static String subGoalTemplate(List<EpisodeStep> column, List<Map<String, String>> bindings, String prefix) {
        List<String> texts = column.stream().map(EpisodeStep::subGoal).toList();
        String t = templatize(texts, bindings);
        if (t != null) {
            return t;
        }
        TextPattern local =
                TextPattern.generalise(texts.stream().map(Token::words).toList());
        Map<String, String> rename = new HashMap<>();
        for (String slot : local.slots()) {
            List<String> values =
                    texts.stream().map(x -> local.match(x).bindings().get(slot)).toList();
            String goalSlot = sameAsGoalSlot(values, bindings);
            rename.put(slot, goalSlot != null ? goalSlot : prefix + slot);
        }
        return local.renameSlots(rename).toString();
    }

    private static Map<String, String> paramTemplates(
            List<EpisodeStep> column, List<Map<String, String>> bindings, String prefix) {
        Map<String, String> out = new TreeMap<>();
        Set<String> keys = new TreeSet<>(column.getFirst().params().keySet());
        column.forEach(s -> keys.retainAll(s.params().keySet()));
        for (String key : keys) {
            List<String> values = column.stream().map(s -> s.params().get(key)).toList();
            String t = templatize(values, bindings);
            out.put(key, t != null ? t : "{" + prefix + key + "}");
        }
        return out;
    }

    private static String sameAsGoalSlot(List<String> values, List<Map<String, String>> bindings) {
        if (bindings.isEmpty()) {
            return null;
        }
        for (String slot : bindings.getFirst().keySet()) {
            boolean all = true;
            for (int i = 0; i < values.size() && all; i++) {
                String b = bindings.get(i).get(slot);
                all = b != null && values.get(i) != null && b.equalsIgnoreCase(values.get(i));
            }
            if (all) {
                return slot;
            }
        }
        return null;
    }

    /**
     * One template string for per-example values: the value itself when all are equal; otherwise each value with its
     * example's slot values replaced by {@code {slot}} (longest first, whole words, ignoring case), if that makes all
     * equal; otherwise {@code null}.
     */
    static String templatize(List<String> values, List<Map<String, String>> bindings) {
        if (values.stream().distinct().count() == 1) {
            return escape(values.getFirst());
        }
        String common = null;
        for (int i = 0; i < values.size(); i++) {
            String v = substitute(values.get(i), bindings.get(i));
            if (common == null) {
                common = v;
            } else if (!common.equals(v)) {
                return null;
            }
        }
        return common;
    }

    private static String substitute(String value, Map<String, String> binding) {
        String out = escape(value);
        List<Map.Entry<String, String>> bySize = binding.entrySet().stream()
                .filter(e -> !e.getValue().isBlank())
                .sorted(Comparator.comparingInt(
                                (Map.Entry<String, String> e) -> e.getValue().length())
                        .reversed())
                .toList();
        for (Map.Entry<String, String> e : bySize) {
            Pattern p = Pattern.compile(
                    "(?<![\\p{L}\\p{N}])" + Pattern.quote(escape(e.getValue())) + "(?![\\p{L}\\p{N}])",
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            out = p.matcher(out).replaceAll(java.util.regex.Matcher.quoteReplacement("{" + e.getKey() + "}"));
        }
        return out;
    }

    /** Braces in literal values would read as placeholders: replace them with parentheses. */
    static String escape(String v) {
        return v.replace('{', '(').replace('}', ')');
    }

    static UUID id(String tenant, TemplateLevel level, String key, String pattern) {
        return UUID.nameUUIDFromBytes((tenant + '\u0000' + level + '\u0000' + key + '\u0000' + pattern)
                .toLowerCase(Locale.ROOT)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static <T> Map<String, List<T>> group(List<T> items, Function<T, String> key) {
        return items.stream().collect(Collectors.groupingBy(key, LinkedHashMap::new, Collectors.toList()));
    }
}

package io.mnemos.memory.experience;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the template that fits a task text (pure). Task and sub-task templates are matched by aligning the text to
 * their pattern ({@link TextPattern#match}); a bound value that does not fit a numeric slot costs 0.25. Action
 * templates are matched by the fraction of their keywords present in the text, scaled by 0.9; a single variable
 * parameter is bound to the rest of the text, several ones only to values seen in training.
 *
 * <p>Ties go to the template with more literal words, then more support.
 */
public final class TemplateMatcher {

    private final double taskThreshold;
    private final double subTaskThreshold;
    private final double actionThreshold;
    private final Map<UUID, TextPattern> parsed = new ConcurrentHashMap<>();

    /** @param taskThreshold minimum confidence per level; e.g. 0.8, 0.8, 0.5 */
    public TemplateMatcher(double taskThreshold, double subTaskThreshold, double actionThreshold) {
        this.taskThreshold = taskThreshold;
        this.subTaskThreshold = subTaskThreshold;
        this.actionThreshold = actionThreshold;
    }

    public static TemplateMatcher defaults() {
        return new TemplateMatcher(0.8, 0.8, 0.5);
    }

    /** The best match at the most specific level that reaches its threshold. */
    public Optional<TemplateMatch> match(String text, List<ExperienceTemplate> templates) {
        for (TemplateLevel level : TemplateLevel.values()) {
            Optional<TemplateMatch> m = match(text, templates, level);
            if (m.isPresent()) {
                return m;
            }
        }
        return Optional.empty();
    }

    /** The best match among templates of one level, if it reaches that level's threshold. */
    public Optional<TemplateMatch> match(String text, List<ExperienceTemplate> templates, TemplateLevel level) {
        TemplateMatch best = null;
        int bestLiterals = -1;
        for (ExperienceTemplate t : templates) {
            if (t.level() != level) {
                continue;
            }
            TemplateMatch m = level == TemplateLevel.ACTION ? matchAction(text, t) : matchPattern(text, t);
            if (m == null || m.confidence() < threshold(level)) {
                continue;
            }
            int literals = level == TemplateLevel.ACTION
                    ? t.keywords().size()
                    : pattern(t).literals();
            if (best == null
                    || m.confidence() > best.confidence() + 1e-9
                    || (Math.abs(m.confidence() - best.confidence()) <= 1e-9
                            && (literals > bestLiterals
                                    || (literals == bestLiterals
                                            && t.support() > best.template().support())))) {
                best = m;
                bestLiterals = literals;
            }
        }
        return Optional.ofNullable(best);
    }

    private double threshold(TemplateLevel level) {
        return switch (level) {
            case TASK -> taskThreshold;
            case SUB_TASK -> subTaskThreshold;
            case ACTION -> actionThreshold;
        };
    }

    private final Map<UUID, Set<String>> literalWords = new ConcurrentHashMap<>();

    private Set<String> literalWords(ExperienceTemplate t) {
        return literalWords.computeIfAbsent(t.id(), id -> {
            Set<String> w = new HashSet<>(Token.words(t.pattern().replaceAll("\\{[^}]*}", " ")));
            return w;
        });
    }

    private TextPattern pattern(ExperienceTemplate t) {
        return parsed.computeIfAbsent(t.id(), id -> TextPattern.parse(t.pattern()));
    }

    private TemplateMatch matchPattern(String text, ExperienceTemplate t) {
        TextPattern p = pattern(t);
        if (p.literals() > 0) {
            Set<String> words = new HashSet<>(Token.words(text));
            if (literalWords(t).stream().noneMatch(words::contains)) {
                return null; // cannot reach any threshold without a single literal
            }
        }
        TextPattern.Match m = p.match(text);
        if (m.matchedLiterals() == 0 && p.literals() > 0) {
            return null;
        }
        double confidence = m.confidence();
        for (SlotSpec s : t.slots()) {
            String v = m.bindings().get(s.name());
            if (v != null && !s.accepts(v)) {
                confidence -= 0.25;
            }
        }
        return instantiate(t, Math.max(0, confidence), m.bindings());
    }

    private TemplateMatch matchAction(String text, ExperienceTemplate t) {
        if (t.keywords().isEmpty()) {
            return null;
        }
        List<Token> tokens = Token.tokenize(text);
        Set<String> words = new HashSet<>();
        tokens.forEach(tok -> words.add(tok.norm()));
        long hits = t.keywords().stream().filter(words::contains).count();
        double confidence = 0.9 * hits / t.keywords().size();
        Map<String, String> bindings = new LinkedHashMap<>();
        if (t.slots().size() == 1) {
            List<Token> rest = tokens.stream()
                    .filter(tok -> !t.keywords().contains(tok.norm()))
                    .filter(tok -> !TemplateInducer.STOPWORDS.contains(tok.norm()))
                    .toList();
            if (!rest.isEmpty()) {
                bindings.put(
                        t.slots().getFirst().name(),
                        text.substring(rest.getFirst().start(), rest.getLast().end()));
            }
        } else {
            String lower = text.toLowerCase(java.util.Locale.ROOT);
            for (SlotSpec s : t.slots()) {
                s.examples().stream()
                        .filter(e -> !e.isBlank() && lower.contains(e.toLowerCase(java.util.Locale.ROOT)))
                        .max(Comparator.comparingInt(String::length))
                        .ifPresent(e -> bindings.put(s.name(), e));
            }
        }
        return instantiate(t, confidence, bindings);
    }

    private static TemplateMatch instantiate(ExperienceTemplate t, double confidence, Map<String, String> bindings) {
        List<EpisodeStep> steps = new ArrayList<>();
        Set<String> unbound = new java.util.TreeSet<>();
        for (StepSkeleton s : t.steps()) {
            String subGoal = TextPattern.fill(s.subGoal(), bindings);
            unbound.addAll(TextPattern.placeholders(subGoal));
            Map<String, String> params = new LinkedHashMap<>();
            s.params().forEach((k, v) -> {
                String filled = TextPattern.fill(v, bindings);
                unbound.addAll(TextPattern.placeholders(filled));
                params.put(k, filled);
            });
            steps.add(new EpisodeStep(subGoal, s.action(), params));
        }
        return new TemplateMatch(t.level(), t, confidence, bindings, steps, List.copyOf(unbound));
    }
}

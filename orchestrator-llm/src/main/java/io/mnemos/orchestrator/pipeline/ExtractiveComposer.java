package io.mnemos.orchestrator.pipeline;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The answer when no LLM is configured: the sentences of the found passages that best cover the question's terms
 * (idf-weighted over the candidate sentences, so rare question words count most), quoted with numbered citations.
 * Nothing is generated, and the answer says so.
 */
public final class ExtractiveComposer {
    static final String NOTE = "(Extractive answer: quoted from the sources cited; no language model is configured.)";
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final Set<String> STOP = Set.of(
            "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for", "with", "from", "as", "is",
            "are", "was", "were", "be", "been", "being", "do", "does", "did", "have", "has", "had", "i", "me", "my",
            "you", "your", "we", "our", "he", "she", "it", "its", "they", "them", "their", "his", "her", "what",
            "which", "who", "whom", "when", "where", "why", "how", "that", "this", "these", "those", "there", "about",
            "can", "could", "would", "should", "will", "shall", "may", "might", "must", "not", "no", "so", "if", "than",
            "then", "too", "very", "just", "any", "some", "all", "also", "into", "over", "after", "before", "tell",
            "please", "know");

    /** A cited passage. */
    public record Citation(int n, String source, String id, String title, String reference, String quote) {

        /** A citation quoting at most the first 300 characters of {@code text}; null title/reference become "". */
        public static Citation of(int n, String source, String id, String title, String reference, String text) {
            return new Citation(
                    n,
                    source,
                    id,
                    title == null ? "" : title,
                    reference == null ? "" : reference,
                    text.length() <= 300 ? text : text.substring(0, 297) + "...");
        }
    }

    /** A chosen sentence and why. */
    public record Chosen(String sentence, double score, int citation, List<String> matchedTerms) {}

    /** The composed answer. */
    public record Composed(String text, List<Citation> citations, List<Chosen> chosen) {}

    private ExtractiveComposer() {}

    static Composed compose(String question, List<Evidence> evidence, int maxSentences) {
        Set<String> q = new HashSet<>(terms(question));
        record Candidate(String sentence, Evidence from, List<String> terms) {}
        List<Candidate> candidates = new ArrayList<>();
        for (Evidence e : evidence) {
            for (String s : sentences(e.text())) {
                candidates.add(new Candidate(s, e, terms(s)));
            }
        }
        if (q.isEmpty() || candidates.isEmpty()) {
            return new Composed("", List.of(), List.of());
        }
        Map<String, Integer> df = new HashMap<>();
        for (Candidate c : candidates) {
            for (String t : new HashSet<>(c.terms())) {
                df.merge(t, 1, Integer::sum);
            }
        }
        int n = candidates.size();
        record Scored(Candidate c, double score, List<String> matched) {}
        List<Scored> scored = new ArrayList<>();
        for (Candidate c : candidates) {
            Set<String> seen = new HashSet<>();
            List<String> matched = new ArrayList<>();
            double s = 0;
            for (String t : c.terms()) {
                if (q.contains(t) && seen.add(t)) {
                    s += Math.log(1.0 + (double) n / df.get(t));
                    matched.add(t);
                }
            }
            if (s > 0) {
                // Mild length normalisation: a long sentence matches more words by chance.
                scored.add(new Scored(c, s / Math.sqrt(Math.max(8, c.terms().size()) / 8.0), matched));
            }
        }
        scored.sort(Comparator.comparingDouble(Scored::score).reversed());
        Map<Evidence, Integer> citationOf = new LinkedHashMap<>();
        List<Chosen> chosen = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (Scored s : scored) {
            if (chosen.size() == maxSentences) {
                break;
            }
            if (!used.add(s.c().sentence().toLowerCase(Locale.ROOT))) {
                continue; // the same sentence from two passages
            }
            int cite = citationOf.computeIfAbsent(s.c().from(), e -> citationOf.size() + 1);
            chosen.add(new Chosen(s.c().sentence(), s.score(), cite, s.matched()));
        }
        List<Citation> citations = new ArrayList<>();
        citationOf.forEach(
                (e, i) -> citations.add(Citation.of(i, e.source(), e.id(), e.title(), e.reference(), e.text())));
        StringBuilder text = new StringBuilder();
        for (Chosen c : chosen) {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(c.sentence()).append(" [").append(c.citation()).append(']');
        }
        return new Composed(text.toString(), citations, chosen);
    }

    static List<String> terms(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            String w = m.group();
            if (!STOP.contains(w)) {
                out.add(stem(w));
            }
        }
        return out;
    }

    /** A light plural/verb-ending fold so "books" matches "book" and "hiking" matches "hike(s)" more often. */
    private static String stem(String w) {
        if (w.length() > 4 && w.endsWith("ies")) {
            return w.substring(0, w.length() - 3) + "y";
        }
        if (w.length() > 5 && w.endsWith("ing")) {
            return w.substring(0, w.length() - 3);
        }
        if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss")) {
            return w.substring(0, w.length() - 1);
        }
        return w;
    }

    static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        BreakIterator it = BreakIterator.getSentenceInstance(Locale.ENGLISH);
        it.setText(text);
        for (int start = it.first(), end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
            String s = text.substring(start, end).strip();
            if (s.length() >= 3) {
                out.add(s);
            }
        }
        return out;
    }
}

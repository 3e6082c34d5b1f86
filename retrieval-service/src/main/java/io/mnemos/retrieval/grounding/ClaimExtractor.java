package io.mnemos.retrieval.grounding;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns one sentence's mentions into QuCo-RAG tuples without an LLM: the first name is the head; every later
 * mention (name, given entity or year) is a tail, with the words between them as the relation. A sentence with a
 * single name gives the pair {@code [name, words after it]} (or before it, when it ends the sentence). A sentence
 * without names gives nothing (accepted as is, as when QuCo's extractor returns {@code []}).
 */
public final class ClaimExtractor {
    /** Words of a pair's relation kept for its retrieval query. */
    static final int MAX_RELATION_WORDS = 8;

    private static final Pattern EDGE_PUNCT = Pattern.compile("^[\\p{Punct}\\s“”‘’]+|[\\p{Punct}\\s“”‘’]+$");

    private ClaimExtractor() {}

    /** Tuples of {@code sentence}, given its mentions in order (offsets into {@code sentence}). */
    public static List<Claim> claims(String sentence, List<Mention> mentions) {
        Mention head = null;
        for (Mention m : mentions) {
            if (m.kind() != Mention.Kind.NUMBER) {
                head = m;
                break;
            }
        }
        if (head == null) {
            return List.of();
        }
        List<Claim> out = new ArrayList<>();
        for (Mention m : mentions) {
            if (m.start() < head.end() || m.text().equals(head.text())) {
                continue;
            }
            String relation = clean(sentence.substring(head.end(), m.start()));
            out.add(new Claim(head.text(), relation, m.text()));
        }
        if (!out.isEmpty()) {
            return dedupe(out);
        }
        String after = clean(sentence.substring(head.end()));
        String relation = after.isEmpty() ? clean(sentence.substring(0, head.start())) : after;
        return List.of(new Claim(head.text(), firstWords(relation, MAX_RELATION_WORDS), null));
    }

    private static List<Claim> dedupe(List<Claim> claims) {
        List<Claim> out = new ArrayList<>();
        for (Claim c : claims) {
            if (out.stream()
                    .noneMatch(o -> o.head().equals(c.head()) && o.tail().equals(c.tail()))) {
                out.add(c);
            }
        }
        return out;
    }

    static String clean(String s) {
        return EDGE_PUNCT.matcher(s.strip()).replaceAll("").replaceAll("\\s+", " ");
    }

    private static String firstWords(String s, int max) {
        String[] words = s.split(" ");
        return words.length <= max ? s : String.join(" ", java.util.Arrays.copyOf(words, max));
    }
}

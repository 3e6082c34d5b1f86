package io.mnemos.retrieval.ingest;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Splits text into sentences with the JDK's {@link BreakIterator} (Unicode UAX #29 rules), plus a repair step for the
 * abbreviations it breaks after ("Dr. Smith", "Fig. 2", "et al. Smith", initials like "J. Doe").
 *
 * <p>Paragraphs (text separated by a blank line) never share a sentence; single line breaks inside a paragraph (PDF
 * line wraps) are treated as spaces. Stateless and thread-safe.
 */
public final class SentenceSplitter {

    private static final Pattern PARAGRAPH = Pattern.compile("\\n\\s*\\n");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Set<String> ABBREVIATIONS = Set.of(
            "dr", "mr", "mrs", "ms", "prof", "sr", "jr", "st", "mt", "fig", "figs", "eq", "eqs", "no", "nos", "vol",
            "vs", "al", "e.g", "i.e", "cf", "ca", "approx", "inc", "ltd", "co", "corp", "dept", "univ", "ref", "refs",
            "sec", "ch", "p", "pp", "u.s", "u.k", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
            "nov", "dec", "gen", "col", "lt", "sgt", "rev", "est", "etc");

    /** One sentence and whether it is the first of its paragraph. */
    public record Sentence(String text, boolean startsParagraph) {}

    /** Sentences of {@code text}, in order, stripped; empty for blank text. */
    public List<Sentence> split(String text) {
        List<Sentence> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String paragraph : PARAGRAPH.split(text)) {
            String p = SPACES.matcher(paragraph).replaceAll(" ").strip();
            if (p.isEmpty()) {
                continue;
            }
            boolean first = true;
            for (String s : splitParagraph(p)) {
                out.add(new Sentence(s, first));
                first = false;
            }
        }
        return out;
    }

    /** Convenience: the sentence texts only. */
    public List<String> sentences(String text) {
        return split(text).stream().map(Sentence::text).toList();
    }

    private static List<String> splitParagraph(String p) {
        BreakIterator it = BreakIterator.getSentenceInstance(Locale.ENGLISH);
        it.setText(p);
        List<String> raw = new ArrayList<>();
        int start = it.first();
        for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
            String s = p.substring(start, end).strip();
            if (!s.isEmpty()) {
                raw.add(s);
            }
        }
        // Merge back breaks that follow an abbreviation or an initial.
        List<String> merged = new ArrayList<>(raw.size());
        StringBuilder current = null;
        for (String s : raw) {
            if (current == null) {
                current = new StringBuilder(s);
            } else {
                current.append(' ').append(s);
            }
            if (!endsWithAbbreviation(current)) {
                merged.add(current.toString());
                current = null;
            }
        }
        if (current != null) {
            merged.add(current.toString());
        }
        return merged;
    }

    private static boolean endsWithAbbreviation(CharSequence s) {
        int n = s.length();
        if (n < 2 || s.charAt(n - 1) != '.') {
            return false;
        }
        int i = n - 2;
        while (i >= 0 && !Character.isWhitespace(s.charAt(i)) && s.charAt(i) != '(') {
            i--;
        }
        String word = s.subSequence(i + 1, n - 1).toString().toLowerCase(Locale.ROOT);
        if (word.isEmpty()) {
            return false;
        }
        if (word.length() == 1 && Character.isLetter(word.charAt(0)) && Character.isUpperCase(s.charAt(n - 2))) {
            return true; // an initial: "J. Doe"
        }
        return ABBREVIATIONS.contains(word);
    }
}

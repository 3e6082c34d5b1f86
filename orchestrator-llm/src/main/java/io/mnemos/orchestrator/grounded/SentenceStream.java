package io.mnemos.orchestrator.grounded;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Cuts generated text into sentences as it arrives. A sentence is complete at {@code .}, {@code !} or {@code ?}
 * (with any closing quotes or brackets) followed by white space, or at a blank line; text after the last boundary
 * stays pending until more arrives or {@link #finish()} says the generation ended. Titles and initials
 * ({@code Mr.}, {@code J.}) do not end a sentence: the tiny model's novels are full of them.
 */
public final class SentenceStream {
    private static final Set<String> ABBREVIATIONS = Set.of(
            "mr", "mrs", "ms", "dr", "st", "sr", "jr", "prof", "rev", "capt", "col", "gen", "lt", "sgt", "mt", "vs",
            "etc", "e.g", "i.e", "vol", "fig", "ch");
    private final StringBuilder pending = new StringBuilder();

    /** Adds text and returns the sentences it completed, stripped, in order. */
    public List<String> append(String text) {
        pending.append(text);
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < pending.length(); i++) {
            char c = pending.charAt(i);
            int end = -1;
            if (c == '.' || c == '!' || c == '?') {
                int j = i + 1;
                while (j < pending.length() && isCloser(pending.charAt(j))) {
                    j++;
                }
                if (j < pending.length() && Character.isWhitespace(pending.charAt(j)) && !abbreviation(start, i)) {
                    end = j;
                }
            } else if (c == '\n' && i + 1 < pending.length() && pending.charAt(i + 1) == '\n') {
                end = i + 2; // the blank line goes with the sentence before it (stripped)
            }
            if (end >= 0) {
                add(out, pending.substring(start, end));
                start = end;
                i = end - 1; // end > i always, so the scan moves on
            }
        }
        pending.delete(0, start);
        return out;
    }

    /** The generation ended: the pending text, if it has a word, is the last sentence. */
    public List<String> finish() {
        List<String> out = new ArrayList<>();
        add(out, pending.toString());
        pending.setLength(0);
        return out;
    }

    /** Text after the last complete sentence (an unfinished one). */
    public String pending() {
        return pending.toString().strip();
    }

    /** Every complete sentence of {@code text}, plus the rest when {@code ended}. */
    public static List<String> split(String text, boolean ended) {
        SentenceStream s = new SentenceStream();
        List<String> out = new ArrayList<>(s.append(text));
        if (ended) {
            out.addAll(s.finish());
        }
        return out;
    }

    private static void add(List<String> out, String sentence) {
        String s = sentence.strip().replaceAll("\\s+", " ");
        if (s.chars().anyMatch(Character::isLetterOrDigit)) {
            out.add(s);
        }
    }

    private static boolean isCloser(char c) {
        return c == '"' || c == '\'' || c == ')' || c == ']' || c == '\u201d' || c == '\u2019';
    }

    /** Whether the word ending at {@code dot} is a title or an initial. */
    private boolean abbreviation(int start, int dot) {
        if (pending.charAt(dot) != '.') {
            return false;
        }
        int w = dot;
        while (w > start && !Character.isWhitespace(pending.charAt(w - 1)) && pending.charAt(w - 1) != '"') {
            w--;
        }
        String word = pending.substring(w, dot);
        if (word.length() == 1 && Character.isUpperCase(word.charAt(0))) {
            return true; // an initial: "J. Smith"
        }
        return ABBREVIATIONS.contains(word.toLowerCase(java.util.Locale.ROOT));
    }
}

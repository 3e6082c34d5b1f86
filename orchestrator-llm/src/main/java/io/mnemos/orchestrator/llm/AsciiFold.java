package io.mnemos.orchestrator.llm;

import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * Folds text to ASCII the way the shipped tiny model's training text was folded: curly quotes to straight ones, em and
 * en dashes to {@code --} and {@code -}, accents removed, anything else outside ASCII dropped. jlama 0.8.4's byte-level
 * BPE only handles ASCII correctly (it drops characters above U+00FF and mis-encodes Latin-1), so the in-process
 * provider folds prompts before tokenizing.
 */
public final class AsciiFold {
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    private AsciiFold() {}

    /** The folded text; ASCII input comes back unchanged (same instance). */
    public static String fold(String s) {
        if (s.chars().allMatch(c -> c < 128)) {
            return s;
        }
        String t = s.replace('\u2018', '\'')
                .replace('\u2019', '\'')
                .replace('\u201A', '\'')
                .replace('\u201B', '\'')
                .replace('\u201C', '"')
                .replace('\u201D', '"')
                .replace('\u201E', '"')
                .replace('\u201F', '"')
                .replace("\u2014", "--")
                .replace("\u2013", "-")
                .replace("\u2026", "...")
                .replace('\u00A0', ' ');
        t = MARKS.matcher(Normalizer.normalize(t, Normalizer.Form.NFKD)).replaceAll("");
        StringBuilder b = new StringBuilder(t.length());
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < 128) {
                b.append(c);
            }
        }
        return b.toString();
    }
}

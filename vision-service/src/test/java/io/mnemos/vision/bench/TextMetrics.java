package io.mnemos.vision.bench;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Character and word error rates (CER, WER): edit distance between a recognised text and its ground truth, divided by
 * the length of the ground truth. Both texts are normalised first: Unicode NFC, every run of whitespace (line breaks
 * included) collapsed to one space, trimmed; case and punctuation are kept, so they count as errors.
 */
public final class TextMetrics {
    private TextMetrics() {}

    /** Texts compared the way the metrics compare them. */
    public static String normalise(String s) {
        return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFC)
                .replaceAll("\\s+", " ")
                .strip();
    }

    /** Edits (insertions, deletions, substitutions) to turn {@code hypothesis} into {@code reference}, by code point. */
    public static int charErrors(String reference, String hypothesis) {
        return distance(
                normalise(reference).codePoints().toArray(),
                normalise(hypothesis).codePoints().toArray());
    }

    /** Code points in the normalised reference. */
    public static int charCount(String reference) {
        return (int) normalise(reference).codePoints().count();
    }

    /** Word-level edits. */
    public static int wordErrors(String reference, String hypothesis) {
        Map<String, Integer> ids = new HashMap<>();
        return distance(words(reference, ids), words(hypothesis, ids));
    }

    /** Words in the normalised reference. */
    public static int wordCount(String reference) {
        return words(reference, new HashMap<>()).length;
    }

    /** CER of one pair. */
    public static double cer(String reference, String hypothesis) {
        return (double) charErrors(reference, hypothesis) / Math.max(1, charCount(reference));
    }

    /** WER of one pair. */
    public static double wer(String reference, String hypothesis) {
        return (double) wordErrors(reference, hypothesis) / Math.max(1, wordCount(reference));
    }

    private static int[] words(String s, Map<String, Integer> ids) {
        String n = normalise(s);
        if (n.isEmpty()) {
            return new int[0];
        }
        return Arrays.stream(n.split(" "))
                .mapToInt(w -> ids.computeIfAbsent(w, k -> ids.size()))
                .toArray();
    }

    /** Levenshtein distance, two rows. */
    static int distance(int[] a, int[] b) {
        int[] prev = new int[b.length + 1];
        int[] cur = new int[b.length + 1];
        for (int j = 0; j <= b.length; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length; i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length; j++) {
                int sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length];
    }
}

package io.mnemos.speech.support;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Word error rate: (substitutions + deletions + insertions) / reference words, after lower-casing and stripping punctuation. */
public final class Wer {
    private Wer() {}

    /** Normalised words. */
    public static List<String> words(String s) {
        return Arrays.stream(s.toLowerCase(Locale.ROOT)
                        .replaceAll("[^a-z0-9' ]", " ")
                        .split("\\s+"))
                .filter(w -> !w.isBlank())
                .toList();
    }

    /** Edit distance between the word sequences. */
    public static int errors(String reference, String hypothesis) {
        List<String> r = words(reference);
        List<String> h = words(hypothesis);
        int[] prev = new int[h.size() + 1];
        int[] cur = new int[h.size() + 1];
        for (int j = 0; j <= h.size(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= r.size(); i++) {
            cur[0] = i;
            for (int j = 1; j <= h.size(); j++) {
                int sub = prev[j - 1] + (r.get(i - 1).equals(h.get(j - 1)) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[h.size()];
    }

    /** WER of one pair. */
    public static double wer(String reference, String hypothesis) {
        return (double) errors(reference, hypothesis)
                / Math.max(1, words(reference).size());
    }
}

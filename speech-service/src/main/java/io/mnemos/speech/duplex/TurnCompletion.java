package io.mnemos.speech.duplex;

import java.util.Set;

/**
 * The semantic end-of-turn check (a rule-based stand-in for Freeze-Omni's state head): does a transcript read like a
 * finished sentence? Sentence-final punctuation (from recognisers that punctuate) says yes; for unpunctuated text
 * (pocketsphinx), a turn of at least {@code minWords} words that does not end in a word that needs a continuation
 * ("and", "the", "to", "because", a filler, …) counts as finished. A finished-looking turn ends after the short
 * {@code semanticSilence} instead of the full end-of-turn silence. Stateless and thread-safe.
 */
public final class TurnCompletion {
    private static final Set<String> CONTINUATIONS = Set.of(
            "and", "or", "but", "so", "because", "the", "a", "an", "to", "of", "in", "on", "at", "for", "with", "from",
            "by", "about", "into", "than", "that", "which", "who", "whose", "if", "when", "while", "then", "my", "your",
            "his", "her", "our", "their", "its", "is", "are", "was", "were", "be", "am", "i", "we", "you", "he", "she",
            "they", "it's", "i'm", "um", "uh", "er", "erm", "like", "what", "where", "how", "why", "can", "could",
            "would", "should", "will", "do", "does", "did", "have", "has", "not", "very", "just", "some", "any", "this",
            "these", "those", "let", "let's");

    private final int minWords;

    public TurnCompletion(int minWords) {
        this.minWords = minWords;
    }

    /** Whether {@code transcript} looks like a complete turn. */
    public boolean looksComplete(String transcript) {
        if (transcript == null || transcript.isBlank()) {
            return false;
        }
        String t = transcript.strip();
        char last = t.charAt(t.length() - 1);
        if (last == '.' || last == '?' || last == '!') {
            return true;
        }
        if (last == ',' || last == ':' || last == ';' || last == '-') {
            return false;
        }
        String[] words = BargeInPolicy.words(t);
        return words.length >= minWords && !CONTINUATIONS.contains(words[words.length - 1]);
    }
}

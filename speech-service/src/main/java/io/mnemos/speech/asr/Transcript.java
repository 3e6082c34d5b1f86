package io.mnemos.speech.asr;

/**
 * A recognition result for one utterance.
 *
 * @param text    the words recognised so far (lower case for pocketsphinx; may be empty, never null)
 * @param isFinal {@code true} for the utterance's last word, {@code false} for a partial hypothesis that may still
 *                change
 * @param audioMs milliseconds of audio the hypothesis covers
 * @param cpuNanos CPU time the recogniser spent on this utterance so far (0 when unknown, e.g. a remote server)
 */
public record Transcript(String text, boolean isFinal, long audioMs, long cpuNanos) {
    public Transcript {
        text = text == null ? "" : text.strip();
    }

    /** An empty final transcript (nothing was recognised). */
    public static Transcript empty(long audioMs) {
        return new Transcript("", true, audioMs, 0);
    }

    /** Whether no word was recognised. */
    public boolean isEmpty() {
        return text.isEmpty();
    }
}

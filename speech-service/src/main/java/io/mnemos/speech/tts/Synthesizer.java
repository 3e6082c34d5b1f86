package io.mnemos.speech.tts;

/**
 * Speech synthesis: text → 16 kHz mono PCM16.
 *
 * <p>Edge cases: blank text gives an empty array (never null); text is spoken as given (no SSML); very long text is
 * the caller's business (the {@link Segmenter} keeps pieces to about a sentence). Implementations are thread-safe
 * and may be called from several workers at once.
 */
public interface Synthesizer extends AutoCloseable {

    /** Synthesises {@code text}; blocks until the audio is complete. */
    short[] synthesize(String text);

    @Override
    default void close() {}
}

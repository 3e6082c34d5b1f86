package io.mnemos.speech.asr;

import java.util.concurrent.CompletableFuture;

/**
 * One utterance being recognised while its audio arrives. Feed audio with {@link #accept}, then either
 * {@link #finish()} to get the final transcript or {@link #cancel()} to drop it. Calls from one thread at a time;
 * {@code accept} never blocks on recognition (audio is queued and recognised on the transcriber's workers).
 */
public interface TranscriptionStream {

    /** Queues 16 kHz mono PCM16 samples; ignored after {@code finish} or {@code cancel}. */
    void accept(short[] samples);

    /**
     * Ends the utterance: the final transcript completes the future once every queued sample is recognised. Calling it
     * again returns the same future.
     */
    CompletableFuture<Transcript> finish();

    /** Drops the utterance and releases its recogniser; the {@link #finish()} future (if any) completes empty. */
    void cancel();

    /** The latest partial hypothesis (empty before the first one). */
    Transcript latest();
}

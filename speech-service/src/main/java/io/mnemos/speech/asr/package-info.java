/**
 * Streaming speech recognition behind {@link io.mnemos.speech.asr.Transcriber}: one
 * {@link io.mnemos.speech.asr.TranscriptionStream} per utterance, fed as audio arrives, with partial hypotheses and a
 * final transcript. {@link io.mnemos.speech.asr.PocketSphinxTranscriber} calls the system's pocketsphinx through the
 * FFM API, with a pool of native decoders shared by all sessions and a small pool of recognition threads.
 */
package io.mnemos.speech.asr;

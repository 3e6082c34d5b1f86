/**
 * Speech synthesis behind {@link io.mnemos.speech.tts.Synthesizer} (FreeTTS in-process) and the
 * {@link io.mnemos.speech.tts.Segmenter} that cuts streamed response text into pieces to synthesise ahead.
 */
package io.mnemos.speech.tts;

/** PCM16 16 kHz mono helpers and a minimal WAV reader/writer. */
package io.mnemos.speech.audio;

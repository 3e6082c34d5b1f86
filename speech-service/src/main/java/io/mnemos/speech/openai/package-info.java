/** Recognition and synthesis by OpenAI-compatible audio servers ({@code /v1/audio/transcriptions}, {@code /v1/audio/speech}). */
package io.mnemos.speech.openai;

/**
 * {@code WS /v1/speech/sessions/{id}}: the OpenAI-Realtime-style protocol over a
 * {@link io.mnemos.speech.duplex.DuplexSession}, with bounded buffers, close codes and session limits.
 */
package io.mnemos.speech.ws;

/**
 * The full-duplex session state machine (SPEC §9.4): turn taking, end-of-turn detection, sentence-parallel synthesis
 * with in-order playback, and barge-in with backchannel filtering. One {@link io.mnemos.speech.duplex.DuplexSession}
 * actor per session; its state lives in the actor, so any worker thread can run it.
 */
package io.mnemos.speech.duplex;

/**
 * Voice activity detection: an energy + zero-crossing detector with an adaptive noise floor and hysteresis on 32 ms
 * frames, a frame splitter, and the pre-roll ring buffer replayed into recognition at speech onset.
 */
package io.mnemos.speech.vad;

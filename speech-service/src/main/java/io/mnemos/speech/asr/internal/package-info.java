/**
 * The FFM binding of {@code libpocketsphinx.so.3} (Debian 12: 0.8+5prealpha, configured through sphinxbase's
 * {@code cmd_ln_*}) and the serial executor that gives each stream (and each session actor) ordered execution on a
 * shared pool.
 */
package io.mnemos.speech.asr.internal;

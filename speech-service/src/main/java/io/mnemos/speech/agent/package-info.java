/** The agent behind a voice session: the user's final transcript in, response text deltas out, cancellable. */
package io.mnemos.speech.agent;

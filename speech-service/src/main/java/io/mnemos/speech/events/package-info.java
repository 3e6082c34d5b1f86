/** Publishing {@code speech.transcript} and {@code speech.interrupt} through the transactional outbox. */
package io.mnemos.speech.events;

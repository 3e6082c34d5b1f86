package io.mnemos.orchestrator.session;

import java.time.Instant;
import java.util.UUID;

/**
 * Something that happened to a turn, as streamed to clients.
 *
 * @param event    {@code accepted} (stored, event queued), {@code answer} (the final answer) or {@code timeout}
 * @param sessionId the session
 * @param turnId   the turn
 * @param sequence position of the turn in its session
 * @param text     the answer for {@code answer}, otherwise a human-readable note
 * @param at       when it happened
 */
public record TurnEvent(String event, UUID sessionId, UUID turnId, long sequence, String text, Instant at) {
    public static final String ACCEPTED = "accepted";
    public static final String ANSWER = "answer";
    public static final String TIMEOUT = "timeout";
}

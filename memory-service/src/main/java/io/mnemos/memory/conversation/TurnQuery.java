package io.mnemos.memory.conversation;

import java.time.Instant;
import java.util.Objects;

/**
 * A search over one user's turns.
 *
 * @param userId whose turns
 * @param text the query text; blank lists the newest turns of the time range instead
 * @param k hits wanted (1–1000)
 * @param mode BM25, dense or hybrid
 * @param from inclusive lower bound on the turn's timestamp, or {@code null}
 * @param to exclusive upper bound, or {@code null}
 */
public record TurnQuery(String userId, String text, int k, SearchMode mode, Instant from, Instant to) {
    public TurnQuery {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(mode, "mode");
        text = text == null ? "" : text;
        if (k < 1 || k > 1000) {
            throw new IllegalArgumentException("k must be in [1, 1000]: " + k);
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
    }
}

package io.mnemos.memory.conversation;

import java.time.Instant;
import java.util.UUID;

/**
 * One turn found by a conversation search.
 *
 * @param turnId the turn's UUID
 * @param externalTurnId the client's id of an imported turn, else {@code null}
 * @param sessionId the session's UUID
 * @param externalSessionId the client's id of an imported session, else {@code null}
 * @param speaker speaker label
 * @param text the turn's text
 * @param timestamp when it was spoken
 * @param score the mode's score: BM25 score, dense similarity in [0, 1] ({@code (1 + cosine) / 2}), hybrid fused score
 *     (convex: in [0, 1]), recency listing: 0
 * @param lexicalRank rank in the BM25 list (0 = absent)
 * @param denseRank rank in the dense list (0 = absent)
 */
public record TurnHit(
        UUID turnId,
        String externalTurnId,
        UUID sessionId,
        String externalSessionId,
        String speaker,
        String text,
        Instant timestamp,
        double score,
        int lexicalRank,
        int denseRank) {

    /** The id a client knows the turn by: its own id if imported, else the UUID. */
    public String publicTurnId() {
        return externalTurnId != null ? externalTurnId : turnId.toString();
    }

    /** The id a client knows the session by. */
    public String publicSessionId() {
        return externalSessionId != null ? externalSessionId : sessionId.toString();
    }
}

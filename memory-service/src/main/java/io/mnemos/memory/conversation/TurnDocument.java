package io.mnemos.memory.conversation;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A turn as the search index holds it.
 *
 * @param turnId the turn's UUID (the index key)
 * @param externalTurnId the client's own turn id for imported turns ({@code D1:3}), else {@code null}
 * @param sessionId the session's UUID
 * @param externalSessionId the client's own session id for imported sessions, else {@code null}
 * @param userId the user whose memory this is
 * @param sequence position in the session
 * @param speaker speaker label ({@code user}, {@code agent}, or a name for imported turns)
 * @param text the turn's text (BM25 field, stored)
 * @param timestamp when the turn was spoken
 * @param context the text of the turn and its neighbours in the session (a second BM25 field, not stored)
 * @param vector the embedding of {@link #embeddingText()}
 */
public record TurnDocument(
        UUID turnId,
        String externalTurnId,
        UUID sessionId,
        String externalSessionId,
        String userId,
        long sequence,
        String speaker,
        String text,
        Instant timestamp,
        String context,
        float[] vector) {

    public TurnDocument {
        Objects.requireNonNull(turnId, "turnId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(speaker, "speaker");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(vector, "vector");
        context = context == null ? text : context;
    }

    /** What is embedded for dense search: the speaker label and the text, so names in questions match. */
    public static String embeddingText(String speaker, String text) {
        return speaker + ": " + text;
    }

    public String embeddingText() {
        return embeddingText(speaker, text);
    }

    /** The id a client knows the turn by: its own id if imported, else the UUID. */
    public String publicTurnId() {
        return externalTurnId != null ? externalTurnId : turnId.toString();
    }
}

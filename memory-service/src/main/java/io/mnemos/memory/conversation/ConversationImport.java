package io.mnemos.memory.conversation;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** Body of {@code POST /v1/users/{userId}/conversations}: past sessions to import. */
public record ConversationImport(List<Session> sessions) {

    /**
     * One past session.
     *
     * @param sessionId the client's id of the session (kept; re-importing the same id adds nothing twice)
     * @param startedAt when it started; the timestamp of turns that have none
     * @param turns its turns in order
     */
    public record Session(
            @Schema(example = "session_1") String sessionId,
            @Schema(example = "2023-05-08T13:56:00Z") Instant startedAt,
            List<Turn> turns) {}

    /**
     * One past turn.
     *
     * @param turnId the client's id of the turn, unique within the session (kept and returned by searches)
     * @param speaker who spoke: {@code user}, {@code agent} or a name (1–100 characters)
     * @param text what was said
     * @param timestamp when, if known (else the session's start)
     */
    public record Turn(
            @Schema(example = "D1:3") String turnId,
            @Schema(example = "Caroline") String speaker,
            String text,
            Instant timestamp) {}

    /**
     * What an import did.
     *
     * @param sessions sessions in the request
     * @param turnsReceived turns in the request
     * @param turnsImported turns that were new and are now stored
     * @param turnsAlreadyPresent turns whose ids were already stored (left unchanged)
     * @param turnsIndexed turns (re)indexed for search; they are searchable when the response arrives
     * @param tookMillis time spent
     */
    public record Result(
            int sessions,
            int turnsReceived,
            int turnsImported,
            int turnsAlreadyPresent,
            long turnsIndexed,
            long tookMillis) {}
}

package io.mnemos.orchestrator.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mnemos.orchestrator.pipeline.ExtractiveComposer;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Something that happened to a turn, as streamed to clients.
 *
 * @param event     {@code accepted} (stored, event queued), {@code partial} (one sentence of the answer being made;
 *                  provisional: the {@code answer} event's text is the answer), {@code answer} (the final answer) or
 *                  {@code timeout}
 * @param sessionId the session
 * @param turnId    the turn
 * @param sequence  position of the turn in its session
 * @param text      the answer for {@code answer}, the sentence for {@code partial}, otherwise a human-readable note
 * @param at        when it happened
 * @param route     for an answer: the route taken ({@code memory}, {@code documents}, {@code task}, {@code chitchat})
 * @param mode      for an answer or a partial sentence: how it was made ({@code grounded}: LLM, verified;
 *                  {@code extractive} quotes sources; {@code procedure}; {@code canned})
 * @param citations for an answer: the passages it quotes, numbered as in the text
 * @param traceUrl  for an answer: where its trace is
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TurnEvent(
        String event,
        UUID sessionId,
        UUID turnId,
        long sequence,
        String text,
        Instant at,
        @Nullable String route,
        @Nullable String mode,
        @Nullable List<ExtractiveComposer.Citation> citations,
        @Nullable String traceUrl) {
    public static final String ACCEPTED = "accepted";
    public static final String PARTIAL = "partial";
    public static final String ANSWER = "answer";
    public static final String TIMEOUT = "timeout";

    /** One sentence of the answer, as soon as it is final. */
    public static TurnEvent partial(UUID sessionId, UUID turnId, long sequence, String mode, String sentence) {
        return new TurnEvent(PARTIAL, sessionId, turnId, sequence, sentence, Instant.now(), null, mode, null, null);
    }

    /** An event that is not an answer. */
    public static TurnEvent note(String event, UUID sessionId, UUID turnId, long sequence, String text, Instant at) {
        return new TurnEvent(event, sessionId, turnId, sequence, text, at, null, null, null, null);
    }
}

package io.mnemos.contracts.events;

import io.mnemos.contracts.Event;
import io.mnemos.contracts.EventType;
import io.mnemos.contracts.Topics;
import java.time.Instant;
import java.util.UUID;

/**
 * speech-service finished a spoken turn: the user's final transcript, or the agent's answer as far as it was played.
 * Raw audio never leaves speech-service; only this text does.
 *
 * @param sessionId     the conversation session (the same id as the orchestrator's session)
 * @param itemId        the speech item the text belongs to ({@code item_…} as on the speech WebSocket)
 * @param speaker       who spoke: {@code user} (recognised speech) or {@code agent} (text of the audio actually played)
 * @param text          the final text; for the agent only what was played
 * @param audioStartMs  where the speech starts, in milliseconds of the session's input (user) or output (agent) audio
 * @param audioEndMs    where the speech ends, in the same timeline
 * @param timestamp     when the transcript became final
 */
@EventType(
        name = "speech.transcript",
        topic = Topics.SPEECH_EVENTS,
        description = "A spoken turn became final: the user's recognised speech or the agent audio actually played.")
public record SpeechTranscript(
        UUID sessionId,
        String itemId,
        String speaker,
        String text,
        long audioStartMs,
        long audioEndMs,
        Instant timestamp)
        implements Event {}

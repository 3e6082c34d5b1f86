package io.mnemos.contracts.events;

import io.mnemos.contracts.Event;
import io.mnemos.contracts.EventType;
import io.mnemos.contracts.Topics;
import java.time.Instant;
import java.util.UUID;

/**
 * The user barged in: speech-service stopped the agent's audio, dropped the rest of the response and cancelled its
 * generation. Memory should keep only {@code heardText}, what the user actually heard.
 *
 * @param sessionId     the conversation session
 * @param responseEpoch the interrupted response (increases by one per response in a session)
 * @param heardText     the part of the response that was played before the interruption (may be empty)
 * @param playedMs      milliseconds of the response's audio that were played
 * @param reason        why it stopped: {@code barge_in} (confirmed user speech) or {@code client_cancelled}
 * @param timestamp     when playback was stopped
 */
@EventType(
        name = "speech.interrupt",
        topic = Topics.SPEECH_EVENTS,
        description = "The agent's spoken response was interrupted; only the heard text was delivered.")
public record SpeechInterrupt(
        UUID sessionId, long responseEpoch, String heardText, long playedMs, String reason, Instant timestamp)
        implements Event {}

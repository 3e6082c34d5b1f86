package io.mnemos.speech.duplex;

/**
 * What a {@link DuplexSession} reports, in order, on its actor thread (implementations must not block: queue the
 * output). Names follow the OpenAI Realtime events they become on the WebSocket.
 */
public interface DuplexListener {

    /** The state changed. */
    default void stateChanged(DuplexState from, DuplexState to) {}

    /** The user started a turn ({@code input_audio_buffer.speech_started}); {@code audioStartMs} in input audio. */
    void speechStarted(String itemId, long audioStartMs);

    /** The user's turn ended ({@code input_audio_buffer.speech_stopped}). */
    void speechStopped(String itemId, long audioEndMs);

    /**
     * The partial transcript changed. {@code delta} is the appended text when the new hypothesis extends the previous
     * one, otherwise the whole new hypothesis with {@code replaced = true}.
     */
    void transcriptionDelta(String itemId, String delta, boolean replaced, String text);

    /** The user's final transcript (may be empty when the "speech" was noise: then no response follows). */
    void transcriptionCompleted(String itemId, String transcript, long audioStartMs, long audioEndMs);

    /** A response started (the agent was asked). */
    void responseCreated(String responseId, long epoch, String userItemId);

    /** Text whose audio starts playing now ({@code response.audio_transcript.delta}). */
    void responseTextDelta(String responseId, String delta);

    /** Agent audio to send, 16 kHz mono PCM16, paced to real time with a small lead. */
    void responseAudio(String responseId, short[] pcm);

    /** A response ended: played to the end, cancelled (barge-in / client) or failed. */
    void responseDone(ResponseSummary summary);

    /** User sound while the agent is busy: a possible interruption; the agent goes on. */
    default void bargeInCandidate(String itemId, long audioStartMs) {}

    /** The candidate was a backchannel or noise; the agent went on. */
    default void bargeInRejected(String itemId, String transcript) {}

    /**
     * The candidate was confirmed (on {@code transcript}, the words so far): playback stopped, queued synthesis
     * dropped, generation cancelled.
     */
    default void bargeInConfirmed(
            String itemId, String transcript, String responseId, long epoch, String heardText, long playedMs) {}

    /** Something went wrong that the client should know about; the session goes on. */
    void error(String code, String message);

    /**
     * How a response ended.
     *
     * @param responseId           {@code resp_…}
     * @param epoch                the response's number in the session (1, 2, …)
     * @param status               {@code completed}, {@code cancelled} or {@code failed}
     * @param reason               for cancelled: {@code turn_detected} (barge-in) or {@code client_cancelled}; for
     *                             failed: the error; otherwise null
     * @param fullText             everything the agent generated
     * @param heardText            the text of the audio actually played (all of it when completed)
     * @param playedMs             audio played, in milliseconds
     * @param outputStartMs        where the response's audio starts in the session's output timeline
     * @param turnEndToFirstAudioMs from the end-of-turn decision to the first audio sent, or -1 when none was sent
     * @param timings              milliseconds from the end-of-turn decision to: the final transcript, the agent's
     *                             first text, the first synthesised segment (-1 when it did not happen)
     */
    record ResponseSummary(
            String responseId,
            long epoch,
            String status,
            String reason,
            String fullText,
            String heardText,
            long playedMs,
            long outputStartMs,
            long turnEndToFirstAudioMs,
            Timings timings) {}

    /**
     * Where the time between the end of the user's turn and the first audio went.
     *
     * @param finalTranscriptMs turn end → final transcript (recognition backlog + final pass)
     * @param agentFirstTextMs  turn end → the agent's first text
     * @param firstSegmentMs    turn end → first synthesised segment ready
     */
    record Timings(long finalTranscriptMs, long agentFirstTextMs, long firstSegmentMs) {}
}

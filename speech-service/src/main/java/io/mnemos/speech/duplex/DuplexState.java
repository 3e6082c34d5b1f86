package io.mnemos.speech.duplex;

/**
 * States of a voice session (SPEC §9.4). Freeze-Omni's dialogue states map as: {@code sl}/{@code cl} = user speech
 * ({@link #USER_SPEAKING}, or {@link #CANDIDATE_BARGE_IN} while the agent talks), {@code ss} = end of the user's turn
 * ({@link #THINKING}), {@code cs} = {@link #SPEAKING}, {@code el} = a rejected candidate (back to {@code SPEAKING}).
 */
public enum DuplexState {
    /** Nobody speaks; waiting for the user's voice. */
    LISTENING,
    /** The user has the turn; audio goes to recognition. */
    USER_SPEAKING,
    /** The user's turn ended; the agent is generating, no audio out yet. */
    THINKING,
    /** Agent audio is playing. */
    SPEAKING,
    /** The user made a sound while the agent was thinking or speaking; the agent goes on until it is confirmed. */
    CANDIDATE_BARGE_IN,
    /** The session is over. */
    CLOSED
}

package io.mnemos.speech.agent;

/**
 * The conversational agent behind a voice session: sends the user's final transcript as a turn and streams the
 * response text back.
 *
 * <p>Edge cases: deltas arrive in order on a client thread and concatenate to the full response; exactly one of
 * {@link AgentListener#onComplete()} or {@link AgentListener#onError(Throwable)} ends a response that was not cancelled;
 * after {@link AgentResponse#cancel()} the listener may still see calls already in flight, which callers ignore (the
 * duplex session tags every response with an epoch). Implementations are thread-safe.
 */
public interface AgentClient {

    /** Starts a response to {@code request}; returns at once. */
    AgentResponse respond(AgentRequest request, AgentListener listener);

    /** Receives a response as it is produced. */
    interface AgentListener {
        /** More response text (may be a word, a sentence or the whole answer). */
        void onDelta(String text);

        /** The response is complete. */
        void onComplete();

        /** The response failed. */
        void onError(Throwable error);
    }

    /** A running response. */
    interface AgentResponse {
        /** Stops the generation (idempotent). */
        void cancel();
    }
}

package io.mnemos.orchestrator.llm;

/** Why generation ended. */
public enum FinishReason {
    /** The model ended its answer (stop or end-of-sequence token). */
    STOP,
    /** The token limit (or the model's context) was reached. */
    LENGTH,
    /** The caller cancelled the stream; the text is what was generated until then. */
    CANCELLED,
    /** Anything else the provider reported (content filter, tool call, ...). */
    OTHER
}

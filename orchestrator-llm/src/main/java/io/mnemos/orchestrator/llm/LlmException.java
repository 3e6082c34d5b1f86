package io.mnemos.orchestrator.llm;

/** A failure already classified, thrown inside the client (timeouts, runner errors) and unwrapped into its failure. */
final class LlmException extends RuntimeException {
    private final LlmFailure failure;

    LlmException(LlmFailure failure) {
        super(failure.message(), null, false, false);
        this.failure = failure;
    }

    LlmException(LlmFailure failure, Throwable cause) {
        super(failure.message(), cause, false, false);
        this.failure = failure;
    }

    LlmFailure failure() {
        return failure;
    }
}

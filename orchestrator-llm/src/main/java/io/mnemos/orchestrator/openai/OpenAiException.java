package io.mnemos.orchestrator.openai;

import org.jspecify.annotations.Nullable;

/**
 * A request error answered with OpenAI's error object ({@code {"error":{"message","type","param","code"}}}) instead
 * of problem+json: OpenAI clients parse that shape and show its message.
 */
final class OpenAiException extends RuntimeException {
    final int status;
    final String type;
    final @Nullable String param;
    final String code;

    OpenAiException(int status, String type, @Nullable String param, String code, String message) {
        super(message);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
    }

    static OpenAiException invalid(@Nullable String param, String code, String message) {
        return new OpenAiException(400, "invalid_request_error", param, code, message);
    }

    /** The body OpenAI sends for errors. */
    record ErrorBody(Detail error) {
        record Detail(String message, String type, @Nullable String param, String code) {}
    }

    ErrorBody body() {
        return new ErrorBody(new ErrorBody.Detail(getMessage(), type, param, code));
    }
}

package io.mnemos.orchestrator.llm;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import java.util.Objects;

/**
 * Why the LLM gave no (complete) answer, for the turn's trace and for the retry and breaker decisions.
 *
 * @param kind      the class of failure
 * @param message   one line for humans (no secrets: provider messages are cut to 300 characters)
 * @param retriable whether the same request may succeed if sent again (connection failures, timeouts, 429, 5xx)
 * @param status    HTTP status when the provider answered with one, else 0
 */
public record LlmFailure(Kind kind, String message, boolean retriable, int status) {

    /** The classes of failure. */
    public enum Kind {
        /** {@code mnemos.llm.provider=none}: no LLM is configured. */
        NOT_CONFIGURED(false, false),
        /** The circuit breaker is open after repeated failures: the LLM is not called until it half-opens. */
        CIRCUIT_OPEN(false, false),
        /** No answer (or no next token) within the timeout. */
        TIMEOUT(true, true),
        /** The server could not be reached (connection refused or reset, unknown host). */
        CONNECT(true, true),
        /** HTTP 429. */
        RATE_LIMITED(true, true),
        /** HTTP 5xx. */
        SERVER_ERROR(true, true),
        /** HTTP 401/403: the API key is wrong; every call will fail the same way. */
        UNAUTHORIZED(false, true),
        /** HTTP 404: usually an unknown model name. */
        NOT_FOUND(false, true),
        /** Other HTTP 4xx: this request was refused (too long, invalid); other requests may pass. */
        REJECTED(false, false),
        /** The server answered something that is not the protocol (garbage JSON, missing fields). */
        BAD_RESPONSE(false, true),
        /** The provider could not be created or the local runner failed (missing model directory, ...). */
        PROVIDER_ERROR(false, true),
        /** The calling thread was interrupted (the turn was abandoned): says nothing about the LLM. */
        INTERRUPTED(false, false);

        private final boolean retriable;
        private final boolean countsAgainstBreaker;

        Kind(boolean retriable, boolean countsAgainstBreaker) {
            this.retriable = retriable;
            this.countsAgainstBreaker = countsAgainstBreaker;
        }

        /** Whether this kind of failure says the LLM itself is unhealthy (so it feeds the circuit breaker). */
        public boolean countsAgainstBreaker() {
            return countsAgainstBreaker;
        }

        /** The lower-case name used in metrics and traces. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public LlmFailure {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    static LlmFailure of(Kind kind, String message) {
        return new LlmFailure(kind, message, kind.retriable, 0);
    }

    /**
     * Classifies an exception thrown by a provider (LangChain4j's mapped exceptions, JDK HTTP client errors, JSON
     * errors) by walking its causes.
     */
    public static LlmFailure classify(Throwable error) {
        Throwable top = unwrap(error);
        String msg = describe(top);
        // LangChain4j wraps the HTTP error in its own class (InvalidRequestException, ...): the status decides.
        for (Throwable t = top; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof LlmException e) {
                return e.failure();
            }
            if (t instanceof HttpException http) {
                return fromStatus(http.statusCode(), describe(http));
            }
        }
        for (Throwable t = top; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RateLimitException) {
                return fromStatus(429, msg);
            }
            if (t instanceof AuthenticationException) {
                return new LlmFailure(Kind.UNAUTHORIZED, msg, false, 0);
            }
            if (t instanceof ModelNotFoundException) {
                return new LlmFailure(Kind.NOT_FOUND, msg, false, 0);
            }
            if (t instanceof InternalServerException) {
                return new LlmFailure(Kind.SERVER_ERROR, msg, true, 0);
            }
            if (t instanceof dev.langchain4j.exception.TimeoutException
                    || t instanceof HttpTimeoutException
                    || t instanceof SocketTimeoutException
                    || t instanceof java.util.concurrent.TimeoutException) {
                // HttpConnectTimeoutException is an HttpTimeoutException: a connect timeout is a timeout, retriable.
                return new LlmFailure(
                        t instanceof HttpConnectTimeoutException ? Kind.CONNECT : Kind.TIMEOUT, msg, true, 0);
            }
            if (t instanceof ConnectException
                    || t instanceof UnresolvedAddressException
                    || t instanceof UnresolvedModelServerException
                    || t instanceof java.nio.channels.ClosedChannelException
                    || (t instanceof java.io.IOException io && isConnectionReset(io))) {
                return new LlmFailure(Kind.CONNECT, msg, true, 0);
            }
            if (t instanceof InvalidRequestException) {
                return new LlmFailure(Kind.REJECTED, msg, false, 0);
            }
            if (isJsonError(t)) {
                return new LlmFailure(Kind.BAD_RESPONSE, "unreadable response from the LLM: " + describe(t), false, 0);
            }
        }
        return new LlmFailure(Kind.PROVIDER_ERROR, msg, false, 0);
    }

    private static LlmFailure fromStatus(int status, String msg) {
        Kind kind;
        if (status == 429) {
            kind = Kind.RATE_LIMITED;
        } else if (status == 408) {
            kind = Kind.TIMEOUT;
        } else if (status >= 500) {
            kind = Kind.SERVER_ERROR;
        } else if (status == 401 || status == 403) {
            kind = Kind.UNAUTHORIZED;
        } else if (status == 404) {
            kind = Kind.NOT_FOUND;
        } else {
            kind = Kind.REJECTED;
        }
        return new LlmFailure(kind, "HTTP " + status + ": " + msg, kind.retriable, status);
    }

    private static boolean isJsonError(Throwable t) {
        String name = t.getClass().getName();
        // Jackson 2 (LangChain4j's) and Jackson 3 parse and mapping errors.
        return name.startsWith("com.fasterxml.jackson.core.")
                || name.startsWith("com.fasterxml.jackson.databind.")
                || name.startsWith("tools.jackson.");
    }

    private static boolean isConnectionReset(java.io.IOException e) {
        String m = e.getMessage();
        return m != null
                && (m.contains("Connection reset")
                        || m.contains("connection closed")
                        || m.contains("Broken pipe")
                        || m.contains("EOF reached while reading"));
    }

    private static Throwable unwrap(Throwable t) {
        Throwable cur = t;
        while ((cur instanceof java.util.concurrent.ExecutionException
                        || cur instanceof java.util.concurrent.CompletionException
                        || cur instanceof UncheckedIOException)
                && cur.getCause() != null) {
            cur = cur.getCause();
        }
        return cur;
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        String s = t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m.strip());
        s = s.replaceAll("\\s+", " ");
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}

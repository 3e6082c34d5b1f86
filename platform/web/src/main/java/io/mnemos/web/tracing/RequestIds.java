package io.mnemos.web.tracing;

import io.mnemos.contracts.Ids;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/** Names and helpers for request and trace ids. */
public final class RequestIds {
    /** Header carrying the request id, in both directions. */
    public static final String HEADER = "X-Request-Id";
    /** W3C Trace Context header. */
    public static final String TRACEPARENT_HEADER = "traceparent";
    /** MDC key of the request id. */
    public static final String MDC_REQUEST_ID = "requestId";
    /** MDC key of the trace id (W3C trace id, or the request id when the request has no trace context). */
    public static final String MDC_TRACE_ID = "traceId";
    /** Request attribute holding the request id (also during error dispatches). */
    public static final String REQUEST_ID_ATTRIBUTE = RequestIds.class.getName() + ".requestId";
    /** Request attribute holding the trace id. */
    public static final String TRACE_ID_ATTRIBUTE = RequestIds.class.getName() + ".traceId";
    /** Longest request id accepted from a client. */
    public static final int MAX_LENGTH = 128;

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LENGTH + "}");
    private static final Pattern TRACEPARENT =
            Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");
    private static final String INVALID_TRACE_ID = "0".repeat(32);

    private RequestIds() {}

    /** Whether a client-supplied request id is acceptable: 1 to 128 of {@code [A-Za-z0-9._-]}. */
    public static boolean isValid(@Nullable String requestId) {
        return requestId != null && VALID.matcher(requestId).matches();
    }

    /**
     * The trace id of a W3C {@code traceparent} header ({@code version-traceid-parentid-flags}), if the header is
     * well-formed: version not {@code ff}, trace id not all zeros.
     */
    public static Optional<String> traceIdOf(@Nullable String traceparent) {
        if (traceparent == null) {
            return Optional.empty();
        }
        var m = TRACEPARENT.matcher(traceparent.trim());
        if (!m.matches() || "ff".equals(m.group(1)) || INVALID_TRACE_ID.equals(m.group(2))) {
            return Optional.empty();
        }
        // Version 00 has exactly four fields; later versions may append more.
        if ("00".equals(m.group(1)) && m.group(5) != null) {
            return Optional.empty();
        }
        return Optional.of(m.group(2));
    }

    /** The request id of a request ({@link RequestIdFilter} sets it), else the one in the MDC, else null. */
    public static @Nullable String of(HttpServletRequest request) {
        Object id = request.getAttribute(REQUEST_ID_ATTRIBUTE);
        return id instanceof String s ? s : MDC.get(MDC_REQUEST_ID);
    }

    /**
     * The request id of a request, assigning one if it has none yet: the client's {@value #HEADER} if {@link
     * #isValid valid}, else a new UUIDv7. Kept in {@link #REQUEST_ID_ATTRIBUTE}.
     */
    public static String assign(HttpServletRequest request) {
        if (request.getAttribute(REQUEST_ID_ATTRIBUTE) instanceof String id) {
            return id;
        }
        String presented = request.getHeader(HEADER);
        String id = isValid(presented) ? presented : Ids.newId().toString();
        request.setAttribute(REQUEST_ID_ATTRIBUTE, id);
        return id;
    }

    /** The request id of the request being handled on this thread, from the MDC. */
    public static Optional<String> current() {
        return Optional.ofNullable(MDC.get(MDC_REQUEST_ID));
    }

    /** The trace id of the request being handled on this thread, from the MDC. */
    public static Optional<String> currentTraceId() {
        return Optional.ofNullable(MDC.get(MDC_TRACE_ID));
    }
}

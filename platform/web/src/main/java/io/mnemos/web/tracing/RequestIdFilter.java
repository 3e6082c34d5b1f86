package io.mnemos.web.tracing;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Assigns every request an id and a trace id, echoes the request id in the {@value RequestIds#HEADER} response
 * header and binds both to the SLF4J MDC ({@value RequestIds#MDC_REQUEST_ID}, {@value RequestIds#MDC_TRACE_ID}) while
 * the request is handled, restoring the previous values afterwards.
 *
 * <p>A client's {@code X-Request-Id} is kept if it is 1 to 128 of {@code [A-Za-z0-9._-]}; otherwise a UUIDv7 is
 * generated. The trace id is the one of a valid W3C {@code traceparent} header, else the request id. If a tracer
 * (Micrometer Tracing) already put a {@code traceId} in the MDC, that one is kept. Also runs on async and error
 * dispatches so that their logs and {@code /error} responses carry the same ids.
 */
public class RequestIdFilter extends OncePerRequestFilter {
    /** Runs before every other Mnemos filter. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = RequestIds.assign(request);
        String traceId = attribute(request, RequestIds.TRACE_ID_ATTRIBUTE);
        if (traceId == null) {
            traceId = RequestIds.traceIdOf(request.getHeader(RequestIds.TRACEPARENT_HEADER))
                    .orElse(requestId);
            request.setAttribute(RequestIds.TRACE_ID_ATTRIBUTE, traceId);
        }
        if (!response.containsHeader(RequestIds.HEADER)) {
            response.setHeader(RequestIds.HEADER, requestId);
        }
        String previousRequestId = MDC.get(RequestIds.MDC_REQUEST_ID);
        String previousTraceId = MDC.get(RequestIds.MDC_TRACE_ID);
        MDC.put(RequestIds.MDC_REQUEST_ID, requestId);
        if (previousTraceId == null) {
            MDC.put(RequestIds.MDC_TRACE_ID, traceId);
        }
        try {
            chain.doFilter(request, response);
        } finally {
            restore(RequestIds.MDC_REQUEST_ID, previousRequestId);
            restore(RequestIds.MDC_TRACE_ID, previousTraceId);
        }
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    private static @Nullable String attribute(HttpServletRequest request, String name) {
        return request.getAttribute(name) instanceof String s ? s : null;
    }

    private static void restore(String key, @Nullable String previous) {
        if (previous == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, previous);
        }
    }
}

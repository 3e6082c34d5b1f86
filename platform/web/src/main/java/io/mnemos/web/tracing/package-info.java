/**
 * Request and trace ids. {@link io.mnemos.web.tracing.RequestIdFilter} runs first: it takes the caller's
 * {@code X-Request-Id} (if valid) or generates a UUIDv7, echoes it on the response, and puts it in the SLF4J MDC as
 * {@code requestId}; the trace id of a W3C {@code traceparent} header (or else the request id) goes to the MDC as
 * {@code traceId}, which the messaging module copies into the events a request causes. Problems carry the request id
 * so a client can quote it.
 */
package io.mnemos.web.tracing;

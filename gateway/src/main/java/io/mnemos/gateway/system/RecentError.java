package io.mnemos.gateway.system;

import java.time.Instant;

/**
 * One failed response (status 500 or above) of this gateway instance: proxied from a service, or the gateway's own
 * (timeout 504, service unreachable 502/503). The path never includes the query string, and nothing of the
 * credentials is kept.
 *
 * @param time      when the response was completed
 * @param requestId the request id ({@code X-Request-Id})
 * @param tenant    the caller's tenant, {@code null} if the request was not authenticated
 * @param route     the gateway route (the service behind it, e.g. {@code memory}), or {@code admin}, {@code
 *                  unrouted}, …
 * @param method    HTTP method
 * @param path      request path without the query string
 * @param status    HTTP status sent to the client
 * @param title     the problem's {@code title}, if the body was small problem+json
 * @param detail    the problem's {@code detail}, if the body was small problem+json
 */
public record RecentError(
        Instant time,
        String requestId,
        String tenant,
        String route,
        String method,
        String path,
        int status,
        String title,
        String detail) {}

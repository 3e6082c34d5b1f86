package io.mnemos.gateway.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.mnemos.contracts.Ids;
import io.mnemos.contracts.identity.Identity;
import io.mnemos.gateway.system.FailedResponseCapture.ProblemText;
import io.mnemos.gateway.system.RecentError;
import io.mnemos.gateway.system.RecentErrors;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What the gateway keeps of each finished request, whichever path served it ({@link AccessLogFilter} or the fast
 * proxy): one access-log line (logger {@code io.mnemos.gateway.access}: method, path, status, duration, route, tenant,
 * principal — the key id, never the key), the timer {@code mnemos.gateway.requests} tagged by route, tenant, method and
 * status, and for status 500 or above an entry in {@link RecentErrors}.
 */
@Component
public class RequestLog {
    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    private static final Logger access = LoggerFactory.getLogger("io.mnemos.gateway.access");
    private static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private final MeterRegistry meters;
    // Looked up once per combination: building and registering a timer per request was a visible share of its CPU.
    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();
    private final RecentErrors recentErrors;
    private final Clock clock;

    public RequestLog(MeterRegistry meters, RecentErrors recentErrors, Clock clock) {
        this.meters = meters;
        this.recentErrors = recentErrors;
        this.clock = clock;
    }

    private record TimerKey(String route, String tenant, String method, int status) {}

    /** Milliseconds with one decimal, as String.format("%.1f") would print them, at a fraction of its cost. */
    static String millis(long nanos) {
        long tenths = (nanos + 50_000) / 100_000;
        return (tenths / 10) + "." + (tenths % 10);
    }

    /** The request's id: the client's {@code X-Request-Id} when it is a plain token, else a new UUIDv7. */
    public static String requestId(String presented) {
        return presented != null && VALID_ID.matcher(presented).matches()
                ? presented
                : Ids.newId().toString();
    }

    /**
     * Records a finished request.
     *
     * @param id      the caller, {@code null} if not authenticated
     * @param path    the path without the query string
     * @param status  what the client got (499 when it went away first, as nginx logs it)
     * @param problem title and detail of a failed response's problem body, for {@link RecentErrors}
     */
    public void record(
            String method,
            String path,
            int status,
            long nanos,
            String route,
            Identity id,
            String requestId,
            ProblemText problem) {
        String tenant = id == null ? "-" : id.tenant();
        String principal = id == null ? "-" : id.principal();
        timers.computeIfAbsent(
                        new TimerKey(route, tenant, method, status), k -> Timer.builder("mnemos.gateway.requests")
                                .description("Requests through the gateway, by route, tenant, method and status")
                                .tag("route", k.route())
                                .tag("tenant", k.tenant())
                                .tag("method", k.method())
                                .tag("status", Integer.toString(k.status()))
                                .register(meters))
                .record(nanos, TimeUnit.NANOSECONDS);
        if (status >= 500) {
            recentErrors.add(new RecentError(
                    clock.instant(),
                    requestId,
                    id == null ? null : id.tenant(),
                    route,
                    method,
                    path,
                    status,
                    problem.title(),
                    problem.detail()));
        }
        if (access.isInfoEnabled()) {
            access.info(
                    "{} {} {} {}ms route={} tenant={} principal={} requestId={}",
                    method,
                    path,
                    status,
                    millis(nanos),
                    route,
                    tenant,
                    principal,
                    requestId);
        }
    }
}

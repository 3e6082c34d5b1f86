package io.mnemos.gateway.problem;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.PrematureCloseException;

/** Every error the gateway itself raises (no route, upstream down, bugs) becomes problem+json without a stack trace. */
@Component
@Order(-2)
public class ProblemErrorHandler implements WebExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemErrorHandler.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        return Problems.write(exchange, toProblem(exchange, ex), Map.of());
    }

    /**
     * Spring's own detail only where it is about the request line (method, media type); other details (e.g. header
     * validation by the proxy) may quote request headers, including the signed identity, so they are not echoed.
     */
    private static String detail(ErrorResponse e, String path) {
        int status = e.getStatusCode().value();
        String detail = e.getBody().getDetail();
        if ((status == 405 || status == 406 || status == 415) && detail != null && detail.length() < 300) {
            return detail;
        }
        return "The request to " + path + " could not be processed (HTTP " + status
                + "); check its method, headers and body.";
    }

    /** The problem a failure is answered with; unexpected failures are logged with their stack trace. */
    public static ProblemDetail toProblem(ServerWebExchange exchange, Throwable ex) {
        return toProblem(exchange.getRequest().getPath().value(), ex);
    }

    /** The problem a failure on a request for {@code path} is answered with. */
    public static ProblemDetail toProblem(String path, Throwable ex) {
        ProblemDetail problem;
        if (ex instanceof ErrorResponse rse) {
            HttpStatusCode status = rse.getStatusCode();
            if (status.value() == 404) {
                problem = Problems.of(
                        status,
                        "not-found",
                        "Not found",
                        "No API at " + path + ". See /swagger-ui.html for the available endpoints.");
            } else if (status.value() == 504) {
                problem = aboutService(
                        path,
                        status,
                        "upstream-timeout",
                        "Gateway timeout",
                        "did not answer in time (mnemos.gateway.timeouts); retry, or ask for less.");
            } else if (status.value() == 503 || status.value() == 502) {
                problem = unreachable(path, status);
            } else {
                problem = Problems.of(
                        status,
                        "http-" + status.value(),
                        HttpStatus.resolve(status.value()) != null
                                ? HttpStatus.resolve(status.value()).getReasonPhrase()
                                : "Error",
                        detail(rse, path));
            }
        } else if (ex instanceof java.net.ConnectException
                || ex.getCause() instanceof java.net.ConnectException
                || ex.getClass().getName().contains("ConnectException")) {
            problem = unreachable(path, HttpStatus.SERVICE_UNAVAILABLE);
        } else if (ex instanceof PrematureCloseException) {
            // The service closed a pooled connection while the request was on its way: not the client's fault and
            // not a gateway bug. Seen under heavy stream-cancelling load; logged without a stack trace.
            log.warn("Service behind {} closed the connection before answering: {}", path, ex.getMessage());
            problem = aboutService(
                    path,
                    HttpStatus.BAD_GATEWAY,
                    "upstream-closed",
                    "Bad gateway",
                    "closed the connection before answering; retry the request.");
        } else {
            log.error("Unexpected gateway error on {}", path, ex);
            problem = Problems.of(
                    HttpStatus.INTERNAL_SERVER_ERROR,
                    "internal-error",
                    "Internal error",
                    "Something went wrong in the gateway; the request id identifies it in the logs.");
        }
        return problem;
    }

    private static ProblemDetail unreachable(String path, HttpStatusCode status) {
        return aboutService(
                path,
                status,
                "service-unavailable",
                "Service unavailable",
                "is not reachable right now; retry shortly.");
    }

    /** A problem with the service behind the request's path: "The service behind /v1/… {@code what}". */
    private static ProblemDetail aboutService(
            String path, HttpStatusCode status, String type, String title, String what) {
        return Problems.of(status, type, title, "The service behind " + path + " " + what);
    }
}

package io.mnemos.gateway.problem;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/** Every error the gateway itself raises (no route, upstream down, bugs) becomes problem+json without a stack trace. */
@Component
@Order(-2)
class ProblemErrorHandler implements WebExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemErrorHandler.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        ProblemDetail problem;
        if (ex instanceof ResponseStatusException rse) {
            HttpStatusCode status = rse.getStatusCode();
            if (status.value() == 404) {
                problem = Problems.of(
                        status,
                        "not-found",
                        "Not found",
                        "No API at " + exchange.getRequest().getPath().value()
                                + ". See /swagger-ui.html for the available endpoints.");
            } else if (status.value() == 503 || status.value() == 502 || status.value() == 504) {
                problem = Problems.of(
                        status,
                        "service-unavailable",
                        "Service unavailable",
                        "The service behind " + exchange.getRequest().getPath().value()
                                + " is not reachable right now; retry shortly.");
            } else {
                problem = Problems.of(
                        status,
                        "http-" + status.value(),
                        HttpStatus.resolve(status.value()) != null
                                ? HttpStatus.resolve(status.value()).getReasonPhrase()
                                : "Error",
                        rse.getReason() != null ? rse.getReason() : "Request failed with status " + status.value());
            }
        } else if (ex instanceof java.net.ConnectException
                || ex.getCause() instanceof java.net.ConnectException
                || ex.getClass().getName().contains("ConnectException")) {
            problem = Problems.of(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "service-unavailable",
                    "Service unavailable",
                    "The service behind " + exchange.getRequest().getPath().value()
                            + " is not reachable right now; retry shortly.");
        } else {
            log.error("Unexpected gateway error on {}", exchange.getRequest().getPath(), ex);
            problem = Problems.of(
                    HttpStatus.INTERNAL_SERVER_ERROR,
                    "internal-error",
                    "Internal error",
                    "Something went wrong in the gateway; the request id identifies it in the logs.");
        }
        return Problems.write(exchange, problem, Map.of());
    }
}

package io.mnemos.gateway.problem;

import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Errors the dispatcher raises for the gateway's own handlers (no handler for a path, method not allowed, unsupported
 * media type, missing static file) in the same problem+json shape as the filters use. Runs after the admin API's own
 * advice.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class LocalProblemAdvice {
    @ExceptionHandler({ErrorResponseException.class, ResponseStatusException.class})
    ResponseEntity<Map<String, Object>> errorResponse(Exception e, ServerWebExchange exchange) {
        ProblemDetail p = ProblemErrorHandler.toProblem(exchange, e);
        Problems.decorate(exchange, p);
        return ResponseEntity.status(p.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.toMap(p));
    }
}

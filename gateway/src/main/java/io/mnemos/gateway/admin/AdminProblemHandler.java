package io.mnemos.gateway.admin;

import io.mnemos.contracts.text.NulCharacters;
import io.mnemos.contracts.text.NulCharacters.NulCharacterException;
import io.mnemos.gateway.problem.Problems;
import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

/** problem+json for the admin API: validation errors name each field; other bad input says what was wrong. */
@RestControllerAdvice(basePackageClasses = AdminController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class AdminProblemHandler {

    @ExceptionHandler(AdminProblem.class)
    ResponseEntity<Map<String, Object>> problem(AdminProblem e, ServerWebExchange exchange) {
        return respond(Problems.of(e.status, e.slug, e.title, e.getMessage()), exchange);
    }

    @ExceptionHandler(WebExchangeBindException.class)
    ResponseEntity<Map<String, Object>> invalid(WebExchangeBindException e, ServerWebExchange exchange) {
        List<Map<String, String>> errors = e.getFieldErrors().stream()
                .map(f -> Map.of("field", f.getField(), "message", message(f)))
                .toList();
        ProblemDetail p = Problems.of(
                HttpStatus.BAD_REQUEST,
                "validation-failed",
                "Invalid request",
                "The request body is invalid: "
                        + String.join(
                                "; ",
                                errors.stream()
                                        .map(m -> m.get("field") + " " + m.get("message"))
                                        .toList())
                        + ".");
        p.setProperty("errors", errors);
        return respond(p, exchange);
    }

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<Map<String, Object>> unreadable(ServerWebInputException e, ServerWebExchange exchange) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof NulCharacterException nul) {
                ProblemDetail p = Problems.of(
                        HttpStatus.BAD_REQUEST,
                        "invalid-field",
                        "Invalid field",
                        "Field '" + nul.field() + "' " + NulCharacters.MESSAGE + ". Fix it and retry.");
                p.setProperty("errors", List.of(Map.of("field", nul.field(), "message", NulCharacters.MESSAGE)));
                return respond(p, exchange);
            }
        }
        String detail = e.getMostSpecificCause() != null && e.getMostSpecificCause() != e
                ? firstLine(e.getMostSpecificCause().getMessage())
                : e.getReason();
        return respond(
                Problems.of(
                        HttpStatus.BAD_REQUEST,
                        "malformed-request",
                        "Malformed request",
                        "The request could not be read: " + detail),
                exchange);
    }

    private static String message(FieldError f) {
        return f.getDefaultMessage() == null ? "is invalid" : f.getDefaultMessage();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "invalid input";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    private static ResponseEntity<Map<String, Object>> respond(ProblemDetail p, ServerWebExchange exchange) {
        Problems.decorate(exchange, p);
        return ResponseEntity.status(p.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.toMap(p));
    }
}

package io.mnemos.gateway.admin;

import io.mnemos.contracts.json.JsonErrors;
import io.mnemos.contracts.text.NulCharacters;
import io.mnemos.contracts.text.NulCharacters.NulCharacterException;
import io.mnemos.gateway.problem.Problems;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.beans.TypeMismatchException;
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
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

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

    /**
     * Unreadable input: a body that is not JSON, has an unknown field or a value of the wrong form, or a path
     * variable of the wrong form. The detail names the field and the expected form; it never quotes the parser.
     */
    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<Map<String, Object>> unreadable(ServerWebInputException e, ServerWebExchange exchange) {
        return respond(unreadable(e), exchange);
    }

    static ProblemDetail unreadable(ServerWebInputException e) {
        if (find(e, NulCharacterException.class) instanceof NulCharacterException nul) {
            ProblemDetail p = Problems.of(
                    HttpStatus.BAD_REQUEST,
                    "invalid-field",
                    "Invalid field",
                    "Field '" + nul.field() + "' " + NulCharacters.MESSAGE + ". Fix it and retry.");
            p.setProperty("errors", List.of(Map.of("field", nul.field(), "message", NulCharacters.MESSAGE)));
            return p;
        }
        if (find(e, TypeMismatchException.class) instanceof TypeMismatchException mismatch) {
            String name =
                    e.getMethodParameter() != null && e.getMethodParameter().getParameterName() != null
                            ? e.getMethodParameter().getParameterName()
                            : mismatch.getPropertyName();
            return malformed(
                    name,
                    "must be " + JsonErrors.expected(mismatch.getRequiredType()) + ", got "
                            + quote(mismatch.getValue()),
                    "Fix it in the path and retry.");
        }
        if (find(e, UnrecognizedPropertyException.class) instanceof UnrecognizedPropertyException unknown) {
            String accepted = unknown.getKnownPropertyIds() == null
                    ? ""
                    : unknown.getKnownPropertyIds().stream()
                            .map(String::valueOf)
                            .sorted()
                            .collect(Collectors.joining(", "));
            return malformed(
                    JsonErrors.path(unknown),
                    "is not a known field; the accepted fields are: " + accepted,
                    "Remove it or fix its name.");
        }
        if (find(e, StreamReadException.class) instanceof StreamReadException syntax) {
            String at = JsonErrors.location(syntax);
            return Problems.of(
                    HttpStatus.BAD_REQUEST,
                    "malformed-request",
                    "Malformed request",
                    "The request body is not valid JSON: " + JsonErrors.reason(syntax)
                            + (at.isEmpty() ? "" : " at " + at) + ". Fix the syntax and retry.");
        }
        if (find(e, MismatchedInputException.class) instanceof MismatchedInputException mismatch
                && !JsonErrors.path(mismatch).isEmpty()) {
            return malformed(
                    JsonErrors.path(mismatch),
                    "must be " + JsonErrors.expected(mismatch.getTargetType())
                            + (mismatch instanceof InvalidFormatException bad ? ", got " + quote(bad.getValue()) : ""),
                    "Fix it and retry.");
        }
        if (find(e, JacksonException.class) instanceof JacksonException other
                && !JsonErrors.path(other).isEmpty()) {
            return malformed(JsonErrors.path(other), "is not of the expected form", "Fix it and retry.");
        }
        return Problems.of(
                HttpStatus.BAD_REQUEST,
                "malformed-request",
                "Malformed request",
                find(e, JacksonException.class) != null
                        ? "The request body is not the expected JSON object; see /v3/api-docs for its fields."
                        : "The request body is missing or unreadable: send a JSON object with 'Content-Type:"
                                + " application/json' (see /v3/api-docs for its fields).");
    }

    /** A 400 {@code malformed-request} naming the field (body field or path variable) and what it must be. */
    private static ProblemDetail malformed(String field, String message, String todo) {
        ProblemDetail p = Problems.of(
                HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request", field + " " + message + ". " + todo);
        p.setProperty("errors", List.of(Map.of("field", field, "message", message)));
        return p;
    }

    private static String quote(Object value) {
        String v = String.valueOf(value);
        v = v.length() > 100 ? v.substring(0, 100) + "…" : v;
        return "'" + v.replaceAll("\\p{Cntrl}", "?") + "'";
    }

    private static Throwable find(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        return null;
    }

    private static String message(FieldError f) {
        return f.getDefaultMessage() == null ? "is invalid" : f.getDefaultMessage();
    }

    private static ResponseEntity<Map<String, Object>> respond(ProblemDetail p, ServerWebExchange exchange) {
        Problems.decorate(exchange, p);
        return ResponseEntity.status(p.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.toMap(p));
    }
}

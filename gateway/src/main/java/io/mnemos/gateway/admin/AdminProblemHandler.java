package io.mnemos.gateway.admin;

import io.mnemos.contracts.text.NulCharacters;
import io.mnemos.contracts.text.NulCharacters.NulCharacterException;
import io.mnemos.gateway.problem.Problems;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import tools.jackson.core.TokenStreamLocation;
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
                    "must be " + describe(mismatch.getRequiredType()) + ", got " + quote(mismatch.getValue()),
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
                    NulCharacters.path(unknown),
                    "is not a known field; the accepted fields are: " + accepted,
                    "Remove it or fix its name.");
        }
        if (find(e, StreamReadException.class) instanceof StreamReadException syntax) {
            TokenStreamLocation at = syntax.getLocation();
            String where = at == null || at.getLineNr() < 0
                    ? ""
                    : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            return Problems.of(
                    HttpStatus.BAD_REQUEST,
                    "malformed-request",
                    "Malformed request",
                    "The request body is not valid JSON: " + syntaxError(syntax.getOriginalMessage()) + where
                            + ". Fix the syntax and retry.");
        }
        if (find(e, MismatchedInputException.class) instanceof MismatchedInputException mismatch
                && !NulCharacters.path(mismatch).isEmpty()) {
            return malformed(
                    NulCharacters.path(mismatch),
                    "must be " + describe(mismatch.getTargetType())
                            + (mismatch instanceof InvalidFormatException bad ? ", got " + quote(bad.getValue()) : ""),
                    "Fix it and retry.");
        }
        if (find(e, JacksonException.class) instanceof JacksonException other
                && !NulCharacters.path(other).isEmpty()) {
            return malformed(NulCharacters.path(other), "is not of the expected form", "Fix it and retry.");
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

    /** What a client should send for a type, in words. */
    static String describe(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == UUID.class) {
            return "a UUID (e.g. 0190f1c2-7a4b-7c3d-8e9f-0a1b2c3d4e5f)";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 timestamp (e.g. 2027-01-31T00:00:00Z)";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    /** The parser's complaint without the location it appends (given separately, by line and column). */
    static String syntaxError(String message) {
        String line = firstLine(message);
        int marker = line.indexOf(" (start marker at ");
        if (marker >= 0) {
            line = line.substring(0, marker);
        }
        int source = line.indexOf(" at [Source:");
        if (source >= 0) {
            line = line.substring(0, source);
        }
        return line;
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

    private static String firstLine(String s) {
        if (s == null) {
            return "syntax error";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    private static ResponseEntity<Map<String, Object>> respond(ProblemDetail p, ServerWebExchange exchange) {
        Problems.decorate(exchange, p);
        return ResponseEntity.status(p.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.toMap(p));
    }
}

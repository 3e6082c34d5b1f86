package io.mnemos.web.problem;

import io.mnemos.contracts.json.JsonErrors;
import io.mnemos.contracts.text.NulCharacters;
import io.mnemos.contracts.text.NulCharacters.NulCharacterException;
import io.mnemos.web.limits.RequestBodyTooLargeException;
import io.mnemos.web.tracing.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Turns every exception a Spring MVC handler can raise into an RFC 9457 problem ({@code application/problem+json})
 * with a type, a detail that says what to fix, the request path ({@code instance}) and the {@code requestId}.
 *
 * <ul>
 *   <li>{@link ProblemException}s (and any other {@link ErrorResponse}) as they are.
 *   <li>Bean validation ({@code @Valid} bodies, constrained parameters, {@code @Validated} beans): 400 {@code
 *       validation-failed} with {@code errors: [{field, message}]}.
 *   <li>Unreadable bodies: 400 {@code malformed-body} (not JSON, missing), {@code unknown-field} (names the field and
 *       lists the accepted ones), {@code invalid-field} (wrong type or format, names the field); 413 if the body was
 *       too large.
 *   <li>Wrong path/query parameter types: 400 {@code invalid-parameter}; missing ones: 400 {@code missing-parameter}.
 *   <li>405, 406, 415, 404 (no route), 413 (multipart) with details that say what is accepted.
 *   <li>Anything else: 500 {@code internal-error} with a generic detail and the request id, logged with its stack
 *       trace here only.
 * </ul>
 *
 * <p>Lowest precedence, so a service's own {@code @RestControllerAdvice} (if it has one) is consulted first.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class MnemosProblemHandler extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(MnemosProblemHandler.class);
    private static final int MAX_ECHO = 100;
    /** The JSON token Jackson names in a type mismatch message: {@code (token `JsonToken.VALUE_STRING`)}. */
    private static final Pattern TOKEN = Pattern.compile("JsonToken\\.([A-Z_]+)");
    /** What Jackson refused to coerce: {@code Cannot coerce String value ("5") to `java.lang.Integer` value}. */
    private static final Pattern COERCED =
            Pattern.compile("^Cannot coerce (empty String|String|Integer|Floating-point|Float|Boolean) value");

    private final DataSize maxRequestSize;

    /** @param maxRequestSize the configured body limit, named in 413 problems */
    public MnemosProblemHandler(DataSize maxRequestSize) {
        this.maxRequestSize = maxRequestSize;
    }

    // ---- validation ----------------------------------------------------------------------------------------------

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return validationFailed(ex, violations(ex.getBindingResult(), ""), headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldViolation> errors = new ArrayList<>();
        for (ParameterValidationResult result : ex.getParameterValidationResults()) {
            MethodParameter parameter = result.getMethodParameter();
            if (result instanceof ParameterErrors bean) {
                String prefix = parameter.hasParameterAnnotation(RequestBody.class) ? "" : parameterName(parameter);
                errors.addAll(violations(bean, prefix));
            } else {
                String name = parameterName(parameter);
                String container = containerSuffix(result);
                for (MessageSourceResolvable error : result.getResolvableErrors()) {
                    errors.add(new FieldViolation(name + container, message(error)));
                }
            }
        }
        for (MessageSourceResolvable error : ex.getCrossParameterValidationResults()) {
            errors.add(new FieldViolation(null, message(error)));
        }
        return validationFailed(ex, errors, headers, request);
    }

    /** Constraint violations from {@code @Validated} beans (method validation outside the controller signature). */
    @ExceptionHandler(ConstraintViolationException.class)
    public ResponseEntity<Object> handleConstraintViolation(ConstraintViolationException ex, WebRequest request) {
        List<FieldViolation> errors = new ArrayList<>();
        if (ex.getConstraintViolations() != null) {
            for (ConstraintViolation<?> v : ex.getConstraintViolations()) {
                errors.add(new FieldViolation(path(v.getPropertyPath()), v.getMessage()));
            }
        }
        return validationFailed(ex, errors, new HttpHeaders(), request);
    }

    private ResponseEntity<Object> validationFailed(
            Exception ex, List<FieldViolation> errors, HttpHeaders headers, WebRequest request) {
        List<FieldViolation> sorted = errors.stream()
                .sorted(Comparator.comparing((FieldViolation f) -> f.field() == null ? "" : f.field())
                        .thenComparing(FieldViolation::message))
                .toList();
        String summary = sorted.stream()
                .limit(5)
                .map(f -> f.field() == null ? f.message() : f.field() + " " + f.message())
                .collect(Collectors.joining("; "));
        String more = sorted.size() > 5 ? "; and " + (sorted.size() - 5) + " more" : "";
        ProblemDetail problem = problem(
                HttpStatus.BAD_REQUEST,
                "validation-failed",
                "Invalid request",
                sorted.isEmpty()
                        ? "The request is invalid. Check it against the API documentation."
                        : "The request has " + sorted.size() + " invalid value" + (sorted.size() == 1 ? "" : "s")
                                + ": " + summary + more + ". Fix " + (sorted.size() == 1 ? "it" : "them")
                                + " and retry; 'errors' lists each one.");
        problem.setProperty(ProblemResponses.ERRORS_PROPERTY, sorted);
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    private static List<FieldViolation> violations(org.springframework.validation.Errors errors, String prefix) {
        List<FieldViolation> out = new ArrayList<>();
        for (FieldError fe : errors.getFieldErrors()) {
            out.add(new FieldViolation(join(prefix, fe.getField()), message(fe)));
        }
        for (ObjectError ge : errors.getGlobalErrors()) {
            out.add(new FieldViolation(prefix.isEmpty() ? null : prefix, message(ge)));
        }
        return out;
    }

    private static String message(MessageSourceResolvable error) {
        String m = error.getDefaultMessage();
        return m == null ? "is invalid" : m;
    }

    private static String join(String prefix, String field) {
        if (prefix.isEmpty()) {
            return field;
        }
        return field.startsWith("[") ? prefix + field : prefix + "." + field;
    }

    private static String containerSuffix(ParameterValidationResult result) {
        if (result.getContainerIndex() != null) {
            return "[" + result.getContainerIndex() + "]";
        }
        if (result.getContainerKey() != null) {
            return "[" + result.getContainerKey() + "]";
        }
        return "";
    }

    /** The name a client uses for a parameter: the request parameter, path variable or header name. */
    private static String parameterName(MethodParameter parameter) {
        RequestParam rp = parameter.getParameterAnnotation(RequestParam.class);
        if (rp != null && !rp.name().isEmpty()) {
            return rp.name();
        }
        PathVariable pv = parameter.getParameterAnnotation(PathVariable.class);
        if (pv != null && !pv.name().isEmpty()) {
            return pv.name();
        }
        RequestHeader rh = parameter.getParameterAnnotation(RequestHeader.class);
        if (rh != null && !rh.name().isEmpty()) {
            return rh.name();
        }
        String name = parameter.getParameterName();
        return name == null ? "arg" + parameter.getParameterIndex() : name;
    }

    /** A property path without the method and parameter-index nodes: {@code create.request.name} → {@code name}. */
    private static String path(Path propertyPath) {
        List<String> parts = new ArrayList<>();
        for (Path.Node node : propertyPath) {
            ElementKind kind = node.getKind();
            if (kind == ElementKind.METHOD || kind == ElementKind.CONSTRUCTOR || kind == ElementKind.RETURN_VALUE) {
                continue;
            }
            String name = node.getName();
            StringBuilder part = new StringBuilder(name == null ? "" : name);
            if (node.getIndex() != null) {
                part.append('[').append(node.getIndex()).append(']');
            } else if (node.getKey() != null) {
                part.append('[').append(node.getKey()).append(']');
            }
            if (!part.isEmpty()) {
                parts.add(part.toString());
            }
        }
        // A parameter node comes first for method validation; keep it only when nothing more specific follows.
        return parts.isEmpty() ? null : String.join(".", parts).replace(".[", "[");
    }

    // ---- unreadable bodies ---------------------------------------------------------------------------------------

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (find(ex, RequestBodyTooLargeException.class) instanceof RequestBodyTooLargeException tooLarge) {
            return tooLarge(ex, tooLarge.limit(), request);
        }
        ProblemDetail problem = unreadable(ex);
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    private static ProblemDetail unreadable(HttpMessageNotReadableException ex) {
        if (find(ex, UnrecognizedPropertyException.class) instanceof UnrecognizedPropertyException unknown) {
            String field = jsonPath(unknown);
            List<String> accepted = unknown.getKnownPropertyIds() == null
                    ? List.of()
                    : unknown.getKnownPropertyIds().stream()
                            .map(String::valueOf)
                            .sorted()
                            .toList();
            String parent = field.contains(".") ? field.substring(0, field.lastIndexOf('.')) : "";
            ProblemDetail p = problem(
                    HttpStatus.BAD_REQUEST,
                    "unknown-field",
                    "Unknown field",
                    "The request body has a field this endpoint does not know: '" + field + "'. Remove it or fix"
                            + " its name; the fields accepted" + (parent.isEmpty() ? "" : " in '" + parent + "'")
                            + " are: " + String.join(", ", accepted) + ".");
            p.setProperty(
                    ProblemResponses.ERRORS_PROPERTY,
                    List.of(new FieldViolation(field, "unknown field; accepted: " + String.join(", ", accepted))));
            return p;
        }
        if (find(ex, NulCharacterException.class) instanceof NulCharacterException nul) {
            return invalidField(nul.field(), NulCharacters.MESSAGE);
        }
        if (find(ex, InvalidNullException.class) instanceof InvalidNullException nul) {
            return invalidField(jsonPath(nul), "must not be null");
        }
        if (find(ex, InvalidFormatException.class) instanceof InvalidFormatException bad) {
            return invalidField(jsonPath(bad), "must be " + describe(bad.getTargetType()) + ", got " + sent(bad));
        }
        if (find(ex, MismatchedInputException.class) instanceof MismatchedInputException mismatch) {
            String field = jsonPath(mismatch);
            String expected = "must be " + describe(mismatch.getTargetType()) + sent(mismatch);
            if (field.isEmpty()) {
                return problem(
                        HttpStatus.BAD_REQUEST,
                        "malformed-body",
                        "Malformed request body",
                        "The request body has the wrong shape: it " + expected + ". Check it against the API"
                                + " documentation.");
            }
            return invalidField(field, expected);
        }
        if (find(ex, ValueInstantiationException.class) instanceof ValueInstantiationException invalid) {
            Throwable cause = invalid.getCause();
            String why = cause instanceof IllegalArgumentException || cause instanceof NullPointerException
                    ? cause.getMessage()
                    : null;
            String field = jsonPath(invalid);
            String message = why == null ? "is invalid" : why;
            if (field.isEmpty()) {
                ProblemDetail p = problem(
                        HttpStatus.BAD_REQUEST,
                        "invalid-field",
                        "Invalid field",
                        "The request body is invalid: " + message + ". Fix it and retry.");
                p.setProperty(ProblemResponses.ERRORS_PROPERTY, List.of(new FieldViolation(null, message)));
                return p;
            }
            return invalidField(field, message);
        }
        if (find(ex, StreamReadException.class) instanceof StreamReadException syntax) {
            String at = JsonErrors.location(syntax);
            return problem(
                    HttpStatus.BAD_REQUEST,
                    "malformed-body",
                    "Malformed request body",
                    "The request body is not valid JSON" + (at.isEmpty() ? "" : " (" + at + ")") + ": "
                            + JsonErrors.reason(syntax) + ". Fix the syntax and retry.");
        }
        if (find(ex, JacksonException.class) != null) {
            return problem(
                    HttpStatus.BAD_REQUEST,
                    "malformed-body",
                    "Malformed request body",
                    "The request body could not be read as the expected JSON. Check it against the API"
                            + " documentation.");
        }
        return problem(
                HttpStatus.BAD_REQUEST,
                "malformed-body",
                "Malformed request body",
                "The request body is missing or unreadable. Send a body of the documented type (for JSON, with"
                        + " 'Content-Type: application/json').");
    }

    /**
     * What the client sent instead, in words, with how to send it right when that is a matter of quotes: {@code the
     * number 100; to send it as text, quote it: "100"}. Jackson keeps the value it could not convert.
     */
    private static String sent(InvalidFormatException bad) {
        Object value = bad.getValue();
        Class<?> target = bad.getTargetType();
        if (value instanceof Number || value instanceof Boolean) {
            String json = String.valueOf(value);
            String what = value instanceof Boolean ? json : "the number " + json;
            return isText(target) ? what + "; to send it as text, quote it: \"" + json + "\"" : what;
        }
        if (value instanceof String text && !isContainer(target)) {
            return quote(text);
        }
        // e.g. a string where an array is declared: Jackson's value is a by-product (a base64 decoding), not the input
        String kind = value instanceof String ? "a string" : value == null ? "null" : "a value of another type";
        return kind;
    }

    /**
     * {@code ", got a string; send it without quotes"} for a value of the wrong JSON type, or {@code ""} when the
     * type is unknown. Jackson only names it in its message (the parser is closed by now).
     */
    private static String sent(MismatchedInputException mismatch) {
        String message = mismatch.getOriginalMessage();
        if (message == null) {
            return "";
        }
        String kind = null;
        Matcher coerced = COERCED.matcher(message);
        Matcher token = TOKEN.matcher(message);
        if (coerced.find()) {
            kind = switch (coerced.group(1)) {
                case "String", "empty String" -> "VALUE_STRING";
                case "Boolean" -> "VALUE_TRUE";
                default -> "VALUE_NUMBER_INT";
            };
        } else if (token.find()) {
            kind = token.group(1);
        }
        if (kind == null) {
            return "";
        }
        String what =
                switch (kind) {
                    case "VALUE_STRING" -> "a string";
                    case "VALUE_NUMBER_INT", "VALUE_NUMBER_FLOAT" -> "a number";
                    case "VALUE_TRUE", "VALUE_FALSE" -> "true or false";
                    case "START_OBJECT" -> "an object";
                    case "START_ARRAY" -> "an array";
                    case "VALUE_NULL" -> "null";
                    default -> null;
                };
        if (what == null) {
            return "";
        }
        Class<?> target = mismatch.getTargetType();
        boolean scalar = target != null
                && (target.isPrimitive() || Number.class.isAssignableFrom(target) || target == Boolean.class);
        return ", got " + what + (kind.equals("VALUE_STRING") && scalar ? "; send it without quotes" : "");
    }

    private static boolean isText(@Nullable Class<?> type) {
        return type == String.class || type == Character.class || type == char.class;
    }

    private static boolean isContainer(@Nullable Class<?> type) {
        return type != null
                && (type.isArray() || Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type));
    }

    private static ProblemDetail invalidField(String field, String message) {
        String where = field.isEmpty() ? "The request body" : "Field '" + field + "'";
        ProblemDetail p = problem(
                HttpStatus.BAD_REQUEST,
                "invalid-field",
                "Invalid field",
                where + " " + message + ". Fix it and retry.");
        p.setProperty(
                ProblemResponses.ERRORS_PROPERTY, List.of(new FieldViolation(field.isEmpty() ? null : field, message)));
        return p;
    }

    /** {@code items[0].text} from Jackson's reference chain. */
    private static String jsonPath(JacksonException ex) {
        return JsonErrors.path(ex);
    }

    // ---- parameters ----------------------------------------------------------------------------------------------

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String name = ex.getPropertyName() == null ? "a parameter" : "'" + ex.getPropertyName() + "'";
        String message = "must be " + describe(ex.getRequiredType()) + ", got " + quote(String.valueOf(ex.getValue()));
        ProblemDetail problem = problem(
                HttpStatus.BAD_REQUEST,
                "invalid-parameter",
                "Invalid parameter",
                "Parameter " + name + " " + message + ". Fix it and retry.");
        problem.setProperty(
                ProblemResponses.ERRORS_PROPERTY, List.of(new FieldViolation(ex.getPropertyName(), message)));
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException ex,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        ProblemDetail problem = problem(
                HttpStatus.BAD_REQUEST,
                "missing-parameter",
                "Missing parameter",
                "The request lacks the required " + ex.getParameterType() + " parameter '" + ex.getParameterName()
                        + "'. Add it and retry.");
        problem.setProperty(
                ProblemResponses.ERRORS_PROPERTY, List.of(new FieldViolation(ex.getParameterName(), "is required")));
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestPart(
            MissingServletRequestPartException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = problem(
                HttpStatus.BAD_REQUEST,
                "missing-parameter",
                "Missing parameter",
                "The multipart request lacks the required part '" + ex.getRequestPartName() + "'. Add it and retry.");
        problem.setProperty(
                ProblemResponses.ERRORS_PROPERTY, List.of(new FieldViolation(ex.getRequestPartName(), "is required")));
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    // ---- protocol ------------------------------------------------------------------------------------------------

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(
            HttpMediaTypeNotSupportedException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String sent = ex.getContentType() == null ? "no Content-Type" : "Content-Type '" + ex.getContentType() + "'";
        String supported = ex.getSupportedMediaTypes().stream()
                .map(MediaType::toString)
                .distinct()
                .collect(Collectors.joining(", "));
        ProblemDetail problem = problem(
                status,
                "unsupported-media-type",
                "Unsupported media type",
                "This endpoint does not accept " + sent + "."
                        + (supported.isEmpty() ? "" : " Send one of: " + supported + "."));
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(
            HttpRequestMethodNotSupportedException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String[] supported = ex.getSupportedMethods();
        ProblemDetail problem = problem(
                status,
                "method-not-allowed",
                "Method not allowed",
                "Method " + ex.getMethod() + " is not supported here."
                        + (supported == null || supported.length == 0
                                ? ""
                                : " Use " + String.join(" or ", supported) + "."));
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(
            NoResourceFoundException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return handleExceptionInternal(ex, noRoute(ex.getHttpMethod().name(), request), headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleNoHandlerFoundException(
            NoHandlerFoundException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return handleExceptionInternal(ex, noRoute(ex.getHttpMethod(), request), headers, status, request);
    }

    private static ProblemDetail noRoute(String method, WebRequest request) {
        String path = request instanceof NativeWebRequest n && n.getNativeRequest() instanceof HttpServletRequest r
                ? r.getRequestURI()
                : "this path";
        return problem(
                HttpStatus.NOT_FOUND,
                "not-found",
                "Not found",
                "There is no endpoint " + method + " " + path + ". Check the path against the API documentation.");
    }

    // ---- size ----------------------------------------------------------------------------------------------------

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(
            MaxUploadSizeExceededException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        DataSize limit = ex.getMaxUploadSize() > 0 ? DataSize.ofBytes(ex.getMaxUploadSize()) : maxRequestSize;
        return tooLarge(ex, limit, request);
    }

    /** A body stream that passed the limit, read by a controller directly. */
    @ExceptionHandler(RequestBodyTooLargeException.class)
    public ResponseEntity<Object> handleRequestBodyTooLarge(RequestBodyTooLargeException ex, WebRequest request) {
        return tooLarge(ex, ex.limit(), request);
    }

    private ResponseEntity<Object> tooLarge(Exception ex, DataSize limit, WebRequest request) {
        PayloadTooLargeProblem problem = new PayloadTooLargeProblem(limit);
        return handleExceptionInternal(ex, problem.getBody(), new HttpHeaders(), problem.getStatusCode(), request);
    }

    // ---- everything else -----------------------------------------------------------------------------------------

    /** Anything no other handler claims: a bug or an unavailable dependency. Logged with its stack trace. */
    @ExceptionHandler(Exception.class)
    public ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) {
        if (find(ex, RequestBodyTooLargeException.class) instanceof RequestBodyTooLargeException tooLarge) {
            return tooLarge(ex, tooLarge.limit(), request);
        }
        if (ex instanceof ErrorResponse er) {
            return handleExceptionInternal(ex, er.getBody(), er.getHeaders(), er.getStatusCode(), request);
        }
        return handleExceptionInternal(ex, null, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, @Nullable Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (ex instanceof AsyncRequestTimeoutException) {
            // A long request (e.g. a stream) ran out of time: expected, not a bug.
            log.debug("Async request timed out answering {}", describe(request));
            body = problem(
                    status,
                    "request-timeout",
                    "Request timed out",
                    "The request took longer than the server allows. Retry, or ask for less at once.");
        } else if (status.is5xxServerError() && !(ex instanceof ProblemException)) {
            // Framework or unexpected failure: never show its message; log it with the stack trace.
            String requestId = requestId(request);
            log.error("Unexpected error answering {} (requestId={})", describe(request), requestId, ex);
            body = internalError(status, requestId);
        } else if (ex instanceof ProblemException pe && status.is5xxServerError()) {
            log.warn(
                    "{} answering {}: {}",
                    status.value(),
                    describe(request),
                    pe.getBody().getDetail(),
                    pe.getCause());
        }
        return super.handleExceptionInternal(ex, body, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(
            @Nullable Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (body instanceof ProblemDetail problem
                && request instanceof NativeWebRequest n
                && n.getNativeRequest() instanceof HttpServletRequest servletRequest) {
            ProblemResponses.complete(problem, servletRequest);
            HttpHeaders all = new HttpHeaders();
            all.putAll(headers);
            all.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            return new ResponseEntity<>(problem, all, status);
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    /** The generic body of a 5xx the client cannot do anything about but report. */
    static ProblemDetail internalError(HttpStatusCode status, @Nullable String requestId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                status,
                "Something went wrong on our side; the error has been logged."
                        + (requestId == null ? "" : " Quote requestId " + requestId + " when you report it."));
        problem.setType(ProblemException.type(ProblemResponses.defaultSlug(status.value())));
        problem.setTitle(status.value() == 500 ? "Internal server error" : null);
        return problem;
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static ProblemDetail problem(HttpStatusCode status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(ProblemException.type(slug));
        problem.setTitle(title);
        return problem;
    }

    static @Nullable Throwable find(Throwable ex, Class<? extends Throwable> type) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        return null;
    }

    private static @Nullable String requestId(WebRequest request) {
        if (request instanceof NativeWebRequest n && n.getNativeRequest() instanceof HttpServletRequest r) {
            return RequestIds.of(r);
        }
        return RequestIds.current().orElse(null);
    }

    private static String describe(WebRequest request) {
        if (request instanceof NativeWebRequest n && n.getNativeRequest() instanceof HttpServletRequest r) {
            return r.getMethod() + " " + r.getRequestURI();
        }
        return request.getDescription(false);
    }

    /** What a client should send for a Java type, in words. */
    static String describe(@Nullable Class<?> type) {
        return JsonErrors.expected(type);
    }

    private static String quote(String value) {
        String v = value.length() > MAX_ECHO ? value.substring(0, MAX_ECHO) + "..." : value;
        return "'" + v.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}

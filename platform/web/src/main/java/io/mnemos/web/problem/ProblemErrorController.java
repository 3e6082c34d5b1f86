package io.mnemos.web.problem;

import io.mnemos.web.limits.RequestBodyTooLargeException;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * Boot's error path ({@code server.error.path}, default {@code /error}) as problem+json, replacing the whitelabel
 * page and the JSON error map. The servlet container forwards here when an exception escapes a filter or a servlet,
 * or when something calls {@code response.sendError}. A {@link ProblemException} (or other {@link ErrorResponse})
 * keeps its status and body; a 5xx becomes a generic {@code internal-error} problem and the exception is logged with
 * its stack trace; other statuses get a generic problem of that status.
 */
@RestController
public class ProblemErrorController implements ErrorController {
    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    private final ObjectProvider<ErrorAttributes> errorAttributes;
    private final DataSize maxRequestSize;

    public ProblemErrorController(ObjectProvider<ErrorAttributes> errorAttributes, DataSize maxRequestSize) {
        this.errorAttributes = errorAttributes;
        this.maxRequestSize = maxRequestSize;
    }

    /** Answers every method and media type with problem+json. */
    @RequestMapping("${server.error.path:${error.path:/error}}")
    public ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Throwable error = unwrap(exceptionOf(request));
        Integer code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer c ? c : null;
        if (error instanceof ErrorResponse response) {
            return ProblemResponses.entity(response.getBody(), response.getHeaders(), request);
        }
        if (MnemosProblemHandler.find(error, RequestBodyTooLargeException.class)
                instanceof RequestBodyTooLargeException tooLarge) {
            return ProblemResponses.entity(new PayloadTooLargeProblem(tooLarge.limit()).getBody(), null, request);
        }
        if (code == null) {
            // Nothing failed: someone requested the error path itself.
            return ProblemResponses.entity(
                    ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, genericDetail(404)), null, request);
        }
        HttpStatusCode status = HttpStatusCode.valueOf(code);
        String path = String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
        if (status.is5xxServerError()) {
            ProblemDetail problem = MnemosProblemHandler.internalError(status, requestId(request));
            if (error != null) {
                log.error("Unexpected error answering {} (requestId={})", path, requestId(request), error);
            } else {
                log.warn("{} answering {} (requestId={})", code, path, requestId(request));
            }
            return ProblemResponses.entity(problem, null, request);
        }
        if (code == HttpStatus.CONTENT_TOO_LARGE.value()) {
            return ProblemResponses.entity(new PayloadTooLargeProblem(maxRequestSize).getBody(), null, request);
        }
        return ProblemResponses.entity(ProblemDetail.forStatusAndDetail(status, genericDetail(code)), null, request);
    }

    static String genericDetail(int code) {
        return switch (code) {
            case 400 -> "The request is invalid. Check it against the API documentation.";
            case 401 -> "The request is not authenticated. Send it through the Mnemos gateway with an API key.";
            case 403 -> "The caller may not do this.";
            case 404 -> "There is no such resource. Check the path against the API documentation.";
            case 405 -> "This method is not supported here.";
            default -> {
                HttpStatus known = HttpStatus.resolve(code);
                yield "The request failed with status " + code
                        + (known == null ? "" : " (" + known.getReasonPhrase() + ")") + ".";
            }
        };
    }

    private @Nullable Throwable exceptionOf(HttpServletRequest request) {
        ErrorAttributes attributes = errorAttributes.getIfAvailable();
        if (attributes != null) {
            Throwable t = attributes.getError(new ServletWebRequest(request));
            if (t != null) {
                return t;
            }
        }
        return request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable t ? t : null;
    }

    private static @Nullable Throwable unwrap(@Nullable Throwable error) {
        Throwable t = error;
        while (t instanceof ServletException && t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static @Nullable String requestId(HttpServletRequest request) {
        return io.mnemos.web.tracing.RequestIds.of(request);
    }
}

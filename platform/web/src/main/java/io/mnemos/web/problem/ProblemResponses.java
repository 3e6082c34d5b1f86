package io.mnemos.web.problem;

import io.mnemos.web.tracing.RequestIds;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.util.UriUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * Completes and writes problem documents. {@link #complete} adds what every Mnemos problem carries (type, title,
 * instance, request id); {@link #write} sends one from places outside Spring MVC (servlet filters).
 */
public class ProblemResponses {
    /** Problem member holding the request id. */
    public static final String REQUEST_ID_PROPERTY = "requestId";
    /** Problem member listing invalid fields. */
    public static final String ERRORS_PROPERTY = "errors";

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);
    private static final URI ABOUT_BLANK = URI.create("about:blank");
    private static final Map<Integer, String> SLUGS = Map.ofEntries(
            Map.entry(400, "bad-request"),
            Map.entry(401, "unauthenticated"),
            Map.entry(403, "forbidden"),
            Map.entry(404, "not-found"),
            Map.entry(405, "method-not-allowed"),
            Map.entry(406, "not-acceptable"),
            Map.entry(409, "conflict"),
            Map.entry(413, "payload-too-large"),
            Map.entry(415, "unsupported-media-type"),
            Map.entry(422, "unprocessable"),
            Map.entry(429, "too-many-requests"),
            Map.entry(500, "internal-error"),
            Map.entry(503, "service-unavailable"));

    private final JsonMapper json;

    /** @param json serialises problems; must know Spring's {@code ProblemDetail} mixin (Boot's mapper does) */
    public ProblemResponses(JsonMapper json) {
        this.json = json;
    }

    /** The slug used when a problem has no specific type: e.g. {@code not-found} for 404. */
    public static String defaultSlug(int status) {
        String slug = SLUGS.get(status);
        if (slug != null) {
            return slug;
        }
        HttpStatus known = HttpStatus.resolve(status);
        return known == null
                ? "http-" + status
                : known.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Fills in what every Mnemos problem carries, keeping what is already set: a Mnemos {@code type} instead of
     * {@code about:blank}, a {@code title}, the {@code instance} (path of the original request, also during an
     * error dispatch) and the {@code requestId}.
     */
    public static ProblemDetail complete(ProblemDetail problem, HttpServletRequest request) {
        if (problem.getType() == null || ABOUT_BLANK.equals(problem.getType())) {
            problem.setType(ProblemException.type(defaultSlug(problem.getStatus())));
        }
        if (problem.getTitle() == null) {
            HttpStatus known = HttpStatus.resolve(problem.getStatus());
            problem.setTitle(known == null ? "Error " + problem.getStatus() : known.getReasonPhrase());
        }
        if (problem.getInstance() == null) {
            problem.setInstance(instance(request));
        }
        Map<String, Object> properties = problem.getProperties();
        if (properties == null || !properties.containsKey(REQUEST_ID_PROPERTY)) {
            String requestId = RequestIds.of(request);
            if (requestId != null) {
                problem.setProperty(REQUEST_ID_PROPERTY, requestId);
            }
        }
        return problem;
    }

    /** A response entity for a completed problem, as {@code application/problem+json}. */
    public static ResponseEntity<ProblemDetail> entity(
            ProblemDetail problem, @Nullable HttpHeaders headers, HttpServletRequest request) {
        complete(problem, request);
        HttpHeaders all = new HttpHeaders();
        if (headers != null) {
            all.putAll(headers);
        }
        all.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return ResponseEntity.status(problem.getStatus()).headers(all).body(problem);
    }

    /**
     * Writes an error as a problem response directly to the servlet response (for filters, which run outside
     * Spring MVC's exception handling). Does nothing if the response is already committed.
     */
    public void write(HttpServletRequest request, HttpServletResponse response, ErrorResponse error)
            throws IOException {
        if (response.isCommitted()) {
            log.debug(
                    "Response already committed; cannot send problem {}",
                    error.getBody().getType());
            return;
        }
        ProblemDetail problem = complete(error.getBody(), request);
        response.resetBuffer();
        response.setStatus(problem.getStatus());
        error.getHeaders().forEach((name, values) -> values.forEach(v -> response.addHeader(name, v)));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        byte[] body = json.writeValueAsBytes(problem);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    private static @Nullable URI instance(HttpServletRequest request) {
        Object original = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = original instanceof String s ? s : request.getRequestURI();
        if (path == null || path.isEmpty()) {
            return null;
        }
        try {
            return URI.create(path);
        } catch (IllegalArgumentException e) {
            // A raw path with characters a URI may not hold: encode it rather than fail the error response.
            try {
                return URI.create(UriUtils.encodePath(path, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException again) {
                return null;
            }
        }
    }
}

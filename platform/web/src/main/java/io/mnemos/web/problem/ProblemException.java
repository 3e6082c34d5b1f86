package io.mnemos.web.problem;

import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * An error to report to the client as an RFC 9457 problem. Throw it (or a subclass) from a controller or service;
 * {@link MnemosProblemHandler} writes it as {@code application/problem+json} with the request path and request id
 * added.
 *
 * <p>The {@code type} is {@code https://mnemos.io/problems/<slug>}: pick a stable, specific slug (e.g. {@code
 * session-not-found}) so clients can branch on it. The {@code detail} should say what is wrong <em>and what to
 * do</em>, in a sentence a developer can act on; it must not contain secrets or internals.
 *
 * <pre>{@code
 * throw new NotFoundProblem("session-not-found", "Session not found",
 *         "No session " + id + ". Create one with POST /v1/sessions.");
 * throw new ConflictProblem("Collection 'docs' already exists; pick another name.").with("collection", "docs");
 * }</pre>
 */
public class ProblemException extends ErrorResponseException {
    /** Prefix of every Mnemos problem type URI. */
    public static final String TYPE_BASE = "https://mnemos.io/problems/";

    private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    private final String slug;

    /**
     * @param status HTTP status
     * @param slug   stable kebab-case identifier of this kind of problem, e.g. {@code session-not-found}
     * @param title  short, human-readable summary that does not change between occurrences
     * @param detail what went wrong this time and what the client should do
     */
    public ProblemException(HttpStatusCode status, String slug, String title, String detail) {
        this(status, slug, title, detail, null);
    }

    /** Like {@link #ProblemException(HttpStatusCode, String, String, String)}, keeping the cause for the logs. */
    public ProblemException(
            HttpStatusCode status, String slug, String title, String detail, @Nullable Throwable cause) {
        super(status, body(status, slug, title, detail), cause);
        this.slug = slug;
    }

    private static ProblemDetail body(HttpStatusCode status, String slug, String title, String detail) {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(title, "title");
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(type(slug));
        body.setTitle(title);
        return body;
    }

    /** The type URI for a slug: {@code https://mnemos.io/problems/<slug>}. */
    public static URI type(String slug) {
        Objects.requireNonNull(slug, "slug");
        if (!SLUG.matcher(slug).matches()) {
            throw new IllegalArgumentException(
                    "a problem slug is lower-case kebab-case ([a-z0-9]+(-[a-z0-9]+)*), got '" + slug + "'");
        }
        return URI.create(TYPE_BASE + slug);
    }

    /** The stable identifier of this kind of problem (last segment of its type URI). */
    public String slug() {
        return slug;
    }

    /**
     * Adds an extension member to the problem document (e.g. the id of the conflicting resource). The value is
     * serialised as JSON. Returns this exception, for chaining.
     */
    public ProblemException with(String name, @Nullable Object value) {
        getBody().setProperty(name, value);
        return this;
    }

    /** Adds a response header (e.g. {@code Retry-After}). Returns this exception, for chaining. */
    public ProblemException withHeader(String name, String value) {
        getHeaders().set(name, value);
        return this;
    }
}

package io.mnemos.gateway.auth;

import io.mnemos.gateway.problem.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Why a credential was refused, as the problem the client gets: a stable slug (the problem type), a title and a
 * detail that says what to do. Never carries the credential itself.
 */
public class AuthenticationFailure extends RuntimeException {
    private final HttpStatus status;
    private final String slug;
    private final String title;

    public AuthenticationFailure(HttpStatus status, String slug, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    /** A 401 with the given reason. */
    public static AuthenticationFailure unauthorized(String slug, String title, String detail) {
        return new AuthenticationFailure(HttpStatus.UNAUTHORIZED, slug, title, detail);
    }

    public HttpStatus status() {
        return status;
    }

    /** Stable kebab-case reason, e.g. {@code expired-credentials}; also the metric tag. */
    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    /** The problem the client gets. */
    public ProblemDetail toProblem() {
        return Problems.of(status, slug, title, getMessage());
    }
}

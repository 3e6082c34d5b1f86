package io.mnemos.web.problem;

import org.springframework.http.HttpStatus;

/** 400 Bad Request: the request is invalid in a way bean validation cannot express. */
public class BadRequestProblem extends ProblemException {
    /** A problem of type {@code bad-request}. */
    public BadRequestProblem(String detail) {
        super(HttpStatus.BAD_REQUEST, "bad-request", "Bad request", detail);
    }

    /** A more specific problem: its own slug and title. */
    public BadRequestProblem(String slug, String title, String detail) {
        super(HttpStatus.BAD_REQUEST, slug, title, detail);
    }
}

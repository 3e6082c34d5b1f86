package io.mnemos.web.problem;

import org.springframework.http.HttpStatus;

/** 404 Not Found: the resource does not exist (or belongs to another tenant, which looks the same to the caller). */
public class NotFoundProblem extends ProblemException {
    /** A problem of type {@code not-found}. */
    public NotFoundProblem(String detail) {
        super(HttpStatus.NOT_FOUND, "not-found", "Not found", detail);
    }

    /** A more specific problem: its own slug and title. */
    public NotFoundProblem(String slug, String title, String detail) {
        super(HttpStatus.NOT_FOUND, slug, title, detail);
    }
}

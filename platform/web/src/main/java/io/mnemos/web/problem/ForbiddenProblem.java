package io.mnemos.web.problem;

import org.springframework.http.HttpStatus;

/** 403 Forbidden: the caller is authenticated but may not do this. */
public class ForbiddenProblem extends ProblemException {
    /** A problem of type {@code forbidden}. */
    public ForbiddenProblem(String detail) {
        super(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail);
    }

    /** A more specific problem: its own slug and title. */
    public ForbiddenProblem(String slug, String title, String detail) {
        super(HttpStatus.FORBIDDEN, slug, title, detail);
    }
}

package io.mnemos.web.problem;

import org.springframework.http.HttpStatus;

/** 409 Conflict: the request contradicts the current state (duplicate name, concurrent change, wrong state for this operation). */
public class ConflictProblem extends ProblemException {
    /** A problem of type {@code conflict}. */
    public ConflictProblem(String detail) {
        super(HttpStatus.CONFLICT, "conflict", "Conflict", detail);
    }

    /** A more specific problem: its own slug and title. */
    public ConflictProblem(String slug, String title, String detail) {
        super(HttpStatus.CONFLICT, slug, title, detail);
    }
}

package io.mnemos.web.problem;

import org.springframework.http.HttpStatus;

/** 422 Unprocessable Content: the request is well-formed and valid, but cannot be processed as asked (e.g. an image with no text to read). */
public class UnprocessableProblem extends ProblemException {
    /** A problem of type {@code unprocessable}. */
    public UnprocessableProblem(String detail) {
        super(HttpStatus.UNPROCESSABLE_CONTENT, "unprocessable", "Unprocessable content", detail);
    }

    /** A more specific problem: its own slug and title. */
    public UnprocessableProblem(String slug, String title, String detail) {
        super(HttpStatus.UNPROCESSABLE_CONTENT, slug, title, detail);
    }
}

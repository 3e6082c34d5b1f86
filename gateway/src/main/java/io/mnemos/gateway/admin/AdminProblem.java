package io.mnemos.gateway.admin;

import org.springframework.http.HttpStatus;

/** An admin API error with a stable problem type slug; rendered as problem+json by {@link AdminProblemHandler}. */
class AdminProblem extends RuntimeException {
    final HttpStatus status;
    final String slug;
    final String title;

    AdminProblem(HttpStatus status, String slug, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    /** The same answer whether the tenant does not exist or belongs to someone the caller may not see. */
    static AdminProblem noTenant(String tenant) {
        return new AdminProblem(HttpStatus.NOT_FOUND, "not-found", "Not found", "No tenant '" + tenant + "'.");
    }

    static AdminProblem noKey(Object keyId) {
        return new AdminProblem(HttpStatus.NOT_FOUND, "not-found", "Not found", "No API key " + keyId + ".");
    }

    static AdminProblem invalid(String detail) {
        return new AdminProblem(HttpStatus.BAD_REQUEST, "validation-failed", "Invalid request", detail);
    }
}

package io.mnemos.web.security;

import io.mnemos.web.problem.ProblemException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * 401: the request carries no valid identity. The problem's {@code reason} member says why: {@code missing}, {@code
 * malformed}, {@code bad-signature} or {@code expired}.
 */
public class UnauthenticatedProblem extends ProblemException {
    /** Reason when the request has no identity header at all. */
    public static final String MISSING = "missing";

    /**
     * @param reason {@link #MISSING} or an {@link io.mnemos.contracts.identity.InvalidInternalTokenException.Reason}
     *               code
     * @param detail what is wrong and what to do
     */
    public UnauthenticatedProblem(String reason, String detail) {
        super(HttpStatus.UNAUTHORIZED, "unauthenticated", "Not authenticated", detail);
        with("reason", reason);
        withHeader(HttpHeaders.WWW_AUTHENTICATE, "MnemosIdentity realm=\"mnemos\"");
    }
}

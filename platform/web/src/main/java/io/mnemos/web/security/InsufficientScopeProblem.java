package io.mnemos.web.security;

import io.mnemos.contracts.identity.Identity;
import io.mnemos.web.problem.ProblemException;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.springframework.http.HttpStatus;

/**
 * 403: the caller is authenticated but lacks a scope the operation needs. Carries {@code requiredScopes} and {@code
 * missingScopes}.
 */
public class InsufficientScopeProblem extends ProblemException {
    public InsufficientScopeProblem(Identity caller, Collection<String> required) {
        super(HttpStatus.FORBIDDEN, "insufficient-scope", "Insufficient scope", detail(caller, required));
        with("requiredScopes", List.copyOf(new TreeSet<>(required)));
        with("missingScopes", List.copyOf(missing(caller, required)));
    }

    private static SortedSet<String> missing(Identity caller, Collection<String> required) {
        SortedSet<String> missing = new TreeSet<>(required);
        missing.removeAll(caller.scopes());
        return missing;
    }

    private static String detail(Identity caller, Collection<String> required) {
        SortedSet<String> missing = missing(caller, required);
        return "This operation needs the scope" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing)
                + ", which the caller (" + caller.principal() + " of tenant " + caller.tenant() + ") does not have"
                + (caller.scopes().isEmpty() ? "" : "; it has " + String.join(", ", caller.scopes()))
                + ". Use an API key with " + (missing.size() == 1 ? "that scope" : "those scopes")
                + ", or ask a tenant admin to grant it.";
    }
}

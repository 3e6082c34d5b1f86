package io.mnemos.contracts.identity;

import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * An authenticated caller, as the gateway established it. Immutable; validated on construction.
 *
 * @param tenant    the tenant every stored thing of this caller belongs to; matches {@link #TENANT_PATTERN}
 *                  ({@code [a-z0-9][a-z0-9-]{0,62}})
 * @param principal who acts within the tenant (e.g. {@code key:<uuid>} for an API key, a JWT subject); 1 to
 *                  {@value #MAX_PRINCIPAL_LENGTH} characters, no control characters
 * @param scopes    what the caller may do (e.g. {@code memory:read}); {@value #ADMIN_SCOPE} implies every scope.
 *                  Each 1 to {@value #MAX_SCOPE_LENGTH} characters without whitespace. Stored as an unmodifiable,
 *                  sorted set; {@code null} means none
 */
public record Identity(String tenant, String principal, Set<String> scopes) {
    /** The scope that implies every other scope. */
    public static final String ADMIN_SCOPE = "admin";
    /** What a tenant id looks like: lower-case letters, digits and dashes, starting with a letter or digit. */
    public static final Pattern TENANT_PATTERN = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    /** Longest principal accepted. */
    public static final int MAX_PRINCIPAL_LENGTH = 256;
    /** Longest scope accepted. */
    public static final int MAX_SCOPE_LENGTH = 128;

    /**
     * Validates and normalises.
     *
     * @throws IllegalArgumentException if the tenant, principal or a scope is invalid (the message says which)
     * @throws NullPointerException     if tenant or principal is null
     */
    public Identity {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(principal, "principal");
        if (!TENANT_PATTERN.matcher(tenant).matches()) {
            throw new IllegalArgumentException("tenant must match " + TENANT_PATTERN.pattern()
                    + " (lower-case letters, digits, dashes; at most 63 characters), got '" + abbreviate(tenant) + "'");
        }
        if (principal.isBlank() || principal.length() > MAX_PRINCIPAL_LENGTH || hasControlCharacter(principal)) {
            throw new IllegalArgumentException("principal must be 1 to " + MAX_PRINCIPAL_LENGTH
                    + " characters without control characters, got '" + abbreviate(principal) + "'");
        }
        scopes = normalise(scopes);
    }

    /** An identity with the given scopes. */
    public static Identity of(String tenant, String principal, String... scopes) {
        return new Identity(tenant, principal, Set.of(scopes));
    }

    /** Whether this caller holds {@code scope}, directly or through {@value #ADMIN_SCOPE}. */
    public boolean hasScope(String scope) {
        return scopes.contains(ADMIN_SCOPE) || scopes.contains(scope);
    }

    /** Whether this caller holds every one of {@code required} (directly or through {@value #ADMIN_SCOPE}). */
    public boolean hasAllScopes(Collection<String> required) {
        return scopes.contains(ADMIN_SCOPE) || scopes.containsAll(required);
    }

    private static Set<String> normalise(Set<String> scopes) {
        if (scopes == null || scopes.isEmpty()) {
            return Set.of();
        }
        TreeSet<String> sorted = new TreeSet<>();
        for (String s : scopes) {
            if (s == null || s.isEmpty() || s.length() > MAX_SCOPE_LENGTH || hasWhitespaceOrControl(s)) {
                throw new IllegalArgumentException("each scope must be 1 to " + MAX_SCOPE_LENGTH
                        + " characters without whitespace, got '" + abbreviate(s) + "'");
            }
            sorted.add(s);
        }
        return Collections.unmodifiableSet(sorted);
    }

    private static boolean hasControlCharacter(String s) {
        return s.chars().anyMatch(Character::isISOControl);
    }

    private static boolean hasWhitespaceOrControl(String s) {
        return s.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c));
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() <= 70 ? s : s.substring(0, 67) + "...";
    }
}

package io.mnemos.web.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares the scopes a controller method (or every method of a controller) needs, e.g. {@code
 * @RequiresScope("memory:read")}. The caller must hold <em>all</em> listed scopes; {@code admin} implies every scope.
 * On both the class and the method, both apply. Checked by {@link RequiredScopeInterceptor} before the handler runs:
 * a caller without them gets a 403 problem naming the missing scopes.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RequiresScope {
    /** The scopes needed, e.g. {@code memory:read}. */
    String[] value();
}

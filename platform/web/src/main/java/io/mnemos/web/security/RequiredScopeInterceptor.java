package io.mnemos.web.security;

import io.mnemos.contracts.identity.Identity;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Checks {@link RequiresScope} before a handler runs: 403 ({@link InsufficientScopeProblem}) if the caller lacks a
 * declared scope, 401 ({@link UnauthenticatedProblem}) if no caller is bound at all (an annotated handler on an
 * exempt path).
 */
public class RequiredScopeInterceptor implements HandlerInterceptor {
    private final Map<Key, Set<String>> required = new ConcurrentHashMap<>();

    /** The same method may be inherited by controllers with different class-level scopes. */
    private record Key(Class<?> beanType, Method method) {}

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        Set<String> scopes = required.computeIfAbsent(
                new Key(method.getBeanType(), method.getMethod()), k -> requiredScopes(method));
        if (scopes.isEmpty()) {
            return true;
        }
        Identity caller = request.getAttribute(TenantContext.REQUEST_ATTRIBUTE) instanceof Identity id
                ? id
                : TenantContext.find().orElse(null);
        if (caller == null) {
            throw new UnauthenticatedProblem(
                    UnauthenticatedProblem.MISSING,
                    "This operation needs an authenticated caller, and the request has none. Send it through the"
                            + " gateway with an API key.");
        }
        if (!caller.hasAllScopes(scopes)) {
            throw new InsufficientScopeProblem(caller, scopes);
        }
        return true;
    }

    private static Set<String> requiredScopes(HandlerMethod method) {
        Set<String> scopes = new LinkedHashSet<>();
        RequiresScope onType = AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), RequiresScope.class);
        RequiresScope onMethod = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), RequiresScope.class);
        if (onType != null) {
            scopes.addAll(List.of(onType.value()));
        }
        if (onMethod != null) {
            scopes.addAll(List.of(onMethod.value()));
        }
        return Collections.unmodifiableSet(scopes);
    }
}

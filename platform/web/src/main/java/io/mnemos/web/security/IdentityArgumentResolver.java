package io.mnemos.web.security;

import io.mnemos.contracts.identity.Identity;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Resolves controller method parameters of type {@link Identity} to the verified caller. If none is bound (an exempt
 * path), the request is answered with 401.
 */
public class IdentityArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return Identity.class.equals(parameter.getParameterType());
    }

    @Override
    public Object resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer mavContainer,
            NativeWebRequest webRequest,
            WebDataBinderFactory binderFactory) {
        if (webRequest.getAttribute(TenantContext.REQUEST_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST)
                instanceof Identity identity) {
            return identity;
        }
        return TenantContext.find()
                .orElseThrow(() -> new UnauthenticatedProblem(
                        UnauthenticatedProblem.MISSING,
                        "This operation needs an authenticated caller, and the request has none. Send it through"
                                + " the gateway with an API key."));
    }
}

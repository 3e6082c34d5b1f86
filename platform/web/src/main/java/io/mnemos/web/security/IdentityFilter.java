package io.mnemos.web.security;

import io.mnemos.contracts.identity.Identity;
import io.mnemos.contracts.identity.InternalToken;
import io.mnemos.contracts.identity.InvalidInternalTokenException;
import io.mnemos.web.problem.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Enumeration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Verifies the gateway-signed {@value InternalToken#HEADER} header and binds the caller's {@link Identity} for the
 * request ({@link TenantContext}, request attribute {@link TenantContext#REQUEST_ATTRIBUTE}, MDC {@code tenant}).
 *
 * <p>Without a valid token the request is answered with a 401 problem whose {@code reason} is {@code missing},
 * {@code malformed}, {@code bad-signature} or {@code expired}, unless its path is exempt; on an exempt path a valid
 * token is still bound and an invalid one ignored. With security disabled every request runs as the configured
 * development identity.
 */
public class IdentityFilter extends OncePerRequestFilter {
    /** After the request id and the size limit. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 30;
    /** MDC key of the caller's tenant. */
    public static final String MDC_TENANT = "tenant";

    private static final Logger log = LoggerFactory.getLogger(IdentityFilter.class);
    private static final String THROUGH_GATEWAY = " Mnemos services accept requests only through the gateway, which"
            + " authenticates the client (API key) and signs its identity for each request: send the request to the"
            + " gateway.";

    private final boolean enabled;
    private final byte @Nullable [] secret;
    private final Duration clockSkew;
    private final ExemptPaths exempt;
    private final Identity devIdentity;
    private final ProblemResponses problems;
    private final Clock clock;

    /**
     * @throws InvalidSecurityConfigurationException if security is enabled and the secret is missing or too short
     */
    public IdentityFilter(MnemosSecurityProperties properties, ProblemResponses problems, Clock clock) {
        this.enabled = properties.enabled();
        this.secret = enabled ? properties.secretBytes() : null;
        this.clockSkew = properties.clockSkew();
        this.exempt = new ExemptPaths(properties.exemptPaths());
        this.devIdentity = properties.devIdentity().toIdentity();
        this.problems = problems;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isAsyncDispatch(request)) {
            // The async part of a request that was authenticated on its first dispatch: bind the same identity.
            if (request.getAttribute(TenantContext.REQUEST_ATTRIBUTE) instanceof Identity bound) {
                proceedAs(bound, request, response, chain);
            } else {
                chain.doFilter(request, response);
            }
            return;
        }
        if (!enabled) {
            proceedAs(devIdentity, request, response, chain);
            return;
        }
        boolean isExempt = exempt.matches(request);
        Enumeration<String> headers = request.getHeaders(InternalToken.HEADER);
        String token = headers != null && headers.hasMoreElements() ? headers.nextElement() : null;
        boolean repeated = headers != null && headers.hasMoreElements();
        if (token == null || token.isBlank()) {
            if (isExempt) {
                chain.doFilter(request, response);
                return;
            }
            log.debug(
                    "Refused {} {}: no {} header", request.getMethod(), request.getRequestURI(), InternalToken.HEADER);
            problems.write(
                    request,
                    response,
                    new UnauthenticatedProblem(
                            UnauthenticatedProblem.MISSING,
                            "The request has no " + InternalToken.HEADER + " header." + THROUGH_GATEWAY));
            return;
        }
        Identity identity;
        try {
            if (repeated) {
                throw new InvalidInternalTokenException(
                        InvalidInternalTokenException.Reason.MALFORMED,
                        "the request carries more than one " + InternalToken.HEADER + " header");
            }
            identity = InternalToken.verify(token, secret, clock.instant(), clockSkew);
        } catch (InvalidInternalTokenException e) {
            if (isExempt) {
                chain.doFilter(request, response);
                return;
            }
            refuse(request, response, e);
            return;
        }
        proceedAs(identity, request, response, chain);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, InvalidInternalTokenException e)
            throws IOException {
        String hint =
                switch (e.reason()) {
                    case BAD_SIGNATURE ->
                        " If it did come through the gateway, the gateway and this service are configured with"
                                + " different internal secrets (mnemos.security.internal-secret).";
                    case EXPIRED ->
                        " Tokens live for seconds: do not replay them. If the request did come through the"
                                + " gateway, check that the clocks of the gateway and this service agree.";
                    case MALFORMED -> "";
                };
        if (e.reason() == InvalidInternalTokenException.Reason.BAD_SIGNATURE) {
            log.warn(
                    "Refused {} {} from {}: identity token with a bad signature (forged, or the gateway uses another"
                            + " internal secret)",
                    request.getMethod(),
                    request.getRequestURI(),
                    request.getRemoteAddr());
        } else {
            log.debug(
                    "Refused {} {}: {} identity token: {}",
                    request.getMethod(),
                    request.getRequestURI(),
                    e.reason().code(),
                    e.getMessage());
        }
        problems.write(
                request,
                response,
                new UnauthenticatedProblem(
                        e.reason().code(),
                        "The " + InternalToken.HEADER + " token is not valid ("
                                + e.reason().code() + "): " + e.getMessage() + "." + THROUGH_GATEWAY + hint));
    }

    private static void proceedAs(
            Identity identity, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        request.setAttribute(TenantContext.REQUEST_ATTRIBUTE, identity);
        String previousTenant = MDC.get(MDC_TENANT);
        MDC.put(MDC_TENANT, identity.tenant());
        try {
            TenantContext.callAs(identity, () -> {
                chain.doFilter(request, response);
                return null;
            });
        } catch (IOException | ServletException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ServletException(e);
        } finally {
            if (previousTenant == null) {
                MDC.remove(MDC_TENANT);
            } else {
                MDC.put(MDC_TENANT, previousTenant);
            }
        }
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }
}

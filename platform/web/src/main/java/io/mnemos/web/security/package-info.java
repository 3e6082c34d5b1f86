/**
 * Who is calling, and what they may do.
 *
 * <p>The gateway authenticates clients and forwards a signed {@link io.mnemos.contracts.identity.InternalToken} in the
 * {@code X-Mnemos-Identity} header. {@link io.mnemos.web.security.IdentityFilter} verifies it with {@code
 * mnemos.security.internal-secret} and binds the {@link io.mnemos.contracts.identity.Identity} for the request: as a
 * request attribute and in {@link io.mnemos.web.security.TenantContext} (a {@link java.lang.ScopedValue}, unbound when
 * the request ends). Requests without a valid token get a 401 problem that says why, except on the exempt paths
 * (health, info, prometheus, API docs, {@code /error}). Controllers read the caller with {@code
 * TenantContext.current()} or an {@code Identity} method parameter, and declare what they need with {@link
 * io.mnemos.web.security.RequiresScope}, checked before the handler runs (403 when missing; {@code admin} implies
 * every scope).
 */
package io.mnemos.web.security;

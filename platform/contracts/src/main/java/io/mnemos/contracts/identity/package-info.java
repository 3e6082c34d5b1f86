/**
 * Who is calling: the {@link io.mnemos.contracts.identity.Identity} the gateway authenticated, and the signed
 * {@link io.mnemos.contracts.identity.InternalToken} that carries it to the services.
 *
 * <p>The gateway authenticates clients (API keys, JWT), strips any {@value
 * io.mnemos.contracts.identity.InternalToken#HEADER} header a client sent, and adds a fresh token signed with the
 * secret it shares with every service ({@code mnemos.security.internal-secret}). A service trusts an identity only
 * after {@link io.mnemos.contracts.identity.InternalToken#verify verifying} that token, so a header forged by a client
 * (or by anything that does not hold the secret) is refused. Pure Java: no Spring, only Jackson for the payload.
 */
package io.mnemos.contracts.identity;

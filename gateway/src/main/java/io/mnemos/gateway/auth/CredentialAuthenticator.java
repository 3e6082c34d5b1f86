package io.mnemos.gateway.auth;

import io.mnemos.contracts.identity.Identity;
import reactor.core.publisher.Mono;

/**
 * Turns a presented credential into the caller's identity.
 *
 * <p>Implementations must not block the calling (event-loop) thread. The returned {@code Mono} emits the identity, or
 * fails with {@link AuthenticationFailure} saying why the credential is refused (never empty).
 */
public interface CredentialAuthenticator {
    Mono<Identity> authenticate(String credential);
}

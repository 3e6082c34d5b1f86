package io.mnemos.gateway.auth;

import io.mnemos.contracts.identity.Identity;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** API keys: looked up by SHA-256 hash (cached briefly), refused when unknown, revoked or expired. */
@Component
public class ApiKeyAuthenticator implements CredentialAuthenticator {
    /** Principal prefix of API-key callers: {@code key:<keyId>}. */
    public static final String PRINCIPAL_PREFIX = "key:";

    private final ApiKeyStore keys;
    private final Clock clock;

    public ApiKeyAuthenticator(ApiKeyStore keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public Mono<Identity> authenticate(String key) {
        if (!ApiKeys.plausible(key)) {
            return Mono.error(AuthenticationFailure.unauthorized(
                    "malformed-credentials",
                    "Malformed credentials",
                    "The API key is not in a valid format (16 to 256 characters, no spaces)."));
        }
        String hash = ApiKeys.hash(key);
        // Cache hits stay on the event loop; only a miss goes to the database on a worker thread.
        Mono<Optional<ApiKeyRecord>> lookup = keys.cached(hash).map(Mono::just).orElseGet(() -> Mono.fromCallable(
                        () -> keys.findByHash(hash))
                .subscribeOn(Schedulers.boundedElastic()));
        return lookup.flatMap(found -> {
            if (found.isEmpty()) {
                return Mono.error(AuthenticationFailure.unauthorized(
                        "invalid-credentials",
                        "Invalid credentials",
                        "This API key is not known. Check it, or ask an admin for a new one."));
            }
            ApiKeyRecord rec = found.get();
            if (rec.revoked()) {
                return Mono.error(AuthenticationFailure.unauthorized(
                        "revoked-credentials",
                        "Revoked credentials",
                        "This API key was revoked at " + rec.revokedAt() + ". Ask an admin for a new one."));
            }
            Instant now = clock.instant();
            if (rec.expiredAt(now)) {
                return Mono.error(AuthenticationFailure.unauthorized(
                        "expired-credentials",
                        "Expired credentials",
                        "This API key expired at " + rec.expiresAt() + ". Ask an admin for a new one."));
            }
            return Mono.just(new Identity(rec.tenant(), PRINCIPAL_PREFIX + rec.keyId(), rec.scopes()));
        });
    }
}

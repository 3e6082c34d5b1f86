package io.mnemos.gateway.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.mnemos.contracts.identity.Identity;
import io.mnemos.contracts.identity.InternalToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The signed identity tokens forwarded to services, reused per identity for the first half of their lifetime.
 *
 * <p>Signing (JSON + HMAC) on every request was a measurable part of the gateway's per-request CPU; a caller sending
 * many requests now pays for it about once per half lifetime. Every token handed out still has at least half its
 * lifetime left, so a service never receives one about to expire.
 */
final class IdentityTokens {
    private record Signed(String token, Instant reuseUntil) {}

    private final byte[] secret;
    private final Duration ttl;
    private final Clock clock;
    private final Cache<Identity, Signed> cache;

    IdentityTokens(byte[] secret, Duration ttl, Clock clock) {
        this.secret = secret;
        this.ttl = ttl;
        this.clock = clock;
        // Bounded by size only: an entry past its reuse time is replaced on its next use.
        this.cache = Caffeine.newBuilder().maximumSize(10_000).build();
    }

    String tokenFor(Identity id) {
        Instant now = clock.instant();
        Signed s = cache.getIfPresent(id);
        if (s == null || !now.isBefore(s.reuseUntil())) {
            s = new Signed(InternalToken.sign(id, secret, now.plus(ttl)), now.plus(ttl.dividedBy(2)));
            cache.put(id, s);
        }
        return s.token();
    }
}

package io.mnemos.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnemos.contracts.identity.Identity;
import io.mnemos.contracts.identity.InternalToken;
import io.mnemos.testsupport.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IdentityTokensTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    @Test
    void reusesATokenForHalfItsLifetimeAndNeverHandsOutOneCloseToExpiry() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-30T07:00:00Z"));
        IdentityTokens tokens = new IdentityTokens(SECRET, Duration.ofSeconds(60), clock);
        Identity a = Identity.of("acme", "key:1", "memory:read");
        Identity b = Identity.of("acme", "key:2", "memory:read");

        String first = tokens.tokenFor(a);
        assertThat(InternalToken.verify(first, SECRET, clock.instant())).isEqualTo(a);
        assertThat(tokens.tokenFor(b)).isNotEqualTo(first);

        clock.advance(Duration.ofSeconds(29));
        assertThat(tokens.tokenFor(a)).isEqualTo(first);

        clock.advance(Duration.ofSeconds(1));
        String second = tokens.tokenFor(a);
        assertThat(second).isNotEqualTo(first);
        // The new one is valid for a full lifetime from now: still accepted 59 s later, when the first is long gone.
        Instant later = clock.instant().plusSeconds(59);
        assertThat(InternalToken.verify(second, SECRET, later, Duration.ZERO)).isEqualTo(a);
    }
}

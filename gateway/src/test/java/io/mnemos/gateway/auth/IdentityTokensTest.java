package io.mnemos.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnemos.contracts.identity.Identity;
import io.mnemos.contracts.identity.InternalToken;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class IdentityTokensTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    /** A clock the test moves by hand. */
    private static final class Manual extends Clock {
        Instant now = Instant.parse("2026-11-30T07:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void reusesATokenForHalfItsLifetimeAndNeverHandsOutOneCloseToExpiry() {
        Manual clock = new Manual();
        IdentityTokens tokens = new IdentityTokens(SECRET, Duration.ofSeconds(60), clock);
        Identity a = Identity.of("acme", "key:1", "memory:read");
        Identity b = Identity.of("acme", "key:2", "memory:read");

        String first = tokens.tokenFor(a);
        assertThat(InternalToken.verify(first, SECRET, clock.instant())).isEqualTo(a);
        assertThat(tokens.tokenFor(b)).isNotEqualTo(first);

        clock.now = clock.now.plusSeconds(29);
        assertThat(tokens.tokenFor(a)).isEqualTo(first);

        clock.now = clock.now.plusSeconds(1);
        String second = tokens.tokenFor(a);
        assertThat(second).isNotEqualTo(first);
        // The new one is valid for a full lifetime from now: still accepted 59 s later, when the first is long gone.
        Instant later = clock.now.plusSeconds(59);
        assertThat(InternalToken.verify(second, SECRET, later, Duration.ZERO)).isEqualTo(a);
    }
}

package io.mnemos.contracts.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mnemos.contracts.identity.InvalidInternalTokenException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InternalTokenTest {
    private static final byte[] SECRET = InternalToken.secret("0123456789abcdef0123456789abcdef");
    private static final byte[] OTHER_SECRET = InternalToken.secret("fedcba9876543210fedcba9876543210");
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final Identity ALICE = new Identity("acme", "key:alice", Set.of("memory:read", "memory:write"));

    @Test
    void roundTrip() {
        String token = InternalToken.sign(ALICE, SECRET, NOW.plusSeconds(60));

        assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        assertThat(InternalToken.verify(token, SECRET, NOW)).isEqualTo(ALICE);
    }

    @Test
    void roundTripWithoutScopes() {
        Identity nobody = new Identity("t1", "svc", null);
        String token = InternalToken.sign(nobody, SECRET, NOW.plusSeconds(60));

        Identity back = InternalToken.verify(token, SECRET, NOW);
        assertThat(back.scopes()).isEmpty();
        assertThat(back).isEqualTo(nobody);
    }

    @Test
    void payloadIsReadableJson() {
        String token = InternalToken.sign(ALICE, SECRET, NOW.plusSeconds(60));
        String json = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);

        assertThat(json)
                .contains("\"v\":1", "\"tenant\":\"acme\"", "\"principal\":\"key:alice\"")
                .contains("\"exp\":" + NOW.plusSeconds(60).getEpochSecond());
    }

    @Test
    void tamperedPayloadIsBadSignature() {
        String token = InternalToken.sign(ALICE, SECRET, NOW.plusSeconds(60));
        String forgedPayload = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("{\"v\":1,\"tenant\":\"acme\",\"principal\":\"key:alice\",\"scopes\":[\"admin\"],"
                                + "\"exp\":" + NOW.plusSeconds(60).getEpochSecond() + "}")
                        .getBytes(StandardCharsets.UTF_8));
        String forged = forgedPayload + token.substring(token.indexOf('.'));

        assertReason(() -> InternalToken.verify(forged, SECRET, NOW), Reason.BAD_SIGNATURE);
    }

    @Test
    void flippedSignatureCharacterIsBadSignature() {
        String token = InternalToken.sign(ALICE, SECRET, NOW.plusSeconds(60));
        char last = token.charAt(token.length() - 2);
        String flipped =
                token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);

        assertReason(() -> InternalToken.verify(flipped, SECRET, NOW), Reason.BAD_SIGNATURE);
    }

    @Test
    void wrongSecretIsBadSignature() {
        String token = InternalToken.sign(ALICE, OTHER_SECRET, NOW.plusSeconds(60));

        assertReason(() -> InternalToken.verify(token, SECRET, NOW), Reason.BAD_SIGNATURE);
    }

    @Test
    void expired() {
        String token = InternalToken.sign(ALICE, SECRET, NOW.minusSeconds(1));

        assertReason(() -> InternalToken.verify(token, SECRET, NOW), Reason.EXPIRED);
    }

    @Test
    void expiryInstantItselfIsExpired() {
        String token = InternalToken.sign(ALICE, SECRET, NOW);

        assertReason(() -> InternalToken.verify(token, SECRET, NOW), Reason.EXPIRED);
    }

    @Test
    void leewayAcceptsSlightlyExpiredTokens() {
        String token = InternalToken.sign(ALICE, SECRET, NOW.minusSeconds(10));

        assertThat(InternalToken.verify(token, SECRET, NOW, Duration.ofSeconds(30)))
                .isEqualTo(ALICE);
        assertReason(() -> InternalToken.verify(token, SECRET, NOW, Duration.ofSeconds(5)), Reason.EXPIRED);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "garbage",
                "no-dot-here",
                ".",
                "abc.",
                ".abc",
                "a.b.c",
                "!!!.???",
                "eyJ2IjoxfQ.not base64!",
            })
    void garbageIsMalformed(String token) {
        assertReason(() -> InternalToken.verify(token, SECRET, NOW), Reason.MALFORMED);
    }

    @Test
    void nullIsMalformed() {
        assertReason(() -> InternalToken.verify(null, SECRET, NOW), Reason.MALFORMED);
    }

    @Test
    void hugeTokenIsMalformed() {
        assertReason(() -> InternalToken.verify("a".repeat(10_000) + ".b", SECRET, NOW), Reason.MALFORMED);
    }

    @Test
    void signedButNotJsonIsMalformed() {
        assertReason(() -> InternalToken.verify(signRaw("not json"), SECRET, NOW), Reason.MALFORMED);
    }

    @Test
    void signedButInvalidTenantIsMalformed() {
        String payload = "{\"v\":1,\"tenant\":\"Not A Tenant\",\"principal\":\"p\",\"scopes\":[],\"exp\":"
                + NOW.plusSeconds(60).getEpochSecond() + "}";

        assertThatThrownBy(() -> InternalToken.verify(signRaw(payload), SECRET, NOW))
                .isInstanceOf(InvalidInternalTokenException.class)
                .hasMessageContaining("tenant must match")
                .extracting(e -> ((InvalidInternalTokenException) e).reason())
                .isEqualTo(Reason.MALFORMED);
    }

    @Test
    void signedButMissingClaimsIsMalformed() {
        assertReason(
                () -> InternalToken.verify(signRaw("{\"v\":1,\"tenant\":\"acme\"}"), SECRET, NOW), Reason.MALFORMED);
    }

    @Test
    void unknownVersionIsMalformed() {
        String payload = "{\"v\":2,\"tenant\":\"acme\",\"principal\":\"p\",\"exp\":"
                + NOW.plusSeconds(60).getEpochSecond() + "}";

        assertReason(() -> InternalToken.verify(signRaw(payload), SECRET, NOW), Reason.MALFORMED);
    }

    @Test
    void unknownClaimsAreIgnored() {
        String payload =
                "{\"v\":1,\"tenant\":\"acme\",\"principal\":\"p\",\"scopes\":[\"x\"],\"iss\":\"gateway\",\"exp\":"
                        + NOW.plusSeconds(60).getEpochSecond() + "}";

        assertThat(InternalToken.verify(signRaw(payload), SECRET, NOW)).isEqualTo(Identity.of("acme", "p", "x"));
    }

    @Test
    void outOfRangeExpiryIsMalformed() {
        String payload = "{\"v\":1,\"tenant\":\"acme\",\"principal\":\"p\",\"exp\":" + Long.MAX_VALUE + "}";

        assertReason(() -> InternalToken.verify(signRaw(payload), SECRET, NOW), Reason.MALFORMED);
    }

    @Test
    void shortSecretsAreRefused() {
        byte[] shortSecret = "too-short".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> InternalToken.sign(ALICE, shortSecret, NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 32 bytes")
                .hasMessageNotContaining("too-short");
        assertThatThrownBy(() -> InternalToken.verify("a.b", shortSecret, NOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InternalToken.secret("too-short")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InternalToken.secret(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reasonCodesAreStable() {
        assertThat(Reason.MALFORMED.code()).isEqualTo("malformed");
        assertThat(Reason.BAD_SIGNATURE.code()).isEqualTo("bad-signature");
        assertThat(Reason.EXPIRED.code()).isEqualTo("expired");
    }

    /** A token whose payload is arbitrary text, correctly signed. */
    private static String signRaw(String payloadJson) {
        try {
            String payload = Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(SECRET, "HmacSHA256"));
            return payload + "."
                    + Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertReason(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call)
                .isInstanceOf(InvalidInternalTokenException.class)
                .extracting(e -> ((InvalidInternalTokenException) e).reason())
                .isEqualTo(reason);
    }
}

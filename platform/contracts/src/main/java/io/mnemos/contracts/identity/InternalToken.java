package io.mnemos.contracts.identity;

import io.mnemos.contracts.identity.InvalidInternalTokenException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The signed token that carries an {@link Identity} from the gateway to the services, in the {@value #HEADER}
 * header.
 *
 * <p>Format: {@code base64url(payload) "." base64url(HMAC-SHA256(secret, base64url(payload)))}, both parts without
 * padding. The payload is JSON: {@code {"v":1,"tenant":"…","principal":"…","scopes":["…"],"exp":<epoch seconds>}}.
 * Unknown payload fields are ignored, so a newer gateway may add claims. The secret is the UTF-8 bytes of {@code
 * mnemos.security.internal-secret} ({@link #secret(String)}), at least {@value #MIN_SECRET_BYTES} bytes, identical on
 * the gateway and every service. Tokens are short-lived (the gateway signs one per request), so there is no
 * revocation.
 *
 * <p>Thread-safe; all methods are static.
 */
public final class InternalToken {
    /** The HTTP header that carries the token. The gateway strips it from client requests before adding its own. */
    public static final String HEADER = "X-Mnemos-Identity";
    /** Shortest secret accepted, in bytes (HMAC-SHA256 wants at least its output size). */
    public static final int MIN_SECRET_BYTES = 32;
    /** Longest token {@link #verify} looks at; longer ones are malformed without further work. */
    public static final int MAX_TOKEN_LENGTH = 8192;
    /** Payload format version written by {@link #sign}. */
    static final int VERSION = 1;

    private static final String HMAC = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private InternalToken() {}

    /** What the payload holds. Boxed fields so a missing one is detected rather than read as zero. */
    record Claims(Integer v, String tenant, String principal, List<String> scopes, Long exp) {}

    /**
     * Signs an identity.
     *
     * @param id        who the caller is
     * @param secret    the shared secret, at least {@value #MIN_SECRET_BYTES} bytes
     * @param expiresAt when the token stops being accepted (kept to the second, rounded down)
     * @return the token, URL- and header-safe
     * @throws IllegalArgumentException if the secret is too short
     */
    public static String sign(Identity id, byte[] secret, Instant expiresAt) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(expiresAt, "expiresAt");
        requireSecret(secret);
        Claims claims = new Claims(
                VERSION, id.tenant(), id.principal(), new ArrayList<>(id.scopes()), expiresAt.getEpochSecond());
        String payload = ENCODER.encodeToString(JSON.writeValueAsBytes(claims));
        return payload + "." + ENCODER.encodeToString(hmac(secret, payload));
    }

    /**
     * Verifies a token and returns the identity it carries. Expired means {@code now} is at or after the expiry.
     *
     * @throws InvalidInternalTokenException if the token is malformed, not signed with {@code secret}, or expired
     * @throws IllegalArgumentException      if the secret is too short
     */
    public static Identity verify(String token, byte[] secret, Instant now) {
        return verify(token, secret, now, Duration.ZERO);
    }

    /**
     * Like {@link #verify(String, byte[], Instant)}, accepting tokens up to {@code leeway} past their expiry, to
     * absorb clock differences between the gateway and a service.
     *
     * @throws InvalidInternalTokenException if the token is malformed, not signed with {@code secret}, or expired
     * @throws IllegalArgumentException      if the secret is too short or the leeway negative
     */
    public static Identity verify(String token, byte[] secret, Instant now, Duration leeway) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(leeway, "leeway");
        if (leeway.isNegative()) {
            throw new IllegalArgumentException("leeway must not be negative");
        }
        requireSecret(secret);
        if (token == null || token.isBlank()) {
            throw new InvalidInternalTokenException(Reason.MALFORMED, "the token is empty");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new InvalidInternalTokenException(
                    Reason.MALFORMED, "the token is longer than " + MAX_TOKEN_LENGTH + " characters");
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot == token.length() - 1 || token.indexOf('.', dot + 1) >= 0) {
            throw new InvalidInternalTokenException(
                    Reason.MALFORMED, "the token must have two base64url parts separated by one '.'");
        }
        String payload = token.substring(0, dot);
        byte[] presented = decode(token.substring(dot + 1), "signature");
        // Authenticate before reading anything out of the payload.
        if (!MessageDigest.isEqual(hmac(secret, payload), presented)) {
            throw new InvalidInternalTokenException(
                    Reason.BAD_SIGNATURE, "the token is not signed with this service's internal secret");
        }
        Claims claims;
        try {
            claims = JSON.readValue(decode(payload, "payload"), Claims.class);
        } catch (JacksonException e) {
            throw new InvalidInternalTokenException(Reason.MALFORMED, "the token payload is not valid JSON", e);
        }
        if (claims == null) {
            throw new InvalidInternalTokenException(Reason.MALFORMED, "the token payload is empty");
        }
        if (!Integer.valueOf(VERSION).equals(claims.v())) {
            throw new InvalidInternalTokenException(
                    Reason.MALFORMED, "unsupported token version " + claims.v() + " (expected " + VERSION + ")");
        }
        if (claims.exp() == null || claims.tenant() == null || claims.principal() == null) {
            throw new InvalidInternalTokenException(
                    Reason.MALFORMED, "the token payload lacks one of tenant, principal, exp");
        }
        Identity identity;
        try {
            identity = new Identity(
                    claims.tenant(),
                    claims.principal(),
                    claims.scopes() == null ? null : new LinkedHashSet<>(claims.scopes()));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidInternalTokenException(
                    Reason.MALFORMED, "the token carries an invalid identity: " + e.getMessage(), e);
        }
        Instant expiresAt;
        try {
            expiresAt = Instant.ofEpochSecond(claims.exp()).plus(leeway);
        } catch (DateTimeException | ArithmeticException e) {
            throw new InvalidInternalTokenException(Reason.MALFORMED, "the token expiry is out of range", e);
        }
        if (!now.isBefore(expiresAt)) {
            throw new InvalidInternalTokenException(
                    Reason.EXPIRED, "the token expired at " + Instant.ofEpochSecond(claims.exp()));
        }
        return identity;
    }

    /**
     * The secret bytes for a configured secret string (its UTF-8 encoding), checked for length. Use it on both the
     * signing and the verifying side so they agree.
     *
     * @throws IllegalArgumentException if {@code configured} is null or shorter than {@value #MIN_SECRET_BYTES}
     *                                  bytes (the message never contains the secret)
     */
    public static byte[] secret(String configured) {
        if (configured == null) {
            throw new IllegalArgumentException("the internal secret is not set");
        }
        byte[] bytes = configured.getBytes(StandardCharsets.UTF_8);
        requireSecret(bytes);
        return bytes;
    }

    private static void requireSecret(byte[] secret) {
        if (secret == null || secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the internal secret must be at least " + MIN_SECRET_BYTES
                    + " bytes, got " + (secret == null ? "none" : secret.length + ""));
        }
    }

    private static byte[] decode(String part, String what) {
        try {
            return DECODER.decode(part);
        } catch (IllegalArgumentException e) {
            throw new InvalidInternalTokenException(Reason.MALFORMED, "the token " + what + " is not base64url", e);
        }
    }

    private static byte[] hmac(byte[] secret, String payload) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret, HMAC));
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
        }
    }
}

package io.mnemos.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** API key format and hashing. A key is {@code mn_} followed by 32 random bytes, base64url. */
public final class ApiKeys {
    private static final SecureRandom RANDOM = new SecureRandom();
    public static final String PREFIX = "mn_";

    private ApiKeys() {}

    /** A new random key. */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** SHA-256 of the key, hex: what the database stores. Keys have 256 bits of entropy, so no salt is needed. */
    public static String hash(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first characters of a key, safe to show in listings and logs. */
    public static String displayPrefix(String key) {
        return key.substring(0, Math.min(key.length(), 10));
    }

    /** Whether the text could be a key at all (cheap check before a lookup). */
    public static boolean plausible(String key) {
        return key != null
                && key.length() >= 16
                && key.length() <= 256
                && key.chars().noneMatch(Character::isWhitespace);
    }
}

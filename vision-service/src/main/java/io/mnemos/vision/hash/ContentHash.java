package io.mnemos.vision.hash;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of the encoded bytes, as 64 lower-case hex digits: equal only for byte-identical uploads. */
public final class ContentHash {
    private ContentHash() {}

    /** The SHA-256 of {@code data} in hex. */
    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}

package io.mnemos.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** Secrets the launcher generates once and keeps under {@code <data>/secrets/}, readable by the owner only. */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * A secret and where it came from.
     *
     * @param value the secret
     * @param generated {@code true} if it was generated (and saved) by this call, i.e. this is the first start
     */
    public record Secret(String value, boolean generated) {
        @Override
        public String toString() {
            return "Secret[***, generated=" + generated + "]";
        }
    }

    private Secrets() {}

    /**
     * {@code given} if not blank (nothing is written); else the content of {@code file}; else a new random secret,
     * saved to {@code file} with permissions 0600 (its directory 0700).
     */
    public static Secret loadOrCreate(Path file, String given) {
        if (given != null && !given.isBlank()) {
            return new Secret(given.trim(), false);
        }
        try {
            if (Files.exists(file)) {
                String value = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!value.isEmpty()) {
                    return new Secret(value, false);
                }
            }
            String value = generate();
            write(file, value);
            return new Secret(value, true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write secret " + file, e);
        }
    }

    /** 32 random bytes, URL-safe base64 without padding (43 characters). */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void write(Path file, String value) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            // a symlink to a directory: fine
        }
        Path tmp = Files.createTempFile(
                dir,
                ".secret",
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, value + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}

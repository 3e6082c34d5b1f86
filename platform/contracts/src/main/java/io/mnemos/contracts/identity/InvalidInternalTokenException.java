package io.mnemos.contracts.identity;

import java.util.Objects;

/**
 * An {@link InternalToken} that cannot be trusted. The {@link #reason()} says why; the message adds detail that is
 * safe to show to the caller (it never contains the secret or the token).
 */
public class InvalidInternalTokenException extends RuntimeException {
    /** Why a token was refused. */
    public enum Reason {
        /** Not a token at all: wrong shape, bad base64, unreadable or invalid payload, unsupported version. */
        MALFORMED("malformed"),
        /** Well-formed, but not signed with this secret: forged, tampered with, or signed with another secret. */
        BAD_SIGNATURE("bad-signature"),
        /** Authentic, but its expiry has passed. */
        EXPIRED("expired");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        /** Stable, kebab-case name for APIs and logs ({@code malformed}, {@code bad-signature}, {@code expired}). */
        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public InvalidInternalTokenException(Reason reason, String message) {
        this(reason, message, null);
    }

    public InvalidInternalTokenException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the token was refused. */
    public Reason reason() {
        return reason;
    }
}

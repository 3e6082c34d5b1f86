package io.mnemos.gateway.auth;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * A stored API key (never the key itself: only its hash is stored, and this record does not even carry that).
 *
 * @param prefix    the first characters of the key, to recognise it in listings
 * @param name      what the key is for (free text, optional)
 * @param expiresAt when the key stops working, or {@code null} for never
 * @param revokedAt when an admin revoked it, or {@code null}
 */
public record ApiKeyRecord(
        UUID keyId,
        String tenant,
        String prefix,
        Set<String> scopes,
        String name,
        Instant createdAt,
        Instant expiresAt,
        Instant revokedAt) {
    public boolean revoked() {
        return revokedAt != null;
    }

    public boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /** {@code active}, {@code expired} or {@code revoked}. */
    public String status(Instant now) {
        return revoked() ? "revoked" : expiredAt(now) ? "expired" : "active";
    }
}

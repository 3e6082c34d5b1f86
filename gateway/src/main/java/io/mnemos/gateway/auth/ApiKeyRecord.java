package io.mnemos.gateway.auth;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** A stored API key (without the key itself). */
public record ApiKeyRecord(
        UUID keyId,
        String tenant,
        String prefix,
        Set<String> scopes,
        String description,
        Instant createdAt,
        Instant revokedAt) {
    public boolean revoked() {
        return revokedAt != null;
    }
}

package io.mnemos.gateway.admin;

import io.mnemos.gateway.auth.ApiKeyRecord;
import io.mnemos.gateway.auth.ApiKeyStore;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Request and response bodies of the admin API. */
final class AdminDtos {
    private AdminDtos() {}

    @Schema(description = "A new tenant")
    record CreateTenantRequest(
            @Schema(description = "Display name", example = "Acme Robotics") @NotBlank @Size(max = 200) String name,
            @Schema(
                            description = "Tenant id; derived from the name when absent (lower-case, dashes)",
                            example = "acme-robotics",
                            nullable = true)
                    @Pattern(
                            regexp = "[a-z0-9][a-z0-9-]{0,62}",
                            message = "must be lower-case letters, digits and dashes (at most 63), starting with a"
                                    + " letter or digit")
                    String tenantId) {}

    @Schema(description = "A tenant")
    record TenantView(
            @Schema(example = "acme-robotics") String tenantId,
            @Schema(example = "Acme Robotics") String name,
            Instant createdAt) {
        static TenantView of(ApiKeyStore.Tenant t) {
            return new TenantView(t.tenantId(), t.name(), t.createdAt());
        }
    }

    record TenantList(List<TenantView> tenants) {}

    @Schema(description = "A new API key")
    record CreateKeyRequest(
            @Schema(
                            description = "What the key may do: memory:read, memory:write, memory:erase,"
                                    + " documents:read, documents:write, vision:read, vision:write, admin",
                            example = "[\"memory:read\", \"memory:write\", \"documents:read\"]")
                    @NotEmpty
                    @Size(max = 32)
                    Set<@NotBlank @Size(max = 128) String> scopes,
            @Schema(description = "What the key is for", example = "support bot", nullable = true) @Size(max = 200)
                    String name,
            @Schema(
                            description = "When the key stops working (must be in the future); never when absent",
                            nullable = true)
                    Instant expiresAt) {}

    @Schema(description = "The created key. The key itself is shown only in this response: store it now.")
    record CreatedKey(
            UUID keyId,
            @Schema(description = "The secret key (shown once)", example = "mn_Vq3…") String key,
            String tenant,
            @Schema(description = "First characters of the key, shown in listings", example = "mn_Vq3xY2a")
                    String prefix,
            Set<String> scopes,
            String name,
            Instant createdAt,
            Instant expiresAt) {}

    @Schema(description = "A stored key (never the key itself)")
    record KeyView(
            UUID keyId,
            String tenant,
            String prefix,
            Set<String> scopes,
            String name,
            Instant createdAt,
            Instant expiresAt,
            Instant revokedAt,
            @Schema(allowableValues = {"active", "expired", "revoked"}) String status) {
        static KeyView of(ApiKeyRecord r, Instant now) {
            return new KeyView(
                    r.keyId(),
                    r.tenant(),
                    r.prefix(),
                    r.scopes(),
                    r.name(),
                    r.createdAt(),
                    r.expiresAt(),
                    r.revokedAt(),
                    r.status(now));
        }
    }

    record KeyList(List<KeyView> keys) {}
}

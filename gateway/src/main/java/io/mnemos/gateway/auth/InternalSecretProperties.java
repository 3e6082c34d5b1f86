package io.mnemos.gateway.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The secret the gateway signs forwarded identities with; every service verifies with the same one.
 *
 * @param internalSecret at least 32 characters (environment variable {@code MNEMOS_SECURITY_INTERNAL_SECRET})
 */
@Validated
@ConfigurationProperties("mnemos.security")
public record InternalSecretProperties(
        @NotBlank(message = "set MNEMOS_SECURITY_INTERNAL_SECRET (32+ characters, shared with every service)")
                @Size(min = 32, message = "must be at least 32 characters; generate one with: openssl rand -hex 32")
                String internalSecret) {}

package io.mnemos.gateway.auth;

import io.mnemos.gateway.GatewayProperties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Makes the bootstrap admin key ({@code MNEMOS_ADMIN_KEY}) valid for the platform tenant ({@code
 * mnemos.gateway.auth.admin-tenant}, {@code default}). The launcher passes the key from {@code MNEMOS_ADMIN_KEY} when
 * set, else the one it generated and printed on the first start (kept in {@code .data/secrets/admin-key}). A key
 * revoked through the admin API stays revoked across restarts.
 */
@Component
class BootstrapAdminKey implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(BootstrapAdminKey.class);

    private final ApiKeyStore store;
    private final GatewayProperties props;
    private final String tenant;

    BootstrapAdminKey(ApiKeyStore store, GatewayProperties props, AuthProperties auth) {
        this.store = store;
        this.props = props;
        this.tenant = auth.adminTenant();
    }

    @Override
    public void run(ApplicationArguments args) {
        store.ensureTenant(tenant, "Default tenant");
        String key = props.adminKey();
        if (key == null || key.isBlank()) {
            log.warn("No bootstrap admin key (MNEMOS_ADMIN_KEY) is set: only keys already stored will be accepted.");
            return;
        }
        if (!ApiKeys.plausible(key)) {
            throw new IllegalStateException(
                    "MNEMOS_ADMIN_KEY must be 16 to 256 characters without spaces; generate one with: openssl rand -hex 32");
        }
        ApiKeyRecord rec = store.insert(tenant, key, Set.of("admin"), "bootstrap admin key", null);
        if (rec.revoked()) {
            log.warn("Bootstrap admin key {}… was revoked at {}: it stays revoked", rec.prefix(), rec.revokedAt());
        } else {
            log.info("Bootstrap admin key {}… is active for tenant '{}'", rec.prefix(), rec.tenant());
        }
    }
}

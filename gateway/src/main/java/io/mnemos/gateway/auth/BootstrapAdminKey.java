package io.mnemos.gateway.auth;

import io.mnemos.gateway.GatewayProperties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Makes the bootstrap admin key ({@code MNEMOS_ADMIN_KEY}) valid for tenant {@code default}. The launcher generates
 * and prints that key on the first start; automation passes its own.
 */
@Component
class BootstrapAdminKey implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(BootstrapAdminKey.class);
    static final String DEFAULT_TENANT = "default";

    private final ApiKeyStore store;
    private final GatewayProperties props;

    BootstrapAdminKey(ApiKeyStore store, GatewayProperties props) {
        this.store = store;
        this.props = props;
    }

    @Override
    public void run(ApplicationArguments args) {
        store.ensureTenant(DEFAULT_TENANT, "Default tenant");
        String key = props.adminKey();
        if (key == null || key.isBlank()) {
            log.warn("No bootstrap admin key (MNEMOS_ADMIN_KEY) is set: only keys already stored will be accepted.");
            return;
        }
        if (!ApiKeys.plausible(key)) {
            throw new IllegalStateException(
                    "MNEMOS_ADMIN_KEY must be 16 to 256 characters without spaces; generate one with: openssl rand -hex 32");
        }
        ApiKeyRecord rec = store.insert(DEFAULT_TENANT, key, Set.of("admin"), "bootstrap admin key");
        log.info("Bootstrap admin key {}… is active for tenant '{}'", rec.prefix(), rec.tenant());
    }
}

package io.mnemos.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mnemos.contracts.identity.Identity;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TenantContextTest {
    private static final Identity ACME = Identity.of("acme", "key:a", "memory:read");
    private static final Identity GLOBEX = Identity.of("globex", "key:g");

    @Test
    void unboundOutsideAScope() {
        assertThat(TenantContext.find()).isEmpty();
        assertThatThrownBy(TenantContext::current)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No caller identity");
    }

    @Test
    void boundInsideAScopeAndRestoredAfter() throws Exception {
        AtomicReference<String> inner = new AtomicReference<>();
        String outer = TenantContext.callAs(ACME, () -> {
            TenantContext.runAs(GLOBEX, () -> inner.set(TenantContext.tenant()));
            return TenantContext.tenant();
        });

        assertThat(inner).hasValue("globex");
        assertThat(outer).isEqualTo("acme");
        assertThat(TenantContext.find()).isEmpty();
    }

    @Test
    void notInheritedByOtherThreads() throws Exception {
        AtomicReference<Boolean> seen = new AtomicReference<>();
        TenantContext.runAs(ACME, () -> {
            Thread t =
                    Thread.ofVirtual().start(() -> seen.set(TenantContext.find().isPresent()));
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        assertThat(seen).hasValue(false);
    }
}

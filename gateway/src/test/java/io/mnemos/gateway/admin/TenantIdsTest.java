package io.mnemos.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TenantIdsTest {
    @Test
    void tenantIdsAreDerivedFromNames() {
        assertThat(AdminController.slug("Acme Robotics")).isEqualTo("acme-robotics");
        assertThat(AdminController.slug("  --Café & Co. 2--")).isEqualTo("caf-co-2");
        assertThat(AdminController.slug("x".repeat(80))).hasSize(63);
        assertThatThrownBy(() -> AdminController.slug("!!!")).isInstanceOf(AdminProblem.class);
    }
}

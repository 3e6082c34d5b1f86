package io.mnemos.contracts.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentityTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "0", "acme", "acme-corp-2", "default"})
    void acceptsValidTenants(String tenant) {
        assertThat(new Identity(tenant, "p", Set.of()).tenant()).isEqualTo(tenant);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-acme", "Acme", "acme_corp", "acme corp", "acme/..", "ä"})
    void rejectsInvalidTenants(String tenant) {
        assertThatThrownBy(() -> new Identity(tenant, "p", Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tenant must match");
    }

    @Test
    void tenantLengthIsCapped() {
        assertThat(new Identity("a".repeat(63), "p", null).tenant()).hasSize(63);
        assertThatThrownBy(() -> new Identity("a".repeat(64), "p", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsBadPrincipalsAndScopes() {
        assertThatThrownBy(() -> new Identity("acme", " ", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Identity("acme", "a\nb", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Identity("acme", null, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Identity("acme", "p", Set.of("memory read")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scope");
        assertThatThrownBy(() -> new Identity("acme", "p", Set.of(""))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scopesAreSortedAndUnmodifiable() {
        Identity id = new Identity("acme", "p", Set.of("b", "a", "c"));

        assertThat(List.copyOf(id.scopes())).containsExactly("a", "b", "c");
        assertThatThrownBy(() -> id.scopes().add("d")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void adminImpliesEveryScope() {
        Identity admin = Identity.of("acme", "root", Identity.ADMIN_SCOPE);
        Identity reader = Identity.of("acme", "bob", "memory:read");

        assertThat(admin.hasScope("memory:write")).isTrue();
        assertThat(admin.hasAllScopes(List.of("memory:write", "retrieval:read")))
                .isTrue();
        assertThat(reader.hasScope("memory:read")).isTrue();
        assertThat(reader.hasScope("memory:write")).isFalse();
        assertThat(reader.hasAllScopes(List.of("memory:read", "memory:write"))).isFalse();
    }
}

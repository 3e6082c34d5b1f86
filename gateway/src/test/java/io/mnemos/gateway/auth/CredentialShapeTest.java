package io.mnemos.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CredentialShapeTest {
    @Test
    void jwtsAreToldApartFromApiKeysByShape() {
        assertThat(JwtAuthenticator.looksLikeJwt("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln"))
                .isTrue();
        assertThat(JwtAuthenticator.looksLikeJwt(ApiKeys.generate())).isFalse();
        // devstack's generated admin keys: 43 base64url characters, no dots
        assertThat(JwtAuthenticator.looksLikeJwt("Vq3xY2aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789_"))
                .isFalse();
        assertThat(JwtAuthenticator.looksLikeJwt("eyJ.only-two")).isFalse();
        assertThat(JwtAuthenticator.looksLikeJwt("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln.extra"))
                .isFalse();
        assertThat(JwtAuthenticator.looksLikeJwt(null)).isFalse();
    }
}

package io.mnemos.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

class ApiKeysTest {
    @Test
    void generatedKeysAreUniquePlausibleAndHashStably() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String k = ApiKeys.generate();
            assertThat(k).startsWith("mn_").hasSize(3 + 43);
            assertThat(ApiKeys.plausible(k)).isTrue();
            keys.add(k);
        }
        assertThat(keys).hasSize(100);
        String k = keys.iterator().next();
        assertThat(ApiKeys.hash(k)).isEqualTo(ApiKeys.hash(k)).hasSize(64).isNotEqualTo(ApiKeys.hash(k + "x"));
        assertThat(ApiKeys.displayPrefix(k)).hasSize(10).isEqualTo(k.substring(0, 10));
    }

    @Test
    void implausibleKeysAreRejectedBeforeAnyLookup() {
        assertThat(ApiKeys.plausible(null)).isFalse();
        assertThat(ApiKeys.plausible("short")).isFalse();
        assertThat(ApiKeys.plausible("has a space in the middle of it")).isFalse();
        assertThat(ApiKeys.plausible("x".repeat(257))).isFalse();
    }

    @Test
    void keysAreReadFromBearerOrApiKeyHeaderAndQueryOnlyForWebSockets() {
        assertThat(AuthenticationFilter.presentedKey(MockServerHttpRequest.get("/v1/x")
                        .header("Authorization", "Bearer mn_abc")
                        .build()))
                .contains("mn_abc");
        assertThat(AuthenticationFilter.presentedKey(MockServerHttpRequest.get("/v1/x")
                        .header("X-API-Key", " mn_def ")
                        .build()))
                .contains("mn_def");
        assertThat(AuthenticationFilter.presentedKey(
                        MockServerHttpRequest.get("/v1/x?api_key=mn_q").build()))
                .isEmpty();
        assertThat(AuthenticationFilter.presentedKey(MockServerHttpRequest.get("/v1/x?api_key=mn_q")
                        .header("Upgrade", "websocket")
                        .build()))
                .contains("mn_q");
        assertThat(AuthenticationFilter.presentedKey(MockServerHttpRequest.get("/v1/x")
                        .header("Authorization", "Basic abc")
                        .build()))
                .isEmpty();
    }
}

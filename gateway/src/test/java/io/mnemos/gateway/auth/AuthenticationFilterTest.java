package io.mnemos.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mnemos.contracts.identity.Identity;
import io.mnemos.contracts.identity.InternalToken;
import io.mnemos.gateway.GatewayProperties;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

class AuthenticationFilterTest {
    private static final String SECRET = "unit-test-internal-secret-" + "x".repeat(32);
    private static final String KEY = "mn_unit-test-key-0123456789";

    /** Accepts exactly {@link #KEY}, as tenant {@code acme}. */
    private static final ApiKeyAuthenticator KEYS = new ApiKeyAuthenticator(null, Clock.systemUTC()) {
        @Override
        public Mono<Identity> authenticate(String key) {
            return KEY.equals(key)
                    ? Mono.just(Identity.of("acme", "key:1", "memory:read"))
                    : Mono.error(AuthenticationFailure.unauthorized("invalid-credentials", "Invalid", "unknown"));
        }
    };

    private final AuthenticationFilter filter = new AuthenticationFilter(new Authentication(
            KEYS,
            new StaticListableBeanFactory().getBeanProvider(JwtAuthenticator.class),
            new GatewayProperties(
                    new GatewayProperties.Services(
                            URI.create("http://o"),
                            URI.create("http://m"),
                            URI.create("http://r"),
                            URI.create("http://s"),
                            URI.create("http://v")),
                    DataSize.ofMegabytes(1),
                    Duration.ofSeconds(60),
                    null,
                    List.of("/actuator/health", "/console/**")),
            new InternalSecretProperties(SECRET),
            Clock.systemUTC(),
            new SimpleMeterRegistry()));

    @Test
    void aWebSocketKeyInTheQueryIsAcceptedAndNotForwarded() {
        var forwarded = run(MockServerHttpRequest.get("/v1/sessions/s/stream?api_key=" + KEY + "&x=1")
                .header("Upgrade", "websocket")
                .build());
        assertThat(forwarded.get()).isNotNull();
        assertThat(forwarded.get().getRequest().getURI().getRawQuery()).isEqualTo("x=1");
        String token = forwarded.get().getRequest().getHeaders().getFirst(InternalToken.HEADER);
        assertThat(InternalToken.verify(token, SECRET.getBytes(StandardCharsets.UTF_8), Instant.now())
                        .tenant())
                .isEqualTo("acme");
    }

    @Test
    void publicPathsPassWithoutCredentialsButNeverWithAClientIdentity() {
        var forwarded = run(MockServerHttpRequest.get("/console/index.html")
                .header(InternalToken.HEADER, "forged")
                .build());
        assertThat(forwarded.get().getRequest().getHeaders().containsHeader(InternalToken.HEADER))
                .isFalse();
    }

    @Test
    void jwtsAreRefusedWithAClearReasonWhenNotConfigured() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/v1/images/x")
                .header("Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln")
                .build());
        filter.filter(exchange, e -> Mono.error(new AssertionError("must not pass")))
                .block();
        assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(401);
        assertThat(exchange.getResponse().getBodyAsString().block()).contains("unsupported-credentials");
    }

    @Test
    void anEmptyBearerCredentialIsCalledMissingAfterTheSchemeNotAWrongScheme() {
        // Servers drop the trailing space: "Bearer " arrives as "Bearer".
        for (String header : List.of("Bearer", "Bearer ", "bearer   ")) {
            MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/v1/images/x")
                    .header("Authorization", header)
                    .build());
            filter.filter(exchange, e -> Mono.error(new AssertionError("must not pass")))
                    .block();
            assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(401);
            assertThat(exchange.getResponse().getBodyAsString().block())
                    .as(header)
                    .contains("malformed-credentials")
                    .contains("no key after 'Bearer '")
                    .doesNotContain("must use the Bearer scheme");
        }
        // A key after the scheme, with extra blanks, is still read.
        var forwarded = run(MockServerHttpRequest.get("/v1/images/x")
                .header("Authorization", "Bearer   " + KEY)
                .build());
        assertThat(forwarded.get()).isNotNull();
    }

    private AtomicReference<ServerWebExchange> run(MockServerHttpRequest request) {
        AtomicReference<ServerWebExchange> seen = new AtomicReference<>();
        WebFilterChain chain = e -> {
            seen.set(e);
            return Mono.empty();
        };
        filter.filter(MockServerWebExchange.from(request), chain).block();
        return seen;
    }
}

package io.mnemos.gateway.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ProblemsTest {
    @Test
    void problemsAreFlatRfc9457DocumentsWithTypeInstanceAndRequestId() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/v1/x")
                .header("X-Request-Id", "req-1")
                .build());
        Problems.write(
                        exchange,
                        Problems.of(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests", "slow down"),
                        Map.of("Retry-After", "2"))
                .block();
        var response = exchange.getResponse();
        assertThat(response.getStatusCode().value()).isEqualTo(429);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("2");
        JsonNode body =
                JsonMapper.builder().build().readTree(response.getBodyAsString().block());
        assertThat(body.path("type").asString()).isEqualTo("https://mnemos.io/problems/rate-limited");
        assertThat(body.path("title").asString()).isEqualTo("Too many requests");
        assertThat(body.path("status").asInt()).isEqualTo(429);
        assertThat(body.path("detail").asString()).isEqualTo("slow down");
        assertThat(body.path("instance").asString()).isEqualTo("/v1/x");
        assertThat(body.path("requestId").asString()).isEqualTo("req-1");
        assertThat(body.has("properties")).isFalse();
    }

    @Test
    void aConnectionClosedByTheServiceIsABadGatewayNotAnInternalError() {
        MockServerWebExchange exchange = MockServerWebExchange.from(
                MockServerHttpRequest.post("/v1/sessions/s1/turns").build());
        // PrematureCloseException has no public constructor; Reactor Netty offers an instance for tests
        var problem = ProblemErrorHandler.toProblem(
                exchange, reactor.netty.http.client.PrematureCloseException.TEST_EXCEPTION);

        assertThat(problem.getStatus()).isEqualTo(502);
        assertThat(problem.getType().toString()).isEqualTo("https://mnemos.io/problems/upstream-closed");
        assertThat(problem.getDetail()).contains("/v1/sessions/s1/turns").contains("retry");
    }
}

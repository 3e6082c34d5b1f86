package io.mnemos.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnemos.devstack.JdbcSettings;
import io.mnemos.gateway.GatewayApplication;
import io.mnemos.testsupport.TestInfra;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The gateway with a Kafka address where nothing listens: it starts, and the lag report is a 503 problem. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = GatewayApplication.class)
class KafkaDownIT {
    static final String ADMIN_KEY = "mn_it-admin-" + UUID.randomUUID();
    static final JdbcSettings db;
    static final int closedPort;

    static {
        try {
            db = TestInfra.createDatabase("gateway_kafka_down_it");
            try (ServerSocket s = new ServerSocket(0)) {
                closedPort = s.getLocalPort();
            }
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("spring.datasource.url", db::url);
        r.add("spring.datasource.username", db::user);
        r.add("spring.datasource.password", () -> db.password() == null ? "" : db.password());
        r.add("mnemos.security.internal-secret", () -> "kafka-down-it-secret-" + "s".repeat(32));
        r.add("mnemos.gateway.admin-key", () -> ADMIN_KEY);
        r.add("mnemos.gateway.system.kafka-bootstrap", () -> "127.0.0.1:" + closedPort);
        r.add("mnemos.gateway.system.kafka-timeout", () -> "1s");
        for (String s : new String[] {"orchestrator", "memory", "retrieval", "speech", "vision"}) {
            r.add("mnemos.gateway.services." + s, () -> "http://127.0.0.1:" + closedPort);
        }
    }

    @LocalServerPort
    int port;

    @Test
    void anUnreachableKafkaIsA503ProblemThatNamesTheCluster() {
        WebTestClient client = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
        var result = client.get()
                .uri("/v1/admin/system/kafka-lag")
                .header("Authorization", "Bearer " + ADMIN_KEY)
                .exchange()
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class)
                .returnResult();
        JsonNode problem = JsonMapper.builder().build().readTree(result.getResponseBody());
        assertThat(problem.path("type").asString()).isEqualTo("https://mnemos.io/problems/kafka-unavailable");
        assertThat(problem.path("detail").asString()).contains("127.0.0.1:" + closedPort);
        // The failure went to the recent errors too, as the gateway's own 503.
        String errors = client.get()
                .uri("/v1/admin/system/errors")
                .header("Authorization", "Bearer " + ADMIN_KEY)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(errors).contains("\"status\":503", "Kafka unavailable", "/v1/admin/system/kafka-lag");
    }
}

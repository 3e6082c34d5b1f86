package io.mnemos.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.mnemos.contracts.identity.Identity;
import io.mnemos.contracts.identity.InternalToken;
import io.mnemos.devstack.JdbcSettings;
import io.mnemos.gateway.auth.ApiKeyStore;
import io.mnemos.gateway.auth.ApiKeys;
import io.mnemos.gateway.support.JwkServer;
import io.mnemos.gateway.support.KafkaFixtures;
import io.mnemos.gateway.support.StubService;
import io.mnemos.testsupport.TestInfra;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway as it runs: a real server on a random port, its schema in a fresh PostgreSQL database, rate limits in
 * the real Redis (the in-process limiter takes over if Redis is not running), a real HTTP server standing in for every
 * service, and a real JWK set endpoint for JWTs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = GatewayApplication.class)
class GatewayIT {
    static final String ADMIN_KEY = "mn_it-admin-" + UUID.randomUUID();
    static final String SECRET = "gateway-it-internal-secret-" + "s".repeat(32);
    static final String REDIS_URL = "redis://127.0.0.1:6379";
    static final String REDIS_PREFIX =
            "mnemos:it:" + UUID.randomUUID().toString().substring(0, 8) + ":";
    static final String LIMITED_TENANT = "rate-limited";
    static final JsonMapper JSON = JsonMapper.builder().build();

    static final StubService stub;
    static final JwkServer idp;
    static final JdbcSettings db;
    static final int closedPort;

    static {
        try {
            stub = new StubService();
            idp = new JwkServer();
            db = TestInfra.createDatabase("gateway_it");
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
        r.add("mnemos.security.internal-secret", () -> SECRET);
        r.add("mnemos.gateway.admin-key", () -> ADMIN_KEY);
        for (String s : List.of("orchestrator", "memory", "retrieval", "vision")) {
            r.add("mnemos.gateway.services." + s, () -> stub.uri().toString());
        }
        r.add("mnemos.gateway.services.speech", () -> "http://127.0.0.1:" + closedPort);
        r.add("mnemos.gateway.max-request-size", () -> "64KB");
        r.add("mnemos.gateway.timeouts.routes.vision", () -> "1s");
        r.add("mnemos.gateway.cors.allowed-origins", () -> "https://app.example.com");
        r.add("mnemos.gateway.auth.jwt.jwk-set-uri", () -> idp.jwkSetUri().toString());
        r.add("mnemos.gateway.auth.jwt.issuer-uri", () -> JwkServer.ISSUER);
        r.add("mnemos.gateway.rate-limit.redis-url", () -> REDIS_URL);
        r.add("mnemos.gateway.system.kafka-bootstrap", TestInfra::kafkaBootstrap);
        r.add("mnemos.gateway.rate-limit.key-prefix", () -> REDIS_PREFIX);
        r.add("mnemos.gateway.rate-limit.tenants." + LIMITED_TENANT + ".requests-per-second", () -> "1");
        r.add("mnemos.gateway.rate-limit.tenants." + LIMITED_TENANT + ".burst", () -> "2");
    }

    @LocalServerPort
    int port;

    @Autowired
    ApiKeyStore store;

    WebTestClient client;

    @BeforeEach
    void client() {
        client = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    @AfterAll
    static void stop() {
        stub.close();
        idp.close();
    }

    // --- admin API ---

    @Test
    void adminCreatesTenantAndKeyThatReachesServicesAsThatTenantUntilRevoked() {
        String suffix = rand();
        JsonNode tenant = admin(post("/v1/admin/tenants", "{\"name\":\"Acme Robotics " + suffix + "\"}"), 201);
        String tenantId = tenant.path("tenantId").asString();
        assertThat(tenantId).isEqualTo("acme-robotics-" + suffix);
        problem(
                admin(post("/v1/admin/tenants", "{\"name\":\"x\",\"tenantId\":\"" + tenantId + "\"}")),
                409,
                "conflict");

        JsonNode created = admin(
                post(
                        "/v1/admin/tenants/" + tenantId + "/keys",
                        "{\"scopes\":[\"memory:read\",\"documents:read\"],\"name\":\"bot\"}"),
                201);
        String key = created.path("key").asString();
        String keyId = created.path("keyId").asString();
        assertThat(key).startsWith("mn_");
        assertThat(created.path("prefix").asString()).isEqualTo(key.substring(0, 10));

        EntityExchangeResult<String> list = admin(get("/v1/admin/tenants/" + tenantId + "/keys"));
        assertThat(list.getStatus().value()).isEqualTo(200);
        assertThat(list.getResponseBody()).doesNotContain(key).doesNotContain(ApiKeys.hash(key));
        JsonNode listed = JSON.readTree(list.getResponseBody()).path("keys").get(0);
        assertThat(listed.path("keyId").asString()).isEqualTo(keyId);
        assertThat(listed.has("key")).isFalse();
        assertThat(listed.path("status").asString()).isEqualTo("active");
        assertThat(listed.path("name").asString()).isEqualTo("bot");

        // The key works as X-API-Key and as a bearer token, and services see its tenant, never the key.
        for (var auth : List.<Map.Entry<String, String>>of(
                Map.entry("X-API-Key", key), Map.entry(HttpHeaders.AUTHORIZATION, "Bearer " + key))) {
            JsonNode echoed = json(client.get()
                    .uri("/v1/images/some-id")
                    .header(auth.getKey(), auth.getValue())
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .returnResult());
            Identity seen = verify(echoed.path("identity").asString());
            assertThat(seen.tenant()).isEqualTo(tenantId);
            assertThat(seen.principal()).isEqualTo("key:" + keyId);
            assertThat(seen.scopes()).containsExactlyInAnyOrder("memory:read", "documents:read");
            assertThat(echoed.path("authorization").isNull()).isTrue();
            assertThat(echoed.path("apiKey").isNull()).isTrue();
        }

        client.delete()
                .uri("/v1/admin/keys/" + keyId)
                .header("X-API-Key", ADMIN_KEY)
                .exchange()
                .expectStatus()
                .isNoContent();
        // Revocation is immediate on this instance (the 5 s key cache was evicted).
        problem(client.get().uri("/v1/images/some-id").header("X-API-Key", key).exchange(), 401, "revoked-credentials");
        JsonNode after = admin(get("/v1/admin/tenants/" + tenantId + "/keys"), 200);
        assertThat(after.path("keys").get(0).path("status").asString()).isEqualTo("revoked");
        JsonNode tenants = admin(get("/v1/admin/tenants"), 200);
        assertThat(tenants.path("tenants").valueStream().map(t -> t.path("tenantId")
                        .asString()))
                .contains(tenantId, "default");
    }

    @Test
    void tenantAdminsManageOnlyTheirOwnTenantAndLearnNothingAboutOthers() {
        String a = createTenant();
        String b = createTenant();
        JsonNode keyA = createKey(a, "[\"memory:read\"]");
        String adminB = createKey(b, "[\"admin\"]").path("key").asString();

        EntityExchangeResult<String> otherTenant = as(adminB, get("/v1/admin/tenants/" + a + "/keys"));
        EntityExchangeResult<String> noTenant = as(adminB, get("/v1/admin/tenants/no-such-" + rand() + "/keys"));
        problem(otherTenant, 404, "not-found");
        problem(noTenant, 404, "not-found");
        assertThat(JSON.readTree(otherTenant.getResponseBody()).path("detail").asString())
                .isEqualTo("No tenant '" + a + "'.");
        problem(as(adminB, post("/v1/admin/tenants/" + a + "/keys", "{\"scopes\":[\"admin\"]}")), 404, "not-found");
        EntityExchangeResult<String> revokeOther =
                as(adminB, delete("/v1/admin/keys/" + keyA.path("keyId").asString()));
        EntityExchangeResult<String> revokeNone = as(adminB, delete("/v1/admin/keys/" + UUID.randomUUID()));
        problem(revokeOther, 404, "not-found");
        problem(revokeNone, 404, "not-found");
        problem(as(adminB, post("/v1/admin/tenants", "{\"name\":\"sneaky\"}")), 403, "insufficient-scope");

        JsonNode visible = json(as(adminB, get("/v1/admin/tenants")));
        assertThat(visible.path("tenants").valueStream().map(t -> t.path("tenantId")
                        .asString()))
                .containsExactly(b);
        assertThat(json(as(adminB, post("/v1/admin/tenants/" + b + "/keys", "{\"scopes\":[\"documents:read\"]}")))
                        .path("tenant")
                        .asString())
                .isEqualTo(b);
        // A key without the admin scope cannot use the admin API at all; A's key still works (B could not revoke it).
        problem(as(keyA.path("key").asString(), get("/v1/admin/tenants")), 403, "insufficient-scope");
        client.get()
                .uri("/v1/images/x")
                .header("X-API-Key", keyA.path("key").asString())
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void badAdminInputIsAnsweredWithProblemsThatNameTheField() {
        String t = createTenant();
        String keys = "/v1/admin/tenants/" + t + "/keys";
        JsonNode empty = problem(admin(post(keys, "{\"scopes\":[]}")), 400, "validation-failed");
        assertThat(empty.path("errors").get(0).path("field").asString()).isEqualTo("scopes");
        assertThat(problem(admin(post(keys, "{\"scopes\":[\"memory:delete-everything\"]}")), 400, "validation-failed")
                        .path("detail")
                        .asString())
                .contains("memory:delete-everything");
        JsonNode surprise = problem(
                admin(post(keys, "{\"scopes\":[\"documents:read\"],\"surprise\":1}")), 400, "malformed-request");
        assertThat(surprise.path("detail").asString())
                .startsWith("surprise is not a known field; the accepted fields are: expiresAt, name, scopes.");
        assertThat(surprise.path("errors").get(0).path("field").asString()).isEqualTo("surprise");
        assertThat(problem(admin(post(keys, "{\"scopes\":")), 400, "malformed-request")
                        .path("detail")
                        .asString())
                .startsWith("The request body is not valid JSON: ")
                .contains("at line 1, column ")
                .doesNotContain("Source", "REDACTED", "StreamReadFeature", "#UNKNOWN", "marker at");
        JsonNode brace = problem(admin(post("/v1/admin/tenants", "{")), 400, "malformed-request");
        assertThat(brace.path("detail").asString())
                .startsWith("The request body is not valid JSON: ")
                .contains("at line 1, column 2")
                .doesNotContain("Source", "REDACTED", "StreamReadFeature", "#UNKNOWN", "marker at");
        JsonNode tomorrow = problem(
                admin(post(keys, "{\"scopes\":[\"memory:read\"],\"expiresAt\":\"tomorrow\"}")),
                400,
                "malformed-request");
        assertThat(tomorrow.path("detail").asString())
                .startsWith("expiresAt must be an ISO-8601 timestamp (e.g. 2027-01-31T00:00:00Z), got 'tomorrow'.")
                .doesNotContain("could not be parsed");
        assertThat(tomorrow.path("errors").get(0).path("field").asString()).isEqualTo("expiresAt");
        assertThat(problem(admin(post(keys, "{\"scopes\":\"memory:read\"}")), 400, "malformed-request")
                        .path("detail")
                        .asString())
                .startsWith("scopes must be an array");
        assertThat(problem(admin(post(keys, "")), 400, "malformed-request")
                        .path("detail")
                        .asString())
                .contains("missing");
        problem(
                admin(post(keys, "{\"scopes\":[\"documents:read\"],\"expiresAt\":\"2001-01-01T00:00:00Z\"}")),
                400,
                "validation-failed");
        problem(
                admin(post("/v1/admin/tenants/nobody-" + rand() + "/keys", "{\"scopes\":[\"documents:read\"]}")),
                404,
                "not-found");
        problem(admin(post("/v1/admin/tenants", "{\"name\":\"!!!\"}")), 400, "validation-failed");
        problem(
                admin(post("/v1/admin/tenants", "{\"name\":\"ok\",\"tenantId\":\"Not Valid\"}")),
                400,
                "validation-failed");
        JsonNode notUuid = problem(admin(delete("/v1/admin/keys/not-a-uuid")), 400, "malformed-request");
        assertThat(notUuid.path("detail").asString())
                .startsWith("keyId must be a UUID")
                .contains("got 'not-a-uuid'")
                .doesNotContain("Invalid UUID string");
        assertThat(notUuid.path("errors").get(0).path("field").asString()).isEqualTo("keyId");
        // PostgreSQL cannot store NUL: this was a 500.
        JsonNode nul = problem(admin(post("/v1/admin/tenants", "{\"name\":\"a\\u0000b\"}")), 400, "invalid-field");
        assertThat(nul.path("errors").get(0).path("field").asString()).isEqualTo("name");
        assertThat(nul.path("detail").asString()).contains("'name'", "NUL", "cannot be stored");
        problem(admin(post(keys, "{\"scopes\":[\"documents:read\"],\"name\":\"bot\\u0000\"}")), 400, "invalid-field");
        // Nothing of the rejected requests was stored.
        assertThat(admin(get(keys), 200).path("keys")).isEmpty();
    }

    // --- credentials ---

    @Test
    void everyCredentialProblemIsA401ThatSaysWhich() {
        problem(client.get().uri("/v1/images/x").exchange(), 401, "missing-credentials");
        problem(
                client.get()
                        .uri("/v1/images/x")
                        .header("Authorization", "Basic YWJjOmRlZg==")
                        .exchange(),
                401,
                "malformed-credentials");
        assertThat(problem(
                                client.get()
                                        .uri("/v1/images/x")
                                        .header("Authorization", "Bearer ")
                                        .exchange(),
                                401,
                                "malformed-credentials")
                        .path("detail")
                        .asString())
                .contains("no key after 'Bearer '");
        problem(client.get().uri("/v1/images/x").header("X-API-Key", "short").exchange(), 401, "malformed-credentials");
        problem(
                client.get()
                        .uri("/v1/images/x")
                        .header("X-API-Key", "mn_" + "z".repeat(43))
                        .exchange(),
                401,
                "invalid-credentials");
        String t = createTenant();
        String expiredKey = ApiKeys.generate();
        store.insert(
                t, expiredKey, Set.of("documents:read"), "old", Instant.now().minusSeconds(60));
        JsonNode expired = problem(
                client.get().uri("/v1/images/x").header("X-API-Key", expiredKey).exchange(),
                401,
                "expired-credentials");
        assertThat(expired.path("detail").asString()).contains("expired");
    }

    @Test
    void aForgedIdentityHeaderNeverReachesAService() {
        String forged = InternalToken.sign(
                Identity.of("victim", "mallory", "admin"),
                SECRET.getBytes(StandardCharsets.UTF_8),
                Instant.now().plusSeconds(60));
        String t = createTenant();
        String key = createKey(t, "[\"documents:read\"]").path("key").asString();
        JsonNode echoed = json(client.get()
                .uri("/v1/images/x")
                .header("X-API-Key", key)
                .header(InternalToken.HEADER, forged)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult());
        assertThat(echoed.path("identityHeaders").asInt()).isEqualTo(1);
        assertThat(verify(echoed.path("identity").asString()).tenant()).isEqualTo(t);
        // Without credentials the forged header gets nowhere either.
        problem(
                client.get()
                        .uri("/v1/images/x")
                        .header(InternalToken.HEADER, forged)
                        .exchange(),
                401,
                "missing-credentials");
    }

    @Test
    void jwtsSignedByTheConfiguredIssuerAreAcceptedAndBadOnesSayWhy() {
        Instant later = Instant.now().plusSeconds(300);
        String good = idp.token(
                Map.of("sub", "user-1", "tenant", "jwt-tenant", "scope", "memory:read documents:read"), later);
        Identity seen = verify(json(client.get()
                        .uri("/v1/images/x")
                        .header("Authorization", "Bearer " + good)
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(String.class)
                        .returnResult())
                .path("identity")
                .asString());
        assertThat(seen).isEqualTo(new Identity("jwt-tenant", "jwt:user-1", Set.of("memory:read", "documents:read")));

        String expired = idp.token(
                Map.of("sub", "u", "tenant", "jwt-tenant"), Instant.now().minusSeconds(300));
        assertThat(bearer(expired, 401, "expired-credentials")).contains("expired");
        String wrongIssuer =
                idp.token(Map.of("iss", "https://evil.example", "sub", "u", "tenant", "jwt-tenant"), later);
        assertThat(bearer(wrongIssuer, 401, "invalid-token")).contains("iss");
        String noTenant = idp.token(Map.of("sub", "u"), later);
        assertThat(bearer(noTenant, 401, "invalid-token")).contains("'tenant'");
        String forged = idp.forged(Map.of("sub", "u", "tenant", "jwt-tenant", "scope", "admin"), later);
        assertThat(bearer(forged, 401, "invalid-token")).contains("could not be verified");
        // A JWT never unlocks the admin API without the admin scope.
        problem(
                client.get()
                        .uri("/v1/admin/tenants")
                        .header("Authorization", "Bearer " + good)
                        .exchange(),
                403,
                "insufficient-scope");
    }

    // --- traffic ---

    @Test
    void unknownRoutesOversizedBodiesTimeoutsAndDownServicesAreProblems() {
        String key = createKey(createTenant(), "[\"vision:read\"]").path("key").asString();
        problem(client.get().uri("/v1/nowhere").header("X-API-Key", key).exchange(), 404, "not-found");
        problem(
                client.post()
                        .uri("/v1/images")
                        .header("X-API-Key", key)
                        .contentType(MediaType.APPLICATION_OCTET_STREAM)
                        .bodyValue(new byte[100 * 1024])
                        .exchange(),
                413,
                "payload-too-large");
        long start = System.nanoTime();
        problem(client.get().uri("/v1/images/slow").header("X-API-Key", key).exchange(), 504, "upstream-timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2900));
        problem(client.get().uri("/v1/speech/voices").header("X-API-Key", key).exchange(), 503, "service-unavailable");
        // The proxy rejects this header combination; its message quotes request headers, which must not be echoed.
        JsonNode rejected = problem(
                client.get()
                        .uri("/v1/images/x")
                        .header("X-API-Key", key)
                        .header("Upgrade", "websocket")
                        .exchange(),
                400,
                "http-400");
        assertThat(rejected.toString()).doesNotContain(InternalToken.HEADER).doesNotContain(key);
    }

    @Test
    void aWebSocketUpgradeTheServiceRefusesGetsTheServicesHttpAnswerNot101() {
        String key = createKey(createTenant(), "[\"memory:read\"]").path("key").asString();
        for (int status : new int[] {400, 403, 409}) {
            EntityExchangeResult<String> r = client.get()
                    .uri("/v1/sessions/refuse-" + status + "/stream")
                    .header("Authorization", "Bearer " + key)
                    .header("Connection", "Upgrade")
                    .header("Upgrade", "websocket")
                    .header("Sec-WebSocket-Version", "13")
                    .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                    .exchange()
                    .expectBody(String.class)
                    .returnResult();
            assertThat(r.getStatus().value()).as(r.getResponseBody()).isEqualTo(status);
            assertThat(r.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(r.getResponseHeaders().getFirst("Upgrade")).isNull();
            assertThat(r.getResponseBody()).isEqualTo(StubService.refusal(status));
        }
    }

    @Test
    void eachKeyHasItsOwnTokenBucketAnd429SaysWhenToRetry() throws Exception {
        store.ensureTenant(LIMITED_TENANT, "Rate limited");
        String key = createKey(LIMITED_TENANT, "[\"vision:read\"]").path("key").asString();
        String other =
                createKey(LIMITED_TENANT, "[\"vision:read\"]").path("key").asString();
        for (int i = 0; i < 2; i++) {
            client.get()
                    .uri("/v1/images/x")
                    .header("X-API-Key", key)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .valueEquals("X-RateLimit-Limit", "1");
        }
        EntityExchangeResult<String> limited = client.get()
                .uri("/v1/images/x")
                .header("X-API-Key", key)
                .exchange()
                .expectBody(String.class)
                .returnResult();
        problem(limited, 429, "rate-limited");
        assertThat(Integer.parseInt(limited.getResponseHeaders().getFirst("Retry-After")))
                .isBetween(1, 2);
        // Another key of the same tenant has its own bucket.
        client.get()
                .uri("/v1/images/x")
                .header("X-API-Key", other)
                .exchange()
                .expectStatus()
                .isOk();
        if (redisReachable()) {
            try (RedisClient redis = RedisClient.create(REDIS_URL);
                    StatefulRedisConnection<String, String> c = redis.connect()) {
                assertThat(c.sync().keys(REDIS_PREFIX + "*"))
                        .as("buckets are kept in Redis")
                        .isNotEmpty();
            }
        }
    }

    @Test
    void corsPreflightIsAnsweredForAllowedOriginsOnly() {
        client.options()
                .uri("/v1/images")
                .header("Origin", "https://app.example.com")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "Authorization, Content-Type")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("Access-Control-Allow-Origin", "https://app.example.com");
        problem(
                client.options()
                        .uri("/v1/images")
                        .header("Origin", "https://evil.example.com")
                        .header("Access-Control-Request-Method", "POST")
                        .exchange(),
                403,
                "cors-rejected");
    }

    @Test
    void requestIdsAreForwardedAndEchoedAndMetricsCountRoutesPerTenant() {
        String t = createTenant();
        String key = createKey(t, "[\"vision:read\"]").path("key").asString();
        EntityExchangeResult<String> r = client.get()
                .uri("/v1/images/x")
                .header("X-API-Key", key)
                .header("X-Request-Id", "it-request-1")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-Request-Id", "it-request-1")
                .expectBody(String.class)
                .returnResult();
        assertThat(json(r).path("requestId").asString()).isEqualTo("it-request-1");
        String generated = client.get()
                .uri("/v1/images/x")
                .header("X-API-Key", key)
                .header("X-Request-Id", "not valid!")
                .exchange()
                .returnResult(String.class)
                .getResponseHeaders()
                .getFirst("X-Request-Id");
        assertThat(generated).isNotEqualTo("not valid!").matches("[0-9a-f-]{36}");
        String metrics = client.get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(metrics.lines().filter(l -> l.startsWith("mnemos_gateway_requests_seconds_count{")))
                .anySatisfy(l -> assertThat(l)
                        .contains("route=\"vision\"")
                        .contains("tenant=\"" + t + "\"")
                        .contains("status=\"200\""));
    }

    @Test
    void theFastProxyStreamsAnswersAsTheyComeAndKeepsConnectionsOpen() {
        String key = createKey(createTenant(), "[\"vision:read\"]").path("key").asString();
        double before = fastProxyRequests("orchestrator");
        AtomicInteger connections = new AtomicInteger();
        HttpClient http = HttpClient.create(ConnectionProvider.create("one-connection", 1))
                .doOnChannelInit((observer, channel, address) -> connections.incrementAndGet())
                .baseUrl("http://127.0.0.1:" + port)
                .headers(h -> h.set("X-API-Key", key));
        // The stub sends its second event only after the test has seen the first one through the gateway.
        String events = http.get()
                .uri("/v1/chat/stream")
                .responseContent()
                .asString()
                .doOnNext(chunk -> {
                    if (chunk.contains("one")) {
                        stub.releaseStream();
                    }
                })
                .collect(java.util.stream.Collectors.joining())
                .block(Duration.ofSeconds(30));
        assertThat(events).contains("data: one").contains("data: two");
        assertThat(stub.streamReleased.get())
                .as("the first event reached the client before the stream ended")
                .isTrue();
        for (int i = 0; i < 3; i++) {
            assertThat(http.get()
                            .uri("/v1/images/x")
                            // The body is read: a connection whose answer was left unread cannot be reused.
                            .responseSingle((r, body) -> body.asString()
                                    .defaultIfEmpty("")
                                    .map(b -> r.status().code()))
                            .block(Duration.ofSeconds(10)))
                    .isEqualTo(200);
        }
        assertThat(connections)
                .as("one connection for the stream and the requests after it")
                .hasValue(1);
        assertThat(fastProxyRequests("orchestrator")).isEqualTo(before + 1);
        // A cross-origin request is left to Spring's chain, where CORS is checked.
        double vision = fastProxyRequests("vision");
        client.get()
                .uri("/v1/images/x")
                .header("X-API-Key", key)
                .header("Origin", "https://app.example.com")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("Access-Control-Allow-Origin", "https://app.example.com");
        assertThat(fastProxyRequests("vision")).isEqualTo(vision);
    }

    @Test
    void aClientLeavingMidStreamClosesTheConnectionToTheService() throws Exception {
        String key = createKey(createTenant(), "[\"vision:read\"]").path("key").asString();
        // Read the first event, then leave (as an SSE client does once it has the answer).
        String first = HttpClient.create()
                .baseUrl("http://127.0.0.1:" + port)
                .headers(h -> h.set("X-API-Key", key))
                .get()
                .uri("/v1/chat/endless")
                .responseContent()
                .asString()
                .blockFirst(Duration.ofSeconds(10));
        assertThat(first).startsWith("data: 0");
        // The service's connection must be closed, not pooled with the rest of the answer still coming: a request
        // sent on it later would read that rest, or meet the service closing it.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (stub.endlessClosed.get() == null && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(stub.endlessClosed.get())
                .as("the stub's writes failed: the gateway closed its connection")
                .isTrue();
    }

    private double fastProxyRequests(String route) {
        String metrics = client.get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        return metrics.lines()
                .filter(l -> l.startsWith("mnemos_gateway_fast_proxy_requests_total{")
                        && l.contains("route=\"" + route + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    // --- one API surface ---

    @Test
    void openApiDocumentsTheAdminApiAndRewritesServiceDocsForTheGateway() {
        String own = client.get()
                .uri("/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        JsonNode gw = JSON.readTree(own);
        assertThat(gw.path("paths").has("/v1/admin/tenants/{tenant}/keys")).isTrue();
        JsonNode lag = gw.path("paths").path("/v1/admin/system/kafka-lag").path("get");
        assertThat(lag.path("responses").path("200").path("content").toString()).contains("LagReport");
        assertThat(lag.path("responses").path("503").path("content").has("application/problem+json"))
                .isTrue();
        assertThat(gw.path("paths")
                        .path("/v1/admin/system/errors")
                        .path("get")
                        .path("parameters")
                        .toString())
                .contains("limit");
        assertThat(gw.path("components").path("securitySchemes").has("bearerAuth"))
                .isTrue();
        JsonNode createKey = gw.path("paths")
                .path("/v1/admin/tenants/{tenant}/keys")
                .path("post")
                .path("responses");
        assertThat(createKey.path("429").path("content").has("application/problem+json"))
                .isTrue();
        assertThat(createKey
                        .path("403")
                        .path("content")
                        .path("application/problem+json")
                        .path("example")
                        .path("type")
                        .asString())
                .isEqualTo("https://mnemos.io/problems/insufficient-scope");

        JsonNode vision = JSON.readTree(client.get()
                .uri("/v3/api-docs/vision")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
        assertThat(vision.path("servers").get(0).path("url").asString()).isEqualTo("/");
        assertThat(vision.path("components").path("securitySchemes").has("bearerAuth"))
                .isTrue();
        assertThat(vision.path("components").path("securitySchemes").has("mnemosIdentity"))
                .isFalse();
        JsonNode responses =
                vision.path("paths").path("/v1/images/{id}").path("get").path("responses");
        assertThat(responses.path("429").path("content").has("application/problem+json"))
                .isTrue();
        assertThat(responses.path("401").path("description").asString()).contains("revoked-credentials");

        String swagger = client.get()
                .uri("/v3/api-docs/swagger-config")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(swagger).contains("/v3/api-docs/orchestrator", "/v3/api-docs/vision", "\"/v3/api-docs\"");
        // Each body is read to the end, so every exchange releases its connection before the next one starts.
        String page = client.get()
                .uri("/console/index.html")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(page).contains("<html");
        for (String entry : new String[] {"/console", "/console/"}) {
            client.get()
                    .uri(entry)
                    .exchange()
                    .expectStatus()
                    .isTemporaryRedirect()
                    .expectHeader()
                    .location("/console/index.html")
                    .expectBody()
                    .isEmpty();
        }
    }

    // --- system view ---

    @Test
    void kafkaLagReportsEachGroupsCommittedOffsetEndOffsetAndLag() throws Exception {
        String topic = "gateway-it-lag-" + rand();
        String group = "gateway-it-group-" + rand();
        KafkaFixtures.committedBehind(topic, group, 5, 2);

        JsonNode report = admin(get("/v1/admin/system/kafka-lag"), 200);
        assertThat(report.path("bootstrap").asString()).isEqualTo(TestInfra.kafkaBootstrap());
        JsonNode g = report.path("groups")
                .valueStream()
                .filter(n -> n.path("groupId").asString().equals(group))
                .findFirst()
                .orElseThrow(() -> new AssertionError("group " + group + " missing in " + report));
        assertThat(g.path("state").asString()).isEqualTo("EMPTY");
        assertThat(g.path("members").asInt()).isZero();
        assertThat(g.path("totalLag").asLong()).isEqualTo(3);
        JsonNode p = g.path("partitions").get(0);
        assertThat(p.path("topic").asString()).isEqualTo(topic);
        assertThat(p.path("partition").asInt()).isZero();
        assertThat(p.path("committedOffset").asLong()).isEqualTo(2);
        assertThat(p.path("endOffset").asLong()).isEqualTo(5);
        assertThat(p.path("lag").asLong()).isEqualTo(3);
    }

    @Test
    void failedResponsesAreKeptAsRecentErrorsWithoutQueryStringsAndOnlyForTheirOwnTenant() {
        String a = createTenant();
        String b = createTenant();
        String keyA = createKey(a, "[\"vision:read\",\"speech\"]").path("key").asString();
        String adminA = createKey(a, "[\"admin\"]").path("key").asString();
        String adminB = createKey(b, "[\"admin\"]").path("key").asString();
        String failed = "it-fail-" + rand();
        String timedOut = "it-slow-" + rand();
        String unreachable = "it-down-" + rand();
        client.get()
                .uri("/v1/images/fail?api_key=leak&token=secret")
                .header("X-API-Key", keyA)
                .header("X-Request-Id", failed)
                .exchange()
                .expectStatus()
                .isEqualTo(500);
        client.get()
                .uri("/v1/images/slow")
                .header("X-API-Key", keyA)
                .header("X-Request-Id", timedOut)
                .exchange()
                .expectStatus()
                .isEqualTo(504);
        client.get()
                .uri("/v1/speech/voices")
                .header("X-API-Key", keyA)
                .header("X-Request-Id", unreachable)
                .exchange()
                .expectStatus()
                .isEqualTo(503);

        JsonNode all = admin(get("/v1/admin/system/errors"), 200);
        assertThat(all.path("capacity").asInt()).isEqualTo(200);
        JsonNode proxied = entry(all, failed);
        assertThat(proxied.path("status").asInt()).isEqualTo(500);
        assertThat(proxied.path("tenant").asString()).isEqualTo(a);
        assertThat(proxied.path("route").asString()).isEqualTo("vision");
        assertThat(proxied.path("method").asString()).isEqualTo("GET");
        assertThat(proxied.path("path").asString()).isEqualTo("/v1/images/fail");
        assertThat(proxied.path("title").asString()).isEqualTo(StubService.FAILURE_TITLE);
        assertThat(proxied.path("detail").asString()).isEqualTo(StubService.FAILURE_DETAIL);
        assertThat(proxied.path("time").asString()).isNotBlank();
        assertThat(all.toString())
                .doesNotContain("leak")
                .doesNotContain("secret")
                .doesNotContain(keyA);
        JsonNode timeout = entry(all, timedOut);
        assertThat(timeout.path("status").asInt()).isEqualTo(504);
        assertThat(timeout.path("title").asString()).isEqualTo("Gateway timeout");
        JsonNode down = entry(all, unreachable);
        assertThat(down.path("status").asInt()).isEqualTo(503);
        assertThat(down.path("route").asString()).isEqualTo("speech");
        assertThat(down.path("title").asString()).isEqualTo("Service unavailable");
        // Newest first.
        List<String> ids = all.path("errors")
                .valueStream()
                .map(e -> e.path("requestId").asString())
                .toList();
        assertThat(ids.indexOf(unreachable)).isLessThan(ids.indexOf(timedOut));
        assertThat(ids.indexOf(timedOut)).isLessThan(ids.indexOf(failed));

        JsonNode ownTenant = json(as(adminA, get("/v1/admin/system/errors")));
        assertThat(entry(ownTenant, failed).path("status").asInt()).isEqualTo(500);
        assertThat(ownTenant.path("errors").valueStream().map(e -> e.path("tenant")
                        .asString()))
                .containsOnly(a);
        JsonNode otherTenant = json(as(adminB, get("/v1/admin/system/errors")));
        assertThat(otherTenant.path("errors").valueStream().map(e -> e.path("requestId")
                        .asString()))
                .doesNotContain(failed, timedOut, unreachable);
        assertThat(json(as(adminA, get("/v1/admin/system/errors?limit=1")))
                        .path("errors")
                        .size())
                .isEqualTo(1);
        problem(as(adminA, get("/v1/admin/system/errors?limit=0")), 400, "validation-failed");
        problem(as(adminA, get("/v1/admin/system/errors?limit=many")), 400, "malformed-request");
    }

    @Test
    void theSystemViewNeedsTheAdminScope() {
        String key = createKey(createTenant(), "[\"vision:read\",\"speech\"]")
                .path("key")
                .asString();
        problem(as(key, get("/v1/admin/system/errors")), 403, "insufficient-scope");
        problem(as(key, get("/v1/admin/system/kafka-lag")), 403, "insufficient-scope");
        problem(client.get().uri("/v1/admin/system/kafka-lag").exchange(), 401, "missing-credentials");
    }

    private static JsonNode entry(JsonNode list, String requestId) {
        return list.path("errors")
                .valueStream()
                .filter(e -> e.path("requestId").asString().equals(requestId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no recent error " + requestId + " in " + list));
    }

    // --- helpers ---

    private String createTenant() {
        return admin(post("/v1/admin/tenants", "{\"name\":\"t " + rand() + "\"}"), 201)
                .path("tenantId")
                .asString();
    }

    private JsonNode createKey(String tenant, String scopesJson) {
        return admin(post("/v1/admin/tenants/" + tenant + "/keys", "{\"scopes\":" + scopesJson + "}"), 201);
    }

    private String bearer(String token, int status, String slug) {
        return problem(
                        client.get()
                                .uri("/v1/images/x")
                                .header("Authorization", "Bearer " + token)
                                .exchange(),
                        status,
                        slug)
                .path("detail")
                .asString();
    }

    private record Call(String method, String path, String body) {}

    private static Call get(String path) {
        return new Call("GET", path, null);
    }

    private static Call post(String path, String body) {
        return new Call("POST", path, body);
    }

    private static Call delete(String path) {
        return new Call("DELETE", path, null);
    }

    private EntityExchangeResult<String> admin(Call call) {
        return as(ADMIN_KEY, call);
    }

    private JsonNode admin(Call call, int status) {
        EntityExchangeResult<String> r = admin(call);
        assertThat(r.getStatus().value()).as(r.getResponseBody()).isEqualTo(status);
        return JSON.readTree(r.getResponseBody());
    }

    private EntityExchangeResult<String> as(String key, Call call) {
        var spec = client.method(org.springframework.http.HttpMethod.valueOf(call.method()))
                .uri(call.path())
                .header("Authorization", "Bearer " + key);
        if (call.body() != null) {
            spec.contentType(MediaType.APPLICATION_JSON).bodyValue(call.body());
        }
        return spec.exchange().expectBody(String.class).returnResult();
    }

    private static JsonNode json(EntityExchangeResult<String> r) {
        assertThat(r.getStatus().value()).as(r.getResponseBody()).isLessThan(300);
        return JSON.readTree(r.getResponseBody());
    }

    private static JsonNode problem(WebTestClient.ResponseSpec spec, int status, String slug) {
        return problem(spec.expectBody(String.class).returnResult(), status, slug);
    }

    private static JsonNode problem(EntityExchangeResult<String> r, int status, String slug) {
        assertThat(r.getStatus().value()).as(r.getResponseBody()).isEqualTo(status);
        assertThat(r.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode p = JSON.readTree(r.getResponseBody());
        assertThat(p.path("type").asString()).isEqualTo("https://mnemos.io/problems/" + slug);
        assertThat(p.path("status").asInt()).isEqualTo(status);
        assertThat(p.path("detail").asString()).isNotBlank();
        assertThat(p.path("requestId").asString()).isNotBlank();
        assertThat(r.getResponseBody()).doesNotContain("Exception").doesNotContain("\tat ");
        return p;
    }

    private static Identity verify(String token) {
        return InternalToken.verify(token, SECRET.getBytes(StandardCharsets.UTF_8), Instant.now());
    }

    private static String rand() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static boolean redisReachable() {
        try (var s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", 6379), 300);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}

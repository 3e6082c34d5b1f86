package io.mnemos.orchestrator.openai;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mnemos.contracts.events.TurnStored;
import io.mnemos.contracts.identity.Identity;
import io.mnemos.contracts.identity.InternalToken;
import io.mnemos.devstack.JdbcSettings;
import io.mnemos.messaging.outbox.Outbox;
import io.mnemos.orchestrator.routing.Route;
import io.mnemos.orchestrator.routing.RouteDecision;
import io.mnemos.orchestrator.routing.Router;
import io.mnemos.testsupport.TestInfra;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real orchestrator on a random port, against a fresh PostgreSQL database and the real Kafka broker, with
 * memory-service and retrieval-service replaced by one local JDK {@link HttpServer} that answers their search,
 * fact and grounding endpoints with canned JSON (a PROTOCOL fake: the real services are exercised in e2e-tests) and
 * records who called. The LLM is a {@link ScriptedLlm}, off unless a test turns it on; the router sends every turn
 * to memory and documents. The OpenAI and MCP ITs extend
 * this class unchanged, so they share one Spring context.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.datasource.hikari.maximum-pool-size=4"})
@Import(OrchestratorHttpTestBase.Llm.class)
public abstract class OrchestratorHttpTestBase {
    public static final String SECRET = "orchestrator-http-it-secret-0123456789abcdef";

    /** Paths the fake backend was called on, with the verified caller and the body. */
    public static final Map<String, Call> CALLS = new ConcurrentHashMap<>();

    /** How often the fake backend was called on each path (the pipeline's specialist calls, so answers computed). */
    public static final Map<String, AtomicInteger> CALL_COUNTS = new ConcurrentHashMap<>();

    public record Call(Identity caller, String body) {}

    /** Calls the fake backend has had on {@code path}. */
    public static int calls(String path) {
        AtomicInteger n = CALL_COUNTS.get(path);
        return n == null ? 0 : n.get();
    }

    private static final HttpServer BACKEND = startBackend();
    private static final ObjectMapper TRACE_JSON = JsonMapper.builder().build();

    @LocalServerPort
    protected int port;

    @TestConfiguration
    static class Llm {
        @Bean
        @Primary
        ScriptedLlm scriptedLlm() {
            return new ScriptedLlm();
        }

        /**
         * Every turn to memory and documents: routing has its own tests, and the real router's model load and
         * exemplar embedding would add seconds to the first turn here.
         */
        @Bean
        Router fixedRouter() {
            return turn -> new RouteDecision(
                    List.of(Route.MEMORY, Route.DOCUMENTS),
                    1.0,
                    RouteDecision.Basis.RULE,
                    "test: fixed route",
                    List.of(),
                    new RouteDecision.Timings(0, 0));
        }
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        JdbcSettings db = TestInfra.createDatabase("orchestrator_http_it");
        registry.add("spring.datasource.url", db::url);
        registry.add("spring.datasource.username", db::user);
        registry.add("spring.datasource.password", () -> db.password() == null ? "" : db.password());
        registry.add("spring.kafka.bootstrap-servers", TestInfra::kafkaBootstrap);
        registry.add("mnemos.security.internal-secret", () -> SECRET);
        String backend = "http://127.0.0.1:" + BACKEND.getAddress().getPort();
        registry.add("mnemos.pipeline.memory-url", () -> backend);
        registry.add("mnemos.pipeline.retrieval-url", () -> backend);
        registry.add("mnemos.pipeline.collections", () -> "handbook");
    }

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected Outbox outbox;

    @Autowired
    protected PlatformTransactionManager transactions;

    /** What memory-service sends once it stored a turn, sent through the real outbox relay and Kafka. */
    protected void storedByMemory(String tenant, String user, UUID sessionId, UUID turnId, long sequence) {
        new TransactionTemplate(transactions)
                .executeWithoutResult(s -> outbox.publish(
                        new TurnStored(sessionId, turnId, user, sequence, sequence), tenant, sessionId.toString()));
    }

    /** The sentences the extractive composer chose for a turn, from its stored trace. */
    protected JsonNode chosenSentences(String tenant, UUID turnId) {
        return TRACE_JSON
                .readTree(jdbc.sql("SELECT trace::text FROM turn_trace WHERE tenant = ? AND turn_id = ?")
                        .params(tenant, turnId)
                        .query(String.class)
                        .single())
                .path("composer")
                .path("chosen");
    }

    protected static String tenant() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** An identity header as the gateway signs it. */
    protected static String sign(String tenant, String... scopes) {
        return InternalToken.sign(
                Identity.of(tenant, "key:test", scopes),
                InternalToken.secret(SECRET),
                Instant.now().plusSeconds(60));
    }

    private static HttpServer startBackend() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            s.createContext("/", OrchestratorHttpTestBase::handle);
            s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            s.start();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Identity caller = InternalToken.verify(
                ex.getRequestHeaders().getFirst(InternalToken.HEADER), InternalToken.secret(SECRET), Instant.now());
        CALLS.put(path, new Call(caller, body));
        CALL_COUNTS.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        int status = 200;
        String json;
        if (path.endsWith("/memory/search")) {
            json =
                    """
                    {"hits":[{"type":"turn","id":"m-1","turnId":"m-1","sessionId":"s-0",
                      "text":"I drink green tea every morning, sencha is my favourite.","score":4.2}]}""";
        } else if (path.endsWith("/profile/facts")) {
            status = 201;
            json = "{\"outcome\":\"created\",\"fact\":{\"attribute\":\"favourite tea\",\"value\":\"sencha\"}}";
        } else if (path.equals("/v1/collections/handbook/search")) {
            json =
                    """
                    {"collection":"handbook","mode":"hybrid","hits":[{"chunkId":"c-1","documentId":"d-1",
                      "title":"Tea guide","text":"Sencha is a Japanese green tea steamed right after picking.",
                      "score":0.8}],"tookMs":1.0}""";
        } else if (path.startsWith("/v1/collections/")) {
            status = 404;
            json =
                    "{\"type\":\"about:blank\",\"title\":\"Not found\",\"status\":404,\"detail\":\"no such collection\"}";
        } else if (path.equals("/v1/grounding/assess")) {
            json = "{\"retrieve\":true,\"entities\":[\"sencha\"],\"meanCount\":3.0}";
        } else {
            status = 404;
            json = "{\"detail\":\"unknown path " + path + "\"}";
        }
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }
}

package io.mnemos.orchestrator.llm;

import static io.mnemos.orchestrator.llm.FakeLlmServer.json;
import static io.mnemos.orchestrator.llm.FakeLlmServer.silence;
import static io.mnemos.orchestrator.llm.FakeLlmServer.sse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Protocol tests of the openai provider: a local endpoint speaking the Chat Completions wire protocol (JSON and SSE
 * streaming) checks what the client sends and how it handles answers, garbage, errors and silence. No real LLM.
 */
class OpenAiProtocolTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeLlmServer server;
    private ResilientLlmClient client;
    private SimpleMeterRegistry registry;
    private final TestLlmProperties props = new TestLlmProperties();

    @BeforeEach
    void start() throws Exception {
        server = new FakeLlmServer();
        props.provider = LlmProvider.OPENAI;
        props.baseUrl = server.uri("/v1");
        props.apiKey = "sk-test-123";
        registry = new SimpleMeterRegistry();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        server.close();
    }

    private ResilientLlmClient client() {
        client = new ResilientLlmClient(props.build(), registry);
        return client;
    }

    static String completion(String text) {
        return """
                {"id":"c1","object":"chat.completion","created":1,"model":"test-model",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"%s"},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":12,"completion_tokens":2,"total_tokens":14}}"""
                .formatted(text);
    }

    static String chunk(String content) {
        return """
                {"id":"c1","object":"chat.completion.chunk","created":1,"model":"test-model",\
                "choices":[{"index":0,"delta":{"content":"%s"},"finish_reason":null}]}"""
                .formatted(content);
    }

    static final String LAST_CHUNK =
            """
            {"id":"c1","object":"chat.completion.chunk","created":1,"model":"test-model",\
            "choices":[{"index":0,"delta":{},"finish_reason":"stop"}],\
            "usage":{"prompt_tokens":7,"completion_tokens":3,"total_tokens":10}}""";

    @Test
    void generateSendsModelMessagesAndKeyAndReadsTheAnswer() throws Exception {
        server.then(json(200, completion("Hello there")));

        LlmResult r = client().generate(
                        LlmPrompt.of("You are terse.", "Say hello"),
                        LlmOptions.defaults().withMaxTokens(32));

        assertThat(r).isInstanceOfSatisfying(LlmResult.Completed.class, c -> {
            assertThat(c.generated()).isEqualTo("Hello there");
            assertThat(c.finishReason()).isEqualTo(FinishReason.STOP);
            assertThat(c.promptTokens()).isEqualTo(12);
            assertThat(c.outputTokens()).isEqualTo(2);
            assertThat(c.attempts()).isEqualTo(1);
        });
        assertThat(server.requests).hasSize(1);
        FakeLlmServer.Request req = server.requests.getFirst();
        assertThat(req.method()).isEqualTo("POST");
        assertThat(req.path()).isEqualTo("/v1/chat/completions");
        assertThat(req.header("Authorization")).isEqualTo("Bearer sk-test-123");
        JsonNode body = JSON.readTree(req.body());
        assertThat(body.path("model").asText()).isEqualTo("test-model");
        assertThat(body.path("stream").asBoolean(false)).isFalse();
        assertThat(body.path("max_tokens").asInt()).isEqualTo(32);
        assertThat(body.path("temperature").asDouble(-1)).isEqualTo(0.0);
        assertThat(body.path("messages")).hasSize(2);
        assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(body.path("messages").get(0).path("content").asText()).isEqualTo("You are terse.");
        assertThat(body.path("messages").get(1).path("role").asText()).isEqualTo("user");
        assertThat(body.path("messages").get(1).path("content").asText()).isEqualTo("Say hello");
    }

    @Test
    void streamDeliversSseTokensInOrderAndSendsStreamTrue() throws Exception {
        server.then(sse(5, chunk("Hel"), chunk("lo"), chunk(" world"), LAST_CHUNK, "[DONE]"));
        List<String> tokens = new CopyOnWriteArrayList<>();

        LlmStream s = client().stream(LlmPrompt.of("Say hello"), LlmOptions.defaults(), tokens::add);
        LlmResult r = s.result().get(10, TimeUnit.SECONDS);

        assertThat(tokens).containsExactly("Hel", "lo", " world");
        assertThat(r).isInstanceOfSatisfying(LlmResult.Completed.class, c -> {
            assertThat(c.generated()).isEqualTo("Hello world");
            assertThat(c.finishReason()).isEqualTo(FinishReason.STOP);
            assertThat(c.outputTokens()).isEqualTo(3);
            assertThat(c.timeToFirstToken()).isNotNull();
        });
        JsonNode body = JSON.readTree(server.requests.getFirst().body());
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(server.requests.getFirst().header("Authorization")).isEqualTo("Bearer sk-test-123");
        assertThat(registry.get("mnemos.llm.calls")
                        .tag("mode", "stream")
                        .tag("outcome", "completed")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void garbageJsonIsABadResponseNotRetriedAndTripsTheBreaker() {
        props.minimumCalls = 2;
        props.window = 2;
        server.then(json(200, "{\"choices\": [ this is not json"), json(200, "<html>oops</html>"));
        ResilientLlmClient c = client();

        LlmResult first = c.generate("hi");
        LlmResult second = c.generate("hi");

        assertThat(first).isInstanceOfSatisfying(LlmResult.Degraded.class, d -> {
            assertThat(d.failure().kind()).isEqualTo(LlmFailure.Kind.BAD_RESPONSE);
            assertThat(d.failure().message()).contains("unreadable response");
            assertThat(d.attempts()).isEqualTo(1);
        });
        assertThat(second).isInstanceOf(LlmResult.Degraded.class);
        assertThat(server.requests).hasSize(2); // not retried
        assertThat(c.breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(c.isAvailable()).isFalse();
        assertThat(c.status().lastFailure().kind()).isEqualTo(LlmFailure.Kind.BAD_RESPONSE);

        // Open: degrade at once, with the reason, without calling the server.
        LlmResult third = c.generate("hi");
        assertThat(third).isInstanceOfSatisfying(LlmResult.Degraded.class, d -> {
            assertThat(d.failure().kind()).isEqualTo(LlmFailure.Kind.CIRCUIT_OPEN);
            assertThat(d.failure().message()).contains("unreadable response");
            assertThat(d.attempts()).isZero();
        });
        assertThat(server.requests).hasSize(2);
        assertThat(registry.get("mnemos.llm.breaker.state").gauge().value()).isEqualTo(1.0);
    }

    @Test
    void garbageInTheSseStreamFailsTheStream() throws Exception {
        props.timeout = Duration.ofSeconds(2);
        props.maxRetries = 0;
        server.then(sse(0, chunk("ok "), "{not json at all", LAST_CHUNK, "[DONE]"));

        LlmResult r = client().stream(LlmPrompt.of("hi"), LlmOptions.defaults(), t -> {})
                .result()
                .get(10, TimeUnit.SECONDS);

        assertThat(r).isInstanceOfSatisfying(LlmResult.Degraded.class, d -> {
            assertThat(d.failure().kind()).isEqualTo(LlmFailure.Kind.BAD_RESPONSE);
            assertThat(d.partialText()).isEqualTo("ok ");
        });
    }

    @Test
    void serverErrorsAreRetriedUntilSuccess() {
        server.then(json(500, "{\"error\":{\"message\":\"boom\"}}"), json(503, "{}"), json(200, completion("ok")));

        LlmResult r = client().generate("hi");

        assertThat(r).isInstanceOfSatisfying(LlmResult.Completed.class, c -> {
            assertThat(c.generated()).isEqualTo("ok");
            assertThat(c.attempts()).isEqualTo(3);
        });
        assertThat(server.requests).hasSize(3);
        assertThat(registry.get("mnemos.llm.retries")
                        .tag("reason", "server_error")
                        .counter()
                        .count())
                .isEqualTo(2.0);
    }

    @Test
    void rateLimitIsRetriedButGivesUpAfterMaxRetries() {
        props.maxRetries = 1;
        server.then(json(429, "{}"), json(429, "{}"), json(200, completion("never reached")));

        LlmResult r = client().generate("hi");

        assertThat(r).isInstanceOfSatisfying(LlmResult.Degraded.class, d -> {
            assertThat(d.failure().kind()).isEqualTo(LlmFailure.Kind.RATE_LIMITED);
            assertThat(d.failure().status()).isEqualTo(429);
            assertThat(d.attempts()).isEqualTo(2);
        });
        assertThat(server.requests).hasSize(2);
    }

    @Test
    void badRequestIsNotRetriedAndDoesNotTripTheBreaker() {
        props.minimumCalls = 2;
        props.window = 2;
        for (int i = 0; i < 3; i++) {
            server.then(json(400, "{\"error\":{\"message\":\"context too long\"}}"));
        }
        ResilientLlmClient c = client();

        for (int i = 0; i < 3; i++) {
            LlmResult r = c.generate("hi");
            assertThat(r).isInstanceOfSatisfying(LlmResult.Degraded.class, d -> {
                assertThat(d.failure().kind()).isEqualTo(LlmFailure.Kind.REJECTED);
                assertThat(d.failure().status()).isEqualTo(400);
                assertThat(d.failure().retriable()).isFalse();
                assertThat(d.attempts()).isEqualTo(1);
            });
        }
        assertThat(server.requests).hasSize(3); // one request per call: no retries
        assertThat(c.breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void wrongApiKeyIsNotRetriedButCountsAgainstTheBreaker() {
        server.then(json(401, "{\"error\":{\"message\":\"invalid key\"}}"));

        LlmResult r = client().generate("hi");

        assertThat(r).isInstanceOfSatisfying(LlmResult.Degraded.class, d -> {
            assertThat(d.failure().kind()).isEqualTo(LlmFailure.Kind.UNAUTHORIZED);
            assertThat(d.attempts()).isEqualTo(1);
        });
        assertThat(client.breaker().getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
    }

    @Test
    void aSilentServerTimesOut() {
        props.timeout = Duration.ofMillis(400);
        props.maxRetries = 1;
        server.then(silence(20_000), silence(20_000));

        long t0 = System.nanoTime();
        LlmResult r = client().generate("hi");
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertThat(r).isInstanceOfSatisfying(LlmResult.Degraded.class, d -> {
            assertThat(d.failure().kind()).isEqualTo(LlmFailure.Kind.TIMEOUT);
            assertThat(d.attempts()).isEqualTo(2); // a timeout is retriable
        });
        assertThat(ms).as("returned long before the server would have answered").isLessThan(10_000);
    }

    @Test
    void connectionRefusedIsAConnectFailure() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        props.baseUrl = java.net.URI.create("http://127.0.0.1:" + port + "/v1");
        props.maxRetries = 1;

        LlmResult r = client().generate("hi");

        assertThat(r).isInstanceOfSatisfying(LlmResult.Degraded.class, d -> {
            assertThat(d.failure().kind()).isEqualTo(LlmFailure.Kind.CONNECT);
            assertThat(d.attempts()).isEqualTo(2);
        });
    }

    @Test
    void streamErrorBeforeTheFirstTokenIsRetried() throws Exception {
        server.then(json(503, "{}"), sse(0, chunk("fine"), LAST_CHUNK, "[DONE]"));
        List<String> tokens = new CopyOnWriteArrayList<>();

        LlmResult r = client().stream(LlmPrompt.of("hi"), LlmOptions.defaults(), tokens::add)
                .result()
                .get(10, TimeUnit.SECONDS);

        assertThat(r).isInstanceOfSatisfying(LlmResult.Completed.class, c -> {
            assertThat(c.generated()).isEqualTo("fine");
            assertThat(c.attempts()).isEqualTo(2);
        });
        assertThat(tokens).containsExactly("fine");
        assertThat(server.requests).hasSize(2);
    }

    @Test
    void cancelledStreamDeliversNoMoreTokens() throws Exception {
        // Three tokens, then the server waits until the test has cancelled, then sends twenty more.
        CountDownLatch cancelled = new CountDownLatch(1);
        server.then(ex -> {
            sse(0, chunk("a "), chunk("b "), chunk("c ")).respond(ex);
            cancelled.await(30, TimeUnit.SECONDS);
            for (int i = 0; i < 20; i++) {
                ex.getResponseBody().write(("data: " + chunk("late" + i) + "\n\n").getBytes());
                ex.getResponseBody().flush();
                Thread.sleep(10);
            }
        });
        List<String> tokens = new CopyOnWriteArrayList<>();
        CountDownLatch three = new CountDownLatch(3);

        LlmStream s = client().stream(LlmPrompt.of("count"), LlmOptions.defaults(), t -> {
            tokens.add(t);
            three.countDown();
        });
        assertThat(three.await(10, TimeUnit.SECONDS)).isTrue();
        s.cancel();
        cancelled.countDown();
        Thread.sleep(400);

        assertThat(tokens).containsExactly("a ", "b ", "c ");
        assertThat(s.isCancelled()).isTrue();
        LlmResult r = s.result().get(1, TimeUnit.SECONDS);
        assertThat(r).isInstanceOfSatisfying(LlmResult.Completed.class, c -> {
            assertThat(c.finishReason()).isEqualTo(FinishReason.CANCELLED);
            assertThat(c.generated()).isEqualTo("a b c ");
        });
    }

    @Test
    void streamThatStallsAfterATokenTimesOutWithThePartialText() throws Exception {
        props.timeout = Duration.ofMillis(500);
        server.then(ex -> {
            sse(0, chunk("partial")).respond(ex);
            Thread.sleep(20_000);
        });
        List<String> tokens = new CopyOnWriteArrayList<>();

        LlmResult r = client().stream(LlmPrompt.of("hi"), LlmOptions.defaults(), tokens::add)
                .result()
                .get(10, TimeUnit.SECONDS);

        assertThat(r).isInstanceOfSatisfying(LlmResult.Degraded.class, d -> {
            assertThat(d.failure().kind()).isEqualTo(LlmFailure.Kind.TIMEOUT);
            assertThat(d.failure().message()).contains("no next token");
            assertThat(d.partialText()).isEqualTo("partial");
            assertThat(d.attempts()).isEqualTo(1); // tokens were delivered: never retried
        });
        assertThat(tokens).containsExactly("partial");
    }

    @Test
    void providerIsCreatedOnFirstUseOnly() {
        props.model = null; // invalid, but only noticed when the provider is created
        ResilientLlmClient c = client();
        assertThat(c.createdBackend()).isEmpty();
        assertThat(c.isAvailable()).isTrue();

        LlmResult r = c.generate("hi");

        assertThat(r).isInstanceOfSatisfying(LlmResult.Degraded.class, d -> {
            assertThat(d.failure().kind()).isEqualTo(LlmFailure.Kind.PROVIDER_ERROR);
            assertThat(d.failure().message()).contains("mnemos.llm.model is required");
        });
        assertThat(server.requests).isEmpty();
    }
}

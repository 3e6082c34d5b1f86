package io.mnemos.orchestrator.llm;

import static io.mnemos.orchestrator.llm.FakeLlmServer.json;
import static io.mnemos.orchestrator.llm.FakeLlmServer.ndjson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Protocol tests of the ollama provider: a local endpoint speaking Ollama's {@code /api/chat} (JSON and NDJSON
 * streaming). No real Ollama.
 */
class OllamaProtocolTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeLlmServer server;
    private ResilientLlmClient client;
    private final TestLlmProperties props = new TestLlmProperties();

    @BeforeEach
    void start() throws Exception {
        server = new FakeLlmServer();
        props.provider = LlmProvider.OLLAMA;
        props.baseUrl = server.uri("");
        props.model = "llama3.2:1b";
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        server.close();
    }

    private ResilientLlmClient client() {
        client = new ResilientLlmClient(props.build(), new SimpleMeterRegistry());
        return client;
    }

    static String line(String content, boolean done) {
        return done
                ? """
                {"model":"llama3.2:1b","created_at":"2026-11-30T00:00:00Z","message":{"role":"assistant","content":"%s"},\
                "done":true,"done_reason":"stop","prompt_eval_count":9,"eval_count":4}"""
                        .formatted(content)
                : """
                {"model":"llama3.2:1b","created_at":"2026-11-30T00:00:00Z","message":{"role":"assistant","content":"%s"},\
                "done":false}"""
                        .formatted(content);
    }

    @Test
    void generatePostsToApiChatWithoutStreaming() throws Exception {
        server.then(json(200, line("Bonjour", true)));

        LlmResult r = client().generate(
                        LlmPrompt.of("Answer in French.", "Say hello"),
                        LlmOptions.defaults().withMaxTokens(16).withTemperature(0.5));

        assertThat(r).isInstanceOfSatisfying(LlmResult.Completed.class, c -> {
            assertThat(c.generated()).isEqualTo("Bonjour");
            assertThat(c.promptTokens()).isEqualTo(9);
            assertThat(c.outputTokens()).isEqualTo(4);
        });
        FakeLlmServer.Request req = server.requests.getFirst();
        assertThat(req.path()).isEqualTo("/api/chat");
        JsonNode body = JSON.readTree(req.body());
        assertThat(body.path("model").asText()).isEqualTo("llama3.2:1b");
        assertThat(body.path("stream").asBoolean(true)).isFalse();
        assertThat(body.path("options").path("num_predict").asInt()).isEqualTo(16);
        assertThat(body.path("options").path("temperature").asDouble()).isEqualTo(0.5);
        assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(body.path("messages").get(1).path("content").asText()).isEqualTo("Say hello");
    }

    @Test
    void streamReadsNdjsonLinesInOrder() throws Exception {
        server.then(ndjson(5, line("Once", false), line(" upon", false), line(" a time", false), line("", true)));
        List<String> tokens = new CopyOnWriteArrayList<>();

        LlmResult r = client().stream(LlmPrompt.of("Tell a story"), LlmOptions.defaults(), tokens::add)
                .result()
                .get(10, TimeUnit.SECONDS);

        assertThat(tokens).containsExactly("Once", " upon", " a time");
        assertThat(r).isInstanceOfSatisfying(LlmResult.Completed.class, c -> {
            assertThat(c.generated()).isEqualTo("Once upon a time");
            assertThat(c.outputTokens()).isEqualTo(4);
        });
        JsonNode body = JSON.readTree(server.requests.getFirst().body());
        assertThat(body.path("stream").asBoolean()).isTrue();
    }

    @Test
    void cancelledNdjsonStreamDeliversNoMoreTokens() throws Exception {
        CountDownLatch cancelled = new CountDownLatch(1);
        server.then(ex -> {
            ndjson(0, line("w0 ", false), line("w1 ", false)).respond(ex);
            cancelled.await(30, TimeUnit.SECONDS);
            for (int i = 0; i < 20; i++) {
                ex.getResponseBody().write((line("late" + i, false) + "\n").getBytes());
                ex.getResponseBody().flush();
                Thread.sleep(10);
            }
        });
        List<String> tokens = new CopyOnWriteArrayList<>();
        CountDownLatch two = new CountDownLatch(2);

        LlmStream s = client().stream(LlmPrompt.of("go"), LlmOptions.defaults(), t -> {
            tokens.add(t);
            two.countDown();
        });
        assertThat(two.await(10, TimeUnit.SECONDS)).isTrue();
        s.cancel();
        cancelled.countDown();
        Thread.sleep(300);

        assertThat(tokens).containsExactly("w0 ", "w1 ");
        assertThat(s.result().get(1, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(LlmResult.Completed.class, c -> assertThat(c.finishReason())
                        .isEqualTo(FinishReason.CANCELLED));
    }

    @Test
    void garbageAnswerIsABadResponseAndCountsAgainstTheBreaker() {
        server.then(json(200, "this is {not json"));

        LlmResult r = client().generate("go");

        assertThat(r).isInstanceOfSatisfying(LlmResult.Degraded.class, d -> {
            assertThat(d.failure().kind()).isEqualTo(LlmFailure.Kind.BAD_RESPONSE);
            assertThat(d.attempts()).isEqualTo(1);
        });
        assertThat(client.breaker().getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
    }

    /**
     * LangChain4j 1.11's Ollama stream parser skips lines it cannot parse and reports nothing when the stream ends
     * without a {@code done} line, so such a stream would hang; the silence watchdog turns it into a timeout.
     */
    @Test
    void garbageStreamEndsAsATimeoutInsteadOfHanging() throws Exception {
        props.timeout = java.time.Duration.ofMillis(500);
        props.maxRetries = 0;
        server.then(ndjson(0, "this is {not json"));

        LlmResult r = client().stream(LlmPrompt.of("go"), LlmOptions.defaults(), t -> {})
                .result()
                .get(10, TimeUnit.SECONDS);

        assertThat(r).isInstanceOfSatisfying(LlmResult.Degraded.class, d -> {
            assertThat(d.failure().kind()).isEqualTo(LlmFailure.Kind.TIMEOUT);
            assertThat(d.failure().message()).contains("no first token");
        });
        assertThat(client.breaker().getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
    }

    @Test
    void serverErrorIsRetriedAndUnknownModelIsNot() {
        server.then(json(500, "{\"error\":\"loading model\"}"), json(200, line("ok", true)));
        assertThat(client().generate("hi"))
                .isInstanceOfSatisfying(
                        LlmResult.Completed.class, c -> assertThat(c.attempts()).isEqualTo(2));

        server.then(json(404, "{\"error\":\"model 'llama3.2:1b' not found\"}"));
        assertThat(client.generate("hi")).isInstanceOfSatisfying(LlmResult.Degraded.class, d -> {
            assertThat(d.failure().kind()).isEqualTo(LlmFailure.Kind.NOT_FOUND);
            assertThat(d.attempts()).isEqualTo(1);
        });
        assertThat(server.requests).hasSize(3);
    }
}

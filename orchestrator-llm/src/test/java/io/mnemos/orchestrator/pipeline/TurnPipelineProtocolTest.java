package io.mnemos.orchestrator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mnemos.contracts.identity.Identity;
import io.mnemos.contracts.identity.InternalToken;
import io.mnemos.orchestrator.routing.Route;
import io.mnemos.orchestrator.routing.RouteDecision;
import io.mnemos.orchestrator.routing.Router;
import io.mnemos.orchestrator.routing.TurnInput;
import io.mnemos.web.security.MnemosSecurityProperties;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * PROTOCOL TEST: the pipeline against a local HTTP endpoint that answers like memory-service and retrieval-service
 * (their real services are exercised end to end in e2e-tests' PlatformIT). Checks which specialists each route calls,
 * that calls carry a signed identity of the turn's tenant, that failures and timeouts are traced, not thrown, and the
 * extractive answer.
 */
class TurnPipelineProtocolTest {
    static final String SECRET = "pipeline-test-secret-0123456789-abcdef";
    static final JsonMapper JSON = JsonMapper.builder().build();

    HttpServer server;
    final Map<String, String> seen = new ConcurrentHashMap<>();
    final Map<String, Identity> callers = new ConcurrentHashMap<>();
    final Map<String, Integer> calls = new ConcurrentHashMap<>();
    volatile long slowMemoryMs;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        seen.put(path, body);
        calls.merge(path, 1, Integer::sum);
        callers.put(
                path,
                InternalToken.verify(
                        ex.getRequestHeaders().getFirst(InternalToken.HEADER),
                        InternalToken.secret(SECRET),
                        Instant.now()));
        String json;
        int status = 200;
        if (path.startsWith("/v1/users/")) {
            if (slowMemoryMs > 0) {
                try {
                    Thread.sleep(slowMemoryMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            json =
                    """
                    {"hits":[
                      {"type":"turn","id":"%s","turnId":"%s","text":"Where did I go hiking last summer?","score":9},
                      {"type":"turn","id":"t-1","turnId":"t-1","sessionId":"s-1","speaker":"Melanie",
                       "text":"Last summer I went hiking in the Dolomites with Anna. It rained a lot.","score":3}
                    ]}"""
                            .formatted(TURN, TURN);
        } else if (path.equals("/v1/collections/handbook/search")) {
            json =
                    """
                    {"hits":[{"documentId":"d1","chunkId":"d1#0","title":"Leave policy",
                      "text":"Employees get 25 days of paid leave per year. Unused days expire in March.","score":1.5}]}""";
        } else if (path.equals("/v1/experience/match")) {
            json =
                    """
                    {"matched":true,"level":"TASK","confidence":0.91,"template":{"id":"tpl-1"},
                     "steps":[{"subGoal":"open the app","action":"launch","params":{"app":"mail"}},
                              {"subGoal":"write to Anna","action":"compose","params":{"to":"anna"}}]}""";
        } else if (path.equals("/v1/grounding/assess")) {
            json =
                    """
                    {"decision":"retrieve","entities":[{"text":"leave","count":3}],"threshold":10}""";
        } else {
            status = 404;
            json =
                    """
                    {"type":"about:blank","title":"Not found","status":404,"detail":"No collection 'missing'."}""";
        }
        byte[] out = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", status == 200 ? "application/json" : "application/problem+json");
        ex.sendResponseHeaders(status, out.length);
        ex.getResponseBody().write(out);
        ex.close();
    }

    static final UUID TURN = UUID.fromString("0190e5a0-0000-7000-8000-000000000001");

    private TurnPipeline pipeline(Route... routes) {
        return pipeline(turn -> new RouteDecision(
                List.of(routes),
                0.9,
                RouteDecision.Basis.SEMANTIC,
                "test",
                List.of(),
                new RouteDecision.Timings(0, 0)));
    }

    private TurnPipeline pipeline(Router router) {
        return pipeline(router, true);
    }

    private TurnPipeline pipeline(Router router, boolean assessWithoutLlm) {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        PipelineProperties props = new PipelineProperties(
                base, base, List.of("handbook", "missing"), Duration.ofMillis(800), 5, 2, assessWithoutLlm);
        MnemosSecurityProperties security = new MnemosSecurityProperties(true, SECRET, List.of(), Duration.ZERO, null);
        return new TurnPipeline(
                router,
                new Specialists(new ServiceClient(security, props), props),
                new TraceStore(null, null),
                props,
                new SimpleMeterRegistry());
    }

    private static TurnContext turn(String text) {
        return new TurnContext("acme", UUID.randomUUID(), TURN, "alice", text);
    }

    @Test
    void withoutAnLlmTheRetrievalGateIsNotCalledByDefaultAndTheAnswerIsTheSame() {
        Router documents = turn -> new RouteDecision(
                List.of(Route.DOCUMENTS),
                0.9,
                RouteDecision.Basis.SEMANTIC,
                "test",
                List.of(),
                new RouteDecision.Timings(0, 0));
        String question = "How many days of paid leave do employees get?";
        Answer withGate = pipeline(documents, true).answer(turn(question));
        seen.clear();
        Answer withoutGate = pipeline(documents, false).answer(turn(question));

        assertThat(seen).containsKey("/v1/collections/handbook/search").doesNotContainKey("/v1/grounding/assess");
        assertThat(withoutGate.trace().specialists())
                .extracting(SpecialistCall::name)
                .doesNotContain("grounding.assess");
        assertThat(withoutGate.mode()).isEqualTo("extractive");
        assertThat(withoutGate.text()).isEqualTo(withGate.text());
        assertThat(withoutGate.citations()).isEqualTo(withGate.citations());
    }

    @Test
    void aDocumentTurnSearchesEveryCollectionAsTheTenantAndQuotesTheBestSentence() {
        Answer a = pipeline(Route.DOCUMENTS).answer(turn("How many days of paid leave do employees get?"));

        assertThat(a.mode()).isEqualTo("extractive");
        assertThat(a.text())
                .startsWith("Employees get 25 days of paid leave per year. [1]")
                .contains("no language model is configured");
        assertThat(a.citations()).singleElement().satisfies(c -> assertThat(c.reference())
                .isEqualTo("handbook/d1"));
        assertThat(seen.get("/v1/collections/handbook/search")).contains("\"mode\":\"hybrid\"");
        assertThat(callers.get("/v1/collections/handbook/search").tenant()).isEqualTo("acme");
        assertThat(callers.get("/v1/collections/handbook/search").scopes())
                .containsExactlyInAnyOrder("memory:read", "documents:read");
        assertThat(seen).doesNotContainKey("/v1/users/alice/memory/search");
        assertThat(a.trace().specialists())
                .extracting(SpecialistCall::name, SpecialistCall::status)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("documents.search:handbook", "ok"),
                        org.assertj.core.groups.Tuple.tuple("documents.search:missing", "skipped"),
                        org.assertj.core.groups.Tuple.tuple("grounding.assess", "empty"));
        assertThat(a.trace().specialists().stream()
                        .filter(s -> s.name().equals("grounding.assess"))
                        .findFirst()
                        .orElseThrow()
                        .detail()
                        .toString())
                .contains("retrieve");
        assertThat(a.trace().route().primary()).isEqualTo("documents");
        assertThat(a.trace().timings().totalMs()).isPositive();
        assertThat(seen).containsKey("/v1/grounding/assess"); // assess-without-llm: true here
    }

    @Test
    void aMemoryTurnLeavesOutTheQuestionItselfAndQuotesWhatTheUserSaid() {
        Answer a = pipeline(Route.MEMORY).answer(turn("Where did I go hiking last summer?"));
        assertThat(seen).containsKey("/v1/users/alice/memory/search");
        assertThat(a.text()).startsWith("Last summer I went hiking in the Dolomites with Anna. [1]");
        assertThat(a.citations()).extracting(ExtractiveComposer.Citation::id).containsExactly("t-1");
        assertThat(seen).doesNotContainKey("/v1/collections/handbook/search");
    }

    @Test
    void aSpecialistThatTimesOutIsTracedAndTheTurnIsStillAnswered() {
        slowMemoryMs = 3000;
        Answer a = pipeline(Route.MEMORY).answer(turn("Where did I go hiking last summer?"));
        assertThat(a.trace().specialists()).singleElement().satisfies(s -> assertThat(s.status())
                .isEqualTo("timeout"));
        assertThat(a.text()).startsWith("I found nothing about that").contains("unavailable: memory.search");
    }

    @Test
    void aTaskThatMatchesALearnedTemplateIsAnsweredWithItsSteps() {
        Answer a = pipeline(Route.TASK).answer(turn("send an email to Anna"));
        assertThat(a.mode()).isEqualTo("procedure");
        assertThat(a.text())
                .startsWith("I have done this before (learned TASK template): 1. open the app: launch")
                .contains("2. write to Anna: compose");
        assertThat(seen.get("/v1/experience/match")).isEqualTo("{\"task\":\"send an email to Anna\"}");
        assertThat(a.citations()).singleElement().satisfies(c -> assertThat(c.id())
                .isEqualTo("tpl-1"));
    }

    @Test
    void aSpecialistNeededByTwoRoutesIsCalledOnce() {
        Answer a = pipeline(Route.TASK, Route.MEMORY).answer(turn("send an email to Anna"));
        assertThat(calls.get("/v1/users/alice/memory/search")).isEqualTo(1);
        assertThat(calls.get("/v1/experience/match")).isEqualTo(1);
        assertThat(a.trace().specialists())
                .extracting(SpecialistCall::name)
                .containsExactlyInAnyOrder("experience.match", "memory.search");
    }

    /** A router deciding {@code routes} with a fixed vector of the turn, remembering what it was asked. */
    static final class VectorRouter implements Router {
        static final RouteDecision.QueryVector VECTOR =
                new RouteDecision.QueryVector("test-model-v1", new float[] {0.6f, 0f, 0.8f});
        final List<TurnInput> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<Route> routes;

        VectorRouter(Route... routes) {
            this.routes = List.of(routes);
        }

        @Override
        public RouteDecision route(TurnInput turn) {
            seen.add(turn);
            return new RouteDecision(
                    routes,
                    0.9,
                    RouteDecision.Basis.SEMANTIC,
                    "test",
                    List.of(),
                    new RouteDecision.Timings(0, 0),
                    VECTOR);
        }
    }

    @Test
    void memoryAndDocumentSearchesGetTheRoutersVectorSoNoServiceEmbedsTheTurnAgain() {
        pipeline(new VectorRouter(Route.MEMORY, Route.DOCUMENTS, Route.TASK))
                .answer(turn("How many days of paid leave do employees get?"));
        for (String path : List.of("/v1/users/alice/memory/search", "/v1/collections/handbook/search")) {
            JsonNode body = JSON.readTree(seen.get(path));
            assertThat(body.path("query").asString())
                    .as(path)
                    .isEqualTo("How many days of paid leave do employees get?");
            assertThat(body.path("queryVectorModel").asString()).as(path).isEqualTo("test-model-v1");
            assertThat(body.path("queryVector").valueStream().map(JsonNode::floatValue))
                    .as(path)
                    .containsExactly(0.6f, 0f, 0.8f);
        }
        // experience matching and the grounding gate embed nothing: the text only
        assertThat(JSON.readTree(seen.get("/v1/experience/match")).has("queryVector"))
                .isFalse();
        assertThat(JSON.readTree(seen.get("/v1/grounding/assess")).has("queryVector"))
                .isFalse();
    }

    @Test
    void withoutARouterVectorTheSearchesSendTheTextOnly() {
        pipeline(Route.MEMORY).answer(turn("Where did I go hiking last summer?"));
        JsonNode body = JSON.readTree(seen.get("/v1/users/alice/memory/search"));
        assertThat(body.has("queryVector")).isFalse();
        assertThat(body.has("queryVectorModel")).isFalse();
    }

    @Test
    void theRouterGetsTheNamesOfTheUsersEarlierStatementsAndOfMemorySpeakers() {
        VectorRouter router = new VectorRouter(Route.MEMORY);
        TurnPipeline p = pipeline(router);
        p.answer(turn("I went to the cinema with Priya on Sunday."));
        p.answer(turn("Which film did Priya like?")); // a question: teaches nothing
        p.answer(turn("What about Quentin?"));

        assertThat(router.seen.get(0).knownNames())
                .as("a user's first turn has no context")
                .isEmpty();
        // the memory hit's speaker (Melanie) and the statement's name (Priya); never the question's names
        assertThat(router.seen.get(1).knownNames()).containsExactlyInAnyOrder("Priya", "Melanie");
        assertThat(router.seen.get(2).knownNames()).containsExactlyInAnyOrder("Priya", "Melanie");
        assertThat(router.seen.get(2).tenant()).isEqualTo("acme");
    }

    @Test
    void smallTalkGetsACannedReplyThatSaysThereIsNoLanguageModel() {
        Answer a = pipeline(Route.CHITCHAT).answer(turn("hi there, how are you?"));
        assertThat(a.mode()).isEqualTo("canned");
        assertThat(a.text()).isEqualTo(TurnPipeline.CHITCHAT_REPLY);
        assertThat(seen).isEmpty();
    }
}

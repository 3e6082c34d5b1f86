package io.mnemos.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnemos.contracts.identity.Identity;
import io.mnemos.contracts.identity.InternalToken;
import io.mnemos.devstack.Stack;
import io.mnemos.devstack.StackOptions;
import io.mnemos.testsupport.TestInfra;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The first vertical slice through the real parts: the packaged services as separate JVMs (started by the same
 * launcher as {@code ./mnemos up}), a real Kafka broker and a real PostgreSQL; driven over HTTP, SSE and WebSocket
 * through the gateway.
 */
class PlatformIT {
    private static final String ADMIN_KEY = "mn_e2e-" + Long.toHexString(System.nanoTime()) + "-admin-key";
    private static final String SECRET = "e2e-internal-secret-" + "x".repeat(32);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Stack stack;
    private static String gw;

    @BeforeAll
    static void startPlatform() {
        Path home = Path.of("..").toAbsolutePath().normalize();
        // -Dmnemos.e2e.services=gateway,orchestrator-llm,memory-service runs the slice alone (default: all).
        List<String> services = List.of(
                        System.getProperty("mnemos.e2e.services", "").split(","))
                .stream()
                .map(String::trim)
                .filter(x -> !x.isEmpty())
                .toList();
        stack = Stack.start(StackOptions.builder()
                .home(home)
                .services(services)
                .dataDir(Path.of("target/e2e-data").toAbsolutePath())
                .portOffset(200)
                .kafkaBootstrap(TestInfra.kafkaBootstrap())
                .jdbc(TestInfra.createDatabase("e2e"))
                .adminKey(ADMIN_KEY)
                .internalSecret(SECRET)
                // Generous: on a loaded 2-core machine six JVMs can take minutes to boot.
                .healthTimeout(Duration.ofMinutes(6))
                .build());
        gw = stack.gatewayUrl();
    }

    @AfterAll
    static void stopPlatform() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aTurnIsStoredByMemoryAndAnsweredOverSse() throws Exception {
        String sessionId = createSession("alice");

        // The stream ends after the answer: accepted, the answer's sentences as they were made (partial), answer.
        List<String[]> events = turnOverSse(sessionId, "I love green tea");

        assertThat(events.getFirst()[0]).isEqualTo("accepted");
        assertThat(events.getLast()[0]).isEqualTo("answer");
        assertThat(events.subList(1, events.size() - 1)).isNotEmpty().allSatisfy(e -> assertThat(e[0])
                .isEqualTo("partial"));
        JsonNode answer = JSON.readTree(events.getLast()[1]);
        String turnId = answer.path("turnId").asString();
        // The embedded (no-LLM) pipeline answered: routed, specialists called, composed without generation.
        assertThat(answer.path("mode").asString()).isIn("extractive", "canned");
        assertThat(answer.path("text").asString()).isNotBlank();
        String traceUrl = answer.path("traceUrl").asString();
        assertThat(traceUrl).isEqualTo("/v1/sessions/" + sessionId + "/turns/" + turnId + "/trace");
        JsonNode trace = getJson(traceUrl, 200);
        assertThat(trace.path("turnId").asString()).isEqualTo(turnId);
        assertThat(trace.at("/route/primary").asString()).isIn("memory", "documents", "task", "chitchat");
        assertThat(trace.at("/timings/totalMs").asDouble()).isPositive();
        getJson("/v1/sessions/" + sessionId + "/turns/" + java.util.UUID.randomUUID() + "/trace", 404);

        // memory-service has the turn (it stored it before the answer was composed), then the answer as the agent's
        // turn with the same sequence number.
        JsonNode turns = awaitTurns(sessionId, 2);
        assertThat(turns.path("turns")).hasSize(2);
        assertThat(turns.path("turns").get(0).path("turnId").asString()).isEqualTo(turnId);
        assertThat(turns.path("turns").get(0).path("speaker").asString()).isEqualTo("user");
        assertThat(turns.path("turns").get(0).path("text").asString()).isEqualTo("I love green tea");
        assertThat(turns.path("turns").get(0).path("sequence").asLong()).isEqualTo(1);
        assertThat(turns.path("turns").get(1).path("speaker").asString()).isEqualTo("agent");
        assertThat(turns.path("turns").get(1).path("text").asString())
                .isEqualTo(answer.path("text").asString());
        assertThat(turns.path("turns").get(1).path("sequence").asLong()).isEqualTo(1);
    }

    @Test
    void erasingAUserLeavesNothingOfTheirsInAnyService() throws Exception {
        String user = "erin-" + Long.toHexString(System.nanoTime());
        String sessionId = createSession(user);
        List<String[]> events = turnOverSse(sessionId, "My locker code is 4711");
        assertThat(events.getLast()[0]).isEqualTo("answer");
        String turnId = JSON.readTree(events.getLast()[1]).path("turnId").asString();
        awaitTurns(sessionId, 2);
        String search = "/v1/users/" + user + "/memory/search";
        String query = "{\"query\":\"locker code\",\"mode\":\"bm25\"}";
        // live turns become searchable within a second (the index's background refresh)
        long found = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String before;
        do {
            Thread.sleep(200);
            before = send(request(search).POST(json(query)).build()).body();
        } while (!before.contains("4711") && System.nanoTime() < found);
        assertThat(before).contains("4711");

        HttpResponse<String> erased =
                send(request("/v1/users/" + user + "/memory").DELETE().build());
        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(200);
        assertThat(JSON.readTree(erased.body()).path("erasureId").asString()).isNotBlank();

        // memory-service at once; orchestrator-llm (session, turns, answer, trace) once it consumed the tombstone
        assertThat(send(request(search).POST(json(query)).build()).body()).doesNotContain("4711");
        getJson("/v1/sessions/" + sessionId + "/turns", 404);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int session;
        do {
            Thread.sleep(200);
            session = send(request("/v1/sessions/" + sessionId).GET().build()).statusCode();
        } while (session != 404 && System.nanoTime() < deadline);
        assertThat(session).as("the orchestrator's session after the erasure").isEqualTo(404);
        getJson("/v1/sessions/" + sessionId + "/turns/" + turnId + "/trace", 404);
    }

    @Test
    void turnsSentOverWebSocketAreAnsweredInOrder() throws Exception {
        String sessionId = createSession("bob");
        LinkedBlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
        WebSocket ws = HTTP.newWebSocketBuilder()
                .header("X-API-Key", ADMIN_KEY)
                .buildAsync(
                        URI.create(gw.replaceFirst("^http", "ws") + "/v1/sessions/" + sessionId + "/stream"),
                        new WebSocket.Listener() {
                            final StringBuilder buf = new StringBuilder();

                            @Override
                            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                                buf.append(data);
                                if (last) {
                                    received.add(JSON.readTree(buf.toString()));
                                    buf.setLength(0);
                                }
                                w.request(1);
                                return null;
                            }
                        })
                .get(10, TimeUnit.SECONDS);
        ws.sendText("{\"type\":\"turn\",\"text\":\"first\"}", true).get(5, TimeUnit.SECONDS);
        ws.sendText("{\"type\":\"turn\",\"text\":\"second\"}", true).get(5, TimeUnit.SECONDS);
        ws.sendText("{\"type\":\"turn\"}", true).get(5, TimeUnit.SECONDS);

        List<JsonNode> answers = new ArrayList<>();
        List<JsonNode> errors = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while ((answers.size() < 2 || errors.isEmpty()) && System.nanoTime() < deadline) {
            JsonNode m = received.poll(1, TimeUnit.SECONDS);
            if (m == null) continue;
            switch (m.path("type").asString()) {
                case "answer" -> answers.add(m);
                case "error" -> errors.add(m);
                default -> {}
            }
        }
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");

        assertThat(answers).extracting(a -> a.path("sequence").asLong()).containsExactlyInAnyOrder(1L, 2L);
        assertThat(errors)
                .singleElement()
                .satisfies(e -> assertThat(e.path("detail").asString()).contains("text"));
        JsonNode turns = awaitTurns(sessionId, 4); // both questions and both answers
        assertThat(turns.path("turns"))
                .filteredOn(t -> t.path("speaker").asString().equals("user"))
                .extracting(t -> t.path("text").asString())
                .containsExactly("first", "second");
        assertThat(turns.path("turns"))
                .filteredOn(t -> t.path("speaker").asString().equals("agent"))
                .extracting(t -> t.path("sequence").asLong())
                .containsExactly(1L, 2L);
    }

    @Test
    void badInputGetsProblemJsonAndLeavesNothingBehind() throws Exception {
        // malformed JSON
        HttpResponse<String> r =
                send(request("/v1/sessions").POST(json("{\"userId\":")).build());
        assertProblem(r, 400);
        // unknown field in a strict body
        r = send(request("/v1/sessions")
                .POST(json("{\"userId\":\"u\",\"surprise\":true}"))
                .build());
        assertProblem(r, 400);
        assertThat(r.body()).contains("surprise");
        // validation: blank user
        r = send(request("/v1/sessions").POST(json("{\"userId\":\"\"}")).build());
        assertProblem(r, 400);
        assertThat(r.body()).contains("userId");
        // unknown session, for turns and for memory
        String unknown = "0190b6a5-0000-7000-8000-000000000000";
        r = send(request("/v1/sessions/" + unknown + "/turns")
                .POST(json("{\"text\":\"hi\"}"))
                .build());
        assertProblem(r, 404);
        r = send(request("/v1/sessions/" + unknown + "/turns").GET().build());
        assertProblem(r, 404);
        // not a UUID
        r = send(request("/v1/sessions/not-a-uuid").GET().build());
        assertProblem(r, 400);
        // empty turn on a real session: rejected, and nothing reaches memory
        String sessionId = createSession("carol");
        r = send(request("/v1/sessions/" + sessionId + "/turns")
                .POST(json("{\"text\":\"  \"}"))
                .build());
        assertProblem(r, 400);
        // oversized body
        String big = "{\"text\":\"" + "a".repeat(11 * 1024 * 1024) + "\"}";
        r = send(request("/v1/sessions/" + sessionId + "/turns").POST(json(big)).build());
        assertProblem(r, 413);
        // unknown route
        r = send(request("/v1/nowhere").GET().build());
        assertProblem(r, 404);

        // a good turn after the bad ones is turn #1: the rejected ones left no trace
        r = send(request("/v1/sessions/" + sessionId + "/turns")
                .POST(json("{\"text\":\"hello\"}"))
                .build());
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(r.body()).path("sequence").asLong()).isEqualTo(1);
        // "hello" and the agent's answer to it (answers are remembered too), nothing of the rejected turns
        JsonNode turns = awaitTurns(sessionId, 2);
        assertThat(turns.path("turns")).hasSize(2);
        assertThat(turns.path("turns"))
                .filteredOn(t -> t.path("speaker").asString().equals("user"))
                .extracting(t -> t.path("text").asString())
                .containsExactly("hello");
    }

    @Test
    void credentialsAreRequiredAndIdentityHeadersCannotBeForged() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(gw + "/v1/sessions"))
                .header("Content-Type", "application/json")
                .POST(json("{\"userId\":\"mallory\"}"))
                .build());
        assertProblem(r, 401);
        assertThat(r.body()).contains("missing-credentials");

        r = send(HttpRequest.newBuilder(URI.create(gw + "/v1/sessions"))
                .header("Authorization", "Bearer mn_this-key-does-not-exist")
                .header("Content-Type", "application/json")
                .POST(json("{\"userId\":\"mallory\"}"))
                .build());
        assertProblem(r, 401);
        assertThat(r.body()).contains("invalid-credentials");

        // Straight to a service, bypassing the gateway: a token signed with another secret is refused.
        String orchestrator = stack.serviceUrl("orchestrator-llm").orElseThrow();
        String forged = InternalToken.sign(
                new Identity("default", "mallory", Set.of("admin")),
                "not-the-secret-not-the-secret-not-the-secret".getBytes(StandardCharsets.UTF_8),
                Instant.now().plusSeconds(60));
        r = send(HttpRequest.newBuilder(URI.create(orchestrator + "/v1/sessions"))
                .header(InternalToken.HEADER, forged)
                .header("Content-Type", "application/json")
                .POST(json("{\"userId\":\"mallory\"}"))
                .build());
        assertProblem(r, 401);
        // and no identity at all
        r = send(HttpRequest.newBuilder(URI.create(orchestrator + "/v1/sessions"))
                .header("Content-Type", "application/json")
                .POST(json("{\"userId\":\"mallory\"}"))
                .build());
        assertProblem(r, 401);
    }

    @Test
    void everyServiceIsHealthyAndDocumented() throws Exception {
        for (var e : stack.serviceUrls().entrySet()) {
            HttpResponse<String> h = send(HttpRequest.newBuilder(URI.create(e.getValue() + "/actuator/health"))
                    .GET()
                    .build());
            assertThat(h.statusCode()).as(e.getKey()).isEqualTo(200);
            assertThat(h.body()).as(e.getKey()).contains("\"UP\"");
        }
        HttpResponse<String> docs = send(HttpRequest.newBuilder(URI.create(gw + "/v3/api-docs/orchestrator"))
                .GET()
                .build());
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.body()).contains("/v1/sessions/{sessionId}/turns");
    }

    // --- the web console in a real browser (issue #6 §4; added by the console work, shares this class's stack) ---

    /**
     * The console the gateway serves at {@code /console/}, driven in Debian's headless Chromium by playwright-core
     * ({@code console/e2e/console.spec.mjs}): sign in (a wrong key first), upload a document with progress, search it
     * in bm25/dense/hybrid, chat and open the trace, erase the user and see the receipt, gateway health. Skipped, with
     * the reason, when Chromium, node or the console's node_modules are missing. A failure leaves a screenshot and
     * the page's HTML in {@code e2e-tests/target/console-e2e/}.
     */
    @Test
    void consoleWorksInARealBrowser() throws Exception {
        Path home = Path.of("..").toAbsolutePath().normalize();
        String chromium = System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                java.nio.file.Files.isExecutable(Path.of(chromium)),
                "Console browser test skipped: no Chromium at " + chromium + " (apt-get install chromium).");
        Path node = consoleExecutableOnPath("node");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                node != null, "Console browser test skipped: no 'node' on the PATH (Node 20.19+ is needed).");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                java.nio.file.Files.isDirectory(home.resolve("console/node_modules/playwright-core")),
                "Console browser test skipped: console/node_modules/playwright-core is missing; build the console"
                        + " module without -Dconsole.skip=true (it runs npm ci).");
        Path artifacts = Path.of("target/console-e2e").toAbsolutePath();
        Process p = new ProcessBuilder(
                        node.toString(),
                        home.resolve("console/e2e/console.spec.mjs").toString(),
                        gw,
                        ADMIN_KEY,
                        artifacts.toString())
                .directory(home.toFile())
                .redirectErrorStream(true)
                .start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = p.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                return "(output unreadable: " + e + ")";
            }
        });
        boolean finished = p.waitFor(8, TimeUnit.MINUTES);
        if (!finished) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String log = output.get(1, TimeUnit.MINUTES);
        System.out.println(log);
        assertThat(finished)
                .as("console e2e did not finish within 8 minutes:%n%s", log)
                .isTrue();
        assertThat(p.exitValue()).as("console e2e exit code; output:%n%s", log).isZero();
        assertThat(log).contains("console e2e: PASSED");
    }

    private static Path consoleExecutableOnPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (java.nio.file.Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    // --- end of the web console test ---

    // --- helpers ---

    private static String createSession(String userId) throws Exception {
        HttpResponse<String> r = send(request("/v1/sessions")
                .POST(json("{\"userId\":\"" + userId + "\"}"))
                .build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).path("sessionId").asString();
    }

    /** Sends a turn and reads its SSE events (as [name, data] pairs) until the stream ends after the answer. */
    private static List<String[]> turnOverSse(String sessionId, String text) throws Exception {
        HttpResponse<InputStream> stream = HTTP.send(
                request("/v1/sessions/" + sessionId + "/turns")
                        .header("Accept", "text/event-stream")
                        .POST(json(JSON.writeValueAsString(java.util.Map.of("text", text))))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        return readSse(stream.body(), 50, Duration.ofSeconds(60));
    }

    private static JsonNode awaitTurns(String sessionId, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            HttpResponse<String> r =
                    send(request("/v1/sessions/" + sessionId + "/turns").GET().build());
            if (r.statusCode() == 200) {
                JsonNode n = JSON.readTree(r.body());
                if (n.path("turns").size() >= count || System.nanoTime() > deadline) {
                    return n;
                }
            } else if (System.nanoTime() > deadline) {
                throw new AssertionError("turns of " + sessionId + " not visible: " + r.statusCode() + " " + r.body());
            }
            Thread.sleep(200);
        }
    }

    @Test
    void oneTenantsKeyNeverReachesAnotherTenantsData() throws Exception {
        String suffix = Long.toHexString(System.nanoTime());
        String keyA = tenantKey("iso-a-" + suffix);
        String keyB = tenantKey("iso-b-" + suffix);

        // tenant A: a conversation, a collection with a document
        HttpResponse<String> r =
                send(as(keyA, "/v1/sessions").POST(json("{\"userId\":\"pat\"}")).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String sessionA = JSON.readTree(r.body()).path("sessionId").asString();
        r = send(as(keyA, "/v1/sessions/" + sessionA + "/turns")
                .POST(json("{\"text\":\"My locker code is amber falcon\"}"))
                .build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        r = send(as(keyA, "/v1/collections").POST(json("{\"name\":\"notes\"}")).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        r = send(as(keyA, "/v1/collections/notes/documents")
                .POST(json("{\"documents\":[{\"id\":\"d1\",\"title\":\"Codes\","
                        + "\"text\":\"The launch code of the project is amber falcon.\"}]}"))
                .build());
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 202);

        // tenant B's key, every route to A's things: not found, and nothing of A's in any body
        List<HttpResponse<String>> probes = List.of(
                send(as(keyB, "/v1/sessions/" + sessionA).GET().build()),
                send(as(keyB, "/v1/sessions/" + sessionA + "/turns").GET().build()),
                send(as(keyB, "/v1/sessions/" + sessionA + "/events").GET().build()),
                send(as(keyB, "/v1/collections/notes").GET().build()),
                send(as(keyB, "/v1/collections/notes/documents/d1").GET().build()),
                send(as(keyB, "/v1/collections/notes/search")
                        .POST(json("{\"query\":\"amber falcon\",\"k\":5,\"mode\":\"bm25\"}"))
                        .build()));
        for (HttpResponse<String> probe : probes) {
            assertThat(probe.statusCode()).as(probe.uri() + " " + probe.body()).isEqualTo(404);
            assertThat(probe.body()).doesNotContain("amber").doesNotContain("falcon");
        }
        HttpResponse<String> memory = send(as(keyB, "/v1/users/pat/memory/search")
                .POST(json("{\"query\":\"amber falcon\",\"k\":5,\"mode\":\"bm25\"}"))
                .build());
        assertThat(memory.statusCode()).as(memory.body()).isIn(200, 404);
        assertThat(memory.body()).doesNotContain("amber");
        // B's collection of the same name sees none of A's documents
        r = send(as(keyB, "/v1/collections").POST(json("{\"name\":\"notes\"}")).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        r = send(as(keyB, "/v1/collections/notes/search")
                .POST(json("{\"query\":\"amber falcon\",\"k\":5,\"mode\":\"bm25\"}"))
                .build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).path("hits")).isEmpty();
        // A still sees its own
        r = send(as(keyA, "/v1/collections/notes/search")
                .POST(json("{\"query\":\"amber falcon\",\"k\":5,\"mode\":\"bm25\"}"))
                .build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("amber falcon");
    }

    /** Creates a tenant through the admin API and returns a new key of it with read/write scopes. */
    private static String tenantKey(String tenant) throws Exception {
        HttpResponse<String> r = send(request("/v1/admin/tenants")
                .POST(json("{\"name\":\"" + tenant + "\",\"tenantId\":\"" + tenant + "\"}"))
                .build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        r = send(request("/v1/admin/tenants/" + tenant + "/keys")
                .POST(json(
                        "{\"scopes\":[\"memory:read\",\"memory:write\",\"documents:read\"," + "\"documents:write\"]}"))
                .build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).path("key").asString();
    }

    private static HttpRequest.Builder as(String key, String path) {
        return HttpRequest.newBuilder(URI.create(gw + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json");
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(gw + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + ADMIN_KEY)
                .header("Content-Type", "application/json");
    }

    private static HttpRequest.BodyPublisher json(String body) {
        return HttpRequest.BodyPublishers.ofString(body);
    }

    private static HttpResponse<String> send(HttpRequest r) throws Exception {
        return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode getJson(String path, int status) throws Exception {
        HttpResponse<String> r = send(request(path).GET().build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    private static void assertProblem(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode p = JSON.readTree(r.body());
        assertThat(p.path("status").asInt()).isEqualTo(status);
        assertThat(p.path("detail").asString()).isNotBlank();
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    /** Reads {@code count} SSE events as [name, data] pairs. */
    private static List<String[]> readSse(InputStream in, int count, Duration timeout) throws Exception {
        CompletableFuture<List<String[]>> f = CompletableFuture.supplyAsync(() -> {
            List<String[]> events = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String name = "message";
                StringBuilder data = new StringBuilder();
                String line;
                while (events.size() < count && (line = r.readLine()) != null) {
                    if (line.isEmpty()) {
                        if (!data.isEmpty()) {
                            events.add(new String[] {name, data.toString()});
                        }
                        name = "message";
                        data.setLength(0);
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).trim());
                    }
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
            return events;
        });
        return f.get(timeout.toSeconds(), TimeUnit.SECONDS);
    }
}

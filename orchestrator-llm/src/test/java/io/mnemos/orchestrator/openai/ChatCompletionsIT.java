package io.mnemos.orchestrator.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.langchain4j.data.message.SystemMessage;
import io.mnemos.contracts.identity.InternalToken;
import io.mnemos.orchestrator.session.SessionService;
import io.mnemos.orchestrator.session.SessionStreams;
import io.mnemos.orchestrator.session.TurnEvent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** {@code POST /v1/chat/completions} over real HTTP with a gateway-signed identity. */
class ChatCompletionsIT extends OrchestratorHttpTestBase {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Autowired
    ScriptedLlm llm;

    @Autowired
    SessionService sessions;

    @Autowired
    SessionStreams streams;

    String tenant;
    String user;

    @BeforeEach
    void fresh() {
        llm.reset();
        tenant = tenant();
        user = "u-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void off() {
        llm.reset();
    }

    private HttpResponse<String> post(String body, String... scopes) throws Exception {
        return postWithKey(null, body, scopes);
    }

    private HttpResponse<String> postWithKey(String idempotencyKey, String body, String... scopes) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"));
        if (idempotencyKey != null) {
            b.header(ChatCompletionsController.IDEMPOTENCY_HEADER, idempotencyKey);
        }
        return http.send(
                b.header("Content-Type", "application/json")
                        .header(
                                InternalToken.HEADER,
                                sign(tenant, scopes.length == 0 ? new String[] {"memory:write"} : scopes))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .timeout(Duration.ofSeconds(60))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String request(boolean stream, String question) {
        return """
                {"model":"gpt-4o-mini","user":"%s","stream":%s,"top_p":1,"n":1,"stream_options":{"include_usage":true},
                 "messages":[{"role":"system","content":"Be brief."},
                             {"role":"user","content":[{"type":"text","text":"%s"}]}]}"""
                .formatted(user, stream, question);
    }

    private static List<JsonNode> events(String sse) {
        List<JsonNode> out = new ArrayList<>();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
                out.add(JSON.readTree(line.substring(6)));
            }
        }
        return out;
    }

    @Test
    void answersExtractivelyWithoutAnLlmRecordsTheTurnAndIgnoresUnknownOpenAiFields() throws Exception {
        HttpResponse<String> r = post(request(false, "What tea do I drink every morning?"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("object").asString()).isEqualTo("chat.completion");
        assertThat(body.path("model").asString()).isEqualTo("gpt-4o-mini");
        assertThat(body.path("id").asString()).startsWith("chatcmpl-");
        JsonNode choice = body.path("choices").get(0);
        assertThat(choice.path("message").path("role").asString()).isEqualTo("assistant");
        assertThat(choice.path("finish_reason").asString()).isEqualTo("stop");
        String content = choice.path("message").path("content").asString();
        assertThat(content).contains("green tea").contains("[1]").contains("Extractive answer");
        assertThat(body.path("usage").path("total_tokens").asInt()).isPositive();
        assertThat(body.path("mnemos").path("mode").asString()).isEqualTo("extractive");

        // The user's memory was searched as the caller's tenant, and the user turn recorded in a session of the user.
        OrchestratorHttpTestBase.Call memoryCall = CALLS.get("/v1/users/" + user + "/memory/search");
        assertThat(memoryCall).isNotNull();
        assertThat(memoryCall.caller().tenant()).isEqualTo(tenant);
        String sessionId = body.path("mnemos").path("sessionId").asString();
        assertThat(jdbc.sql("SELECT s.user_id FROM turn t JOIN session s ON s.tenant = t.tenant AND s.session_id ="
                                + " t.session_id WHERE t.tenant = ? AND t.session_id = ? AND t.text = ?")
                        .params(tenant, UUID.fromString(sessionId), "What tea do I drink every morning?")
                        .query(String.class)
                        .list())
                .containsExactly(user);

        // The next request of the same user and conversation goes to the same session.
        JsonNode second =
                JSON.readTree(post(request(false, "And in the evening?")).body());
        assertThat(second.path("mnemos").path("sessionId").asString()).isEqualTo(sessionId);
    }

    @Test
    void streamsChunksEndingWithDoneWithoutAnLlm() throws Exception {
        HttpResponse<String> r = post(request(true, "What tea do I drink every morning?"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        assertThat(r.body().strip()).endsWith("data: [DONE]");
        List<JsonNode> chunks = events(r.body());
        assertThat(chunks)
                .allSatisfy(c -> assertThat(c.path("object").asString()).isEqualTo("chat.completion.chunk"));
        assertThat(chunks.getFirst()
                        .path("choices")
                        .get(0)
                        .path("delta")
                        .path("role")
                        .asString())
                .isEqualTo("assistant");
        assertThat(chunks.getLast().path("choices").get(0).path("finish_reason").asString())
                .isEqualTo("stop");
        String text = String.join(
                "",
                chunks.stream()
                        .map(c -> c.path("choices")
                                .get(0)
                                .path("delta")
                                .path("content")
                                .asString(""))
                        .toList());
        assertThat(text).contains("green tea").contains("Extractive answer");
    }

    @Test
    void withAnLlmPutsMemoryAndPassagesInThePromptAndPassesOptions() throws Exception {
        llm.available = true;
        llm.tokens = List.of("Sencha", ", every morning.");
        HttpResponse<String> r = post(
                """
                {"model":"m","user":"%s","temperature":0.3,"max_tokens":7,
                 "messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello!"},
                             {"role":"user","content":"What tea do I drink every morning?"}]}"""
                        .formatted(user));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("choices").get(0).path("message").path("content").asString())
                .isEqualTo("Sencha, every morning.");
        assertThat(body.path("mnemos").path("mode").asString()).isEqualTo("llm");
        assertThat(body.path("usage").path("prompt_tokens").asInt()).isEqualTo(42);
        String system = ((SystemMessage) llm.lastPrompt.messages().getFirst()).text();
        assertThat(system).contains("[1] (memory").contains("I drink green tea every morning");
        assertThat(llm.lastPrompt.messages()).hasSize(4); // passages + the three conversation messages
        assertThat(llm.lastOptions.temperature()).isEqualTo(0.3);
        assertThat(llm.lastOptions.maxTokens()).isEqualTo(7);
    }

    @Test
    void withAnLlmStreamsItsTokensAsChunks() throws Exception {
        llm.available = true;
        llm.tokens = List.of("Sen", "cha", ".");
        HttpResponse<String> r = post(request(true, "What tea do I drink every morning?"));

        List<String> contents = events(r.body()).stream()
                .map(c -> c.path("choices").get(0).path("delta").path("content").asString(null))
                .filter(c -> c != null && !c.isEmpty())
                .toList();
        assertThat(contents).containsExactly("Sen", "cha", ".");
        assertThat(r.body().strip()).endsWith("data: [DONE]");
    }

    @Test
    void aFailingLlmFallsBackToTheExtractiveAnswerAndSaysWhy() throws Exception {
        llm.available = true;
        llm.fail = true;
        JsonNode body = JSON.readTree(
                post(request(false, "What tea do I drink every morning?")).body());

        assertThat(body.path("choices").get(0).path("message").path("content").asString())
                .contains("Extractive answer");
        assertThat(body.path("mnemos").path("llm_error").asString()).contains("HTTP 500 from the fake");
    }

    @Test
    void aClientThatDisconnectsMidStreamCancelsTheLlmStream() throws Exception {
        llm.available = true;
        llm.tokens = Collections.nCopies(400, "word ");
        llm.pauseMillis = 20;
        String body = request(true, "Tell me about tea");
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + InternalToken.HEADER + ": " + sign(tenant, "memory:write") + "\r\nContent-Length: "
                            + bytes.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.write(bytes);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            int tokenChunks = 0;
            for (String line = in.readLine(); line != null && tokenChunks < 3; line = in.readLine()) {
                if (line.contains("\"content\":\"word \"")) {
                    tokenChunks++;
                }
            }
            assertThat(tokenChunks).isEqualTo(3);
        } // the client goes away here, 3 of 400 tokens in
        await().atMost(Duration.ofSeconds(10)).until(() -> llm.cancelled.get());
    }

    @Test
    void badRequestsGetOpenAiErrorObjects() throws Exception {
        assertError(post("{\"user\":\"" + user + "\",\"messages\":[]}"), "messages", "missing_messages");
        assertError(
                post("{\"user\":\"" + user + "\",\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]}"),
                "messages",
                "no_user_message");
        assertError(
                post("{\"user\":\"" + user + "\",\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}"),
                "messages[0].role",
                "invalid_role");
        assertError(post("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), "user", "missing_user");
        assertError(
                post("{\"user\":\"" + user
                        + "\",\"temperature\":7,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
                "temperature",
                "invalid_value");
        assertError(post("{\"messages\":"), null, "invalid_json");
        // Nothing was recorded for the refused requests.
        assertThat(jdbc.sql("SELECT count(*) FROM session WHERE tenant = ?")
                        .param(tenant)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void needsTheWriteScope() throws Exception {
        HttpResponse<String> r = post(request(false, "hi"), "memory:read");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    /** A turn queued for memory-service (conversation.turn.recorded) in the orchestrator's outbox. */
    record Queued(String speaker, String turnId, long sequence, String text) {}

    private List<Queued> queuedTurns(String sessionId) {
        return jdbc
                .sql(
                        """
                        SELECT envelope::text FROM outbox_event
                        WHERE type = 'conversation.turn.recorded' AND record_key = ? ORDER BY created_at, id""")
                .param(tenant + ":" + sessionId)
                .query(String.class)
                .list()
                .stream()
                .map(e -> JSON.readTree(e).path("payload"))
                .map(p -> new Queued(
                        p.path("speaker").asString(),
                        p.path("turnId").asString(),
                        p.path("sequence").asLong(),
                        p.path("text").asString()))
                .toList();
    }

    private String memorySearch() {
        return "/v1/users/" + user + "/memory/search";
    }

    @Test
    void aChatTurnIsAnsweredOnceAndBothItAndTheReplyGoToMemory() throws Exception {
        JsonNode body = JSON.readTree(
                post(request(false, "What tea do I drink every morning?")).body());
        String content =
                body.path("choices").get(0).path("message").path("content").asString();
        String sessionId = body.path("mnemos").path("sessionId").asString();
        String turnId = body.path("mnemos").path("turnId").asString();
        assertThat(calls(memorySearch())).isEqualTo(1);

        List<Queued> queued = queuedTurns(sessionId);
        assertThat(queued).extracting(Queued::speaker).containsExactly("user", "agent");
        assertThat(queued.get(0).turnId()).isEqualTo(turnId);
        assertThat(queued.get(0).text()).isEqualTo("What tea do I drink every morning?");
        assertThat(queued.get(1).text()).isEqualTo(content);
        assertThat(queued.get(1).sequence()).isEqualTo(queued.get(0).sequence());
        assertThat(queued.get(1).turnId()).isNotEqualTo(turnId);

        // memory-service reports the chat turn stored: the session pipeline must not answer it a second time. A
        // session turn stored after it (same record key, so same partition, consumed after it) marks the point by
        // which the chat turn's event has been consumed.
        UUID sid = UUID.fromString(sessionId);
        List<TurnEvent> answers = new CopyOnWriteArrayList<>();
        Runnable unsubscribe = streams.subscribe(tenant, sid, ev -> {
            if (ev.event().equals(TurnEvent.ANSWER)) {
                answers.add(ev);
            }
        });
        try {
            TurnEvent other = sessions.accept(tenant, sid, UUID.randomUUID(), "Which tea in the evening?");
            storedByMemory(
                    tenant, user, sid, UUID.fromString(turnId), queued.get(0).sequence());
            storedByMemory(tenant, user, sid, other.turnId(), other.sequence());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> answers.stream().anyMatch(a -> a.turnId().equals(other.turnId())));
            assertThat(answers).extracting(TurnEvent::turnId).containsExactly(other.turnId());
            assertThat(calls(memorySearch())).isEqualTo(2); // once for the chat turn, once for the session turn
            // the session turn's answer goes to memory too, once
            assertThat(queuedTurns(sessionId))
                    .extracting(Queued::speaker)
                    .containsExactly("user", "agent", "user", "agent");
        } finally {
            unsubscribe.run();
        }
    }

    @Test
    void memoryReportingAChatTurnStoredWhileItIsBeingAnsweredDoesNotAnswerItAgain() throws Exception {
        llm.available = true;
        llm.tokens = List.of("Sencha", ", every morning.");
        CountDownLatch gate = new CountDownLatch(1);
        llm.gate = gate; // the chat completion stays in flight until released
        String question = "What tea do I drink every morning?";
        CompletableFuture<HttpResponse<String>> chat = CompletableFuture.supplyAsync(() -> {
            try {
                return post(request(true, question));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        record Row(UUID turnId, UUID sessionId, long sequence) {}
        Row row = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> jdbc.sql("SELECT turn_id, session_id, sequence FROM turn WHERE tenant = ? AND text = ?")
                                .params(tenant, question)
                                .query((rs, i) -> new Row(
                                        rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getLong(3)))
                                .optional()
                                .orElse(null),
                        r -> r != null);
        List<TurnEvent> answers = new CopyOnWriteArrayList<>();
        Runnable unsubscribe = streams.subscribe(tenant, row.sessionId(), ev -> {
            if (ev.event().equals(TurnEvent.ANSWER)) {
                answers.add(ev);
            }
        });
        try {
            TurnEvent other = sessions.accept(tenant, row.sessionId(), UUID.randomUUID(), "Which tea in the evening?");
            storedByMemory(tenant, user, row.sessionId(), row.turnId(), row.sequence());
            storedByMemory(tenant, user, row.sessionId(), other.turnId(), other.sequence());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> answers.stream().anyMatch(a -> a.turnId().equals(other.turnId())));
            assertThat(answers).extracting(TurnEvent::turnId).containsExactly(other.turnId());
            assertThat(calls(memorySearch())).isEqualTo(2); // the chat's evidence, the session turn's answer
        } finally {
            unsubscribe.run();
            gate.countDown();
        }
        HttpResponse<String> r = chat.get(60, TimeUnit.SECONDS);
        assertThat(r.body().strip()).endsWith("data: [DONE]");
        assertThat(queuedTurns(row.sessionId().toString()))
                .filteredOn(q -> q.speaker().equals("agent") && q.sequence() == row.sequence())
                .extracting(Queued::text)
                .containsExactly("Sencha, every morning."); // the streamed reply, recorded once
    }

    @Test
    void aReplayedRequestGetsTheRecordedReplyAndIsRecordedOnce() throws Exception {
        String req = request(false, "What tea do I drink every morning?");
        JsonNode first = JSON.readTree(post(req).body());
        JsonNode again = JSON.readTree(post(req).body());

        assertThat(again.path("mnemos").path("turnId").asString())
                .isEqualTo(first.path("mnemos").path("turnId").asString());
        assertThat(again.path("mnemos").path("mode").asString()).isEqualTo("replay");
        assertThat(again.path("choices").get(0).path("message").path("content").asString())
                .isEqualTo(first.path("choices")
                        .get(0)
                        .path("message")
                        .path("content")
                        .asString());
        assertThat(calls(memorySearch())).isEqualTo(1);
        assertThat(queuedTurns(first.path("mnemos").path("sessionId").asString()))
                .extracting(Queued::speaker)
                .containsExactly("user", "agent");

        // With an Idempotency-Key the key, not the body, identifies the retry.
        JsonNode keyed = JSON.readTree(
                postWithKey("k-1", request(false, "And in the evening?")).body());
        JsonNode retried = JSON.readTree(postWithKey("k-1", request(false, "And in the evening, please?"))
                .body());
        assertThat(retried.path("mnemos").path("turnId").asString())
                .isEqualTo(keyed.path("mnemos").path("turnId").asString());
        assertThat(retried.path("mnemos").path("mode").asString()).isEqualTo("replay");
        assertThat(calls(memorySearch())).isEqualTo(2);
    }

    @Test
    void aStreamWithoutAnLlmSendsOneChunkPerComposedSentenceAndRecordsTheWholeReply() throws Exception {
        HttpResponse<String> r = post(request(true, "What tea do I drink every morning?"));

        List<String> contents = events(r.body()).stream()
                .map(c -> c.path("choices").get(0).path("delta").path("content").asString(null))
                .filter(c -> c != null && !c.isEmpty())
                .toList();
        String id = events(r.body()).getFirst().path("id").asString().substring("chatcmpl-".length());
        UUID turnId = UUID.fromString(id.replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5"));
        JsonNode chosen = chosenSentences(tenant, turnId);
        assertThat(chosen.size()).isPositive();
        assertThat(contents).hasSize(chosen.size() + 1); // each sentence, then the extractive note
        for (int i = 0; i < chosen.size(); i++) {
            assertThat(contents.get(i).strip())
                    .isEqualTo(chosen.get(i).path("sentence").asString() + " ["
                            + chosen.get(i).path("citation").asInt() + "]");
        }
        assertThat(contents.getLast()).contains("Extractive answer");
        String sessionId = jdbc.sql("SELECT session_id::text FROM turn WHERE tenant = ? AND turn_id = ?")
                .params(tenant, turnId)
                .query(String.class)
                .single();
        assertThat(queuedTurns(sessionId))
                .filteredOn(q -> q.speaker().equals("agent"))
                .extracting(Queued::text)
                .containsExactly(String.join("", contents));
    }

    private static void assertError(HttpResponse<String> r, String param, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(r.body()).path("error");
        assertThat(error.path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.path("code").asString()).isEqualTo(code);
        assertThat(error.path("message").asString()).isNotBlank();
        if (param != null) {
            assertThat(error.path("param").asString()).isEqualTo(param);
        }
    }
}

package io.mnemos.orchestrator.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mnemos.contracts.Topics;
import io.mnemos.contracts.events.UserErased;
import io.mnemos.contracts.identity.InternalToken;
import io.mnemos.orchestrator.grounded.SentenceListener;
import io.mnemos.orchestrator.openai.OrchestratorHttpTestBase;
import io.mnemos.orchestrator.pipeline.Answer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Session turns answered from {@code memory.turn.stored} (sent here through the orchestrator's own outbox, relay and
 * the real Kafka, standing in for memory-service): partial sentences, the answer outside any transaction, redelivery,
 * and the scopes of the session WebSocket.
 */
class SessionTurnsIT extends OrchestratorHttpTestBase {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String QUESTION = "What tea do I drink every morning?";

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Autowired
    SessionService sessions;

    @Autowired
    SessionStreams streams;

    @Autowired
    MemoryEvents memoryEvents;

    String tenant;
    String user;

    @BeforeEach
    void fresh() {
        tenant = tenant();
        user = "u-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Adds the session's answer events to {@code answers} until the returned action unsubscribes. */
    private Runnable collectAnswers(UUID sessionId, List<TurnEvent> answers) {
        return streams.subscribe(tenant, sessionId, ev -> {
            if (ev.event().equals(TurnEvent.ANSWER)) {
                answers.add(ev);
            }
        });
    }

    /** Texts of the agent turns queued for memory in this session. */
    private List<String> agentTurns(UUID sessionId) {
        return jdbc.sql(
                        """
                        SELECT envelope->'payload'->>'text' FROM outbox_event
                        WHERE type = 'conversation.turn.recorded' AND record_key = ?
                          AND envelope->'payload'->>'speaker' = 'agent' ORDER BY created_at, id""")
                .param(tenant + ":" + sessionId)
                .query(String.class)
                .list();
    }

    private String memorySearch() {
        return "/v1/users/" + user + "/memory/search";
    }

    private long traces(UUID turnId) {
        return jdbc.sql("SELECT count(*) FROM turn_trace WHERE tenant = ? AND turn_id = ?")
                .params(tenant, turnId)
                .query(Long.class)
                .single();
    }

    @Test
    void partialSentencesStreamBeforeTheAnswerWhichIsComposedOutsideAnyTransaction() throws Exception {
        UUID sid = sessions.create(tenant, user, null).sessionId();
        List<Boolean> inTransaction = new CopyOnWriteArrayList<>();
        // Subscribers are called on the thread composing the answer, so this sees the pipeline's transaction state.
        Runnable unsubscribe = streams.subscribe(tenant, sid, ev -> {
            if (ev.event().equals(TurnEvent.PARTIAL)) {
                inTransaction.add(TransactionSynchronizationManager.isActualTransactionActive());
            }
        });
        BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        HttpResponse<Stream<String>> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/sessions/" + sid + "/turns"))
                        .header("Content-Type", "application/json")
                        .header("Accept", "text/event-stream")
                        .header(InternalToken.HEADER, sign(tenant, "memory:write"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"" + QUESTION + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(r.statusCode()).isEqualTo(200);
        Thread.ofVirtual().start(() -> r.body().forEach(line -> {
            if (line.startsWith("data:")) {
                events.add(JSON.readTree(line.substring(5)));
            }
        }));
        try {
            JsonNode accepted = events.poll(20, TimeUnit.SECONDS);
            assertThat(accepted).isNotNull();
            assertThat(accepted.path("event").asString()).isEqualTo("accepted");
            UUID turnId = UUID.fromString(accepted.path("turnId").asString());
            storedByMemory(tenant, user, sid, turnId, accepted.path("sequence").asLong());

            List<JsonNode> after = new ArrayList<>();
            JsonNode ev;
            do {
                ev = events.poll(30, TimeUnit.SECONDS);
                assertThat(ev).as("events so far: %s", after).isNotNull();
                after.add(ev);
            } while (!ev.path("event").asString().equals("answer"));
            List<JsonNode> partials = after.subList(0, after.size() - 1);
            String answer = ev.path("text").asString();

            JsonNode chosen = chosenSentences(tenant, turnId);
            assertThat(chosen.size()).isPositive();
            assertThat(partials).hasSize(chosen.size());
            for (int i = 0; i < partials.size(); i++) {
                JsonNode p = partials.get(i);
                assertThat(p.path("event").asString()).isEqualTo("partial");
                assertThat(p.path("mode").asString()).isEqualTo("extractive");
                assertThat(p.path("turnId").asString()).isEqualTo(turnId.toString());
                assertThat(p.path("text").asString())
                        .isEqualTo(chosen.get(i).path("sentence").asString() + " ["
                                + chosen.get(i).path("citation").asInt() + "]");
            }
            String joined = String.join(
                    " ", partials.stream().map(p -> p.path("text").asString()).toList());
            assertThat(answer).startsWith(joined).contains("Extractive answer");
            assertThat(inTransaction).hasSize(partials.size()).containsOnly(false);
        } finally {
            unsubscribe.run();
        }
    }

    /** Sessions, turns and turn traces of a user in a tenant, in that order. */
    private List<Long> rowsOf(String tenant, String user) {
        String sessionsOfUser = "SELECT session_id FROM session WHERE tenant = ? AND user_id = ?";
        return List.of(
                jdbc.sql("SELECT count(*) FROM session WHERE tenant = ? AND user_id = ?")
                        .params(tenant, user)
                        .query(Long.class)
                        .single(),
                jdbc.sql("SELECT count(*) FROM turn WHERE tenant = ? AND session_id IN (" + sessionsOfUser + ")")
                        .params(tenant, tenant, user)
                        .query(Long.class)
                        .single(),
                jdbc.sql("SELECT count(*) FROM turn_trace WHERE tenant = ? AND session_id IN (" + sessionsOfUser + ")")
                        .params(tenant, tenant, user)
                        .query(Long.class)
                        .single());
    }

    @Test
    void memorysTombstoneErasesTheUsersSessionsTurnsAndTracesAndNothingElse() throws Exception {
        String other = user + "-other";
        String otherTenant = tenant();
        List<TurnEvent> answers = new CopyOnWriteArrayList<>();
        UUID sid = sessions.create(tenant, user, null).sessionId();
        Runnable unsubscribe = collectAnswers(sid, answers);
        try {
            // an answered turn (with its trace), a pending turn, and a second session of the same user
            TurnEvent answered = sessions.accept(tenant, sid, UUID.randomUUID(), QUESTION);
            storedByMemory(tenant, user, sid, answered.turnId(), answered.sequence());
            await().atMost(Duration.ofSeconds(30)).until(() -> answers.size() == 1);
            sessions.accept(tenant, sid, UUID.randomUUID(), "And my sister's city?");
            UUID second = sessions.create(tenant, user, null).sessionId();
            sessions.accept(tenant, second, UUID.randomUUID(), "Remember that I like jasmine tea.");
        } finally {
            unsubscribe.run();
        }
        // the same tenant's other user, and the same user id in another tenant, keep everything
        UUID otherSid = sessions.create(tenant, other, null).sessionId();
        sessions.accept(tenant, otherSid, UUID.randomUUID(), QUESTION);
        UUID otherTenantSid = sessions.create(otherTenant, user, null).sessionId();
        sessions.accept(otherTenant, otherTenantSid, UUID.randomUUID(), QUESTION);
        assertThat(rowsOf(tenant, user)).containsExactly(2L, 3L, 1L);

        // memory-service's tombstone, through the outbox, the relay and the real Kafka
        UserErased tombstone = new UserErased(user, UUID.randomUUID(), Instant.now(), Map.of("conversation.turns", 3L));
        new TransactionTemplate(transactions)
                .executeWithoutResult(s -> outbox.publish(tombstone, tenant, tenant + ":" + user));
        await().atMost(Duration.ofSeconds(30)).until(() -> rowsOf(tenant, user).equals(List.of(0L, 0L, 0L)));

        assertThat(rowsOf(tenant, other)).containsExactly(1L, 1L, 0L);
        assertThat(rowsOf(otherTenant, user)).containsExactly(1L, 1L, 0L);
        HttpResponse<String> gone = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/sessions/" + sid))
                        .header(InternalToken.HEADER, sign(tenant, "memory:read"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(gone.statusCode()).as(gone.body()).isEqualTo(404);

        // redelivered: recognised by the consumer's processed mark, deletes nothing of what came after
        UUID after = sessions.create(tenant, user, null).sessionId();
        String envelope = jdbc.sql(
                        """
                        SELECT envelope::text FROM outbox_event
                        WHERE type = 'memory.user.erased' AND envelope->'payload'->>'erasureId' = ?""")
                .param(tombstone.erasureId().toString())
                .query(String.class)
                .single();
        memoryEvents.on(new ConsumerRecord<>(Topics.MEMORY_EVENTS, 0, 0L, tenant + ":" + user, envelope));
        assertThat(sessions.find(tenant, after)).isPresent();
    }

    @Test
    void aRedeliveredTurnStoredEventIsNeitherAnsweredNorRecordedAgain() {
        UUID sid = sessions.create(tenant, user, null).sessionId();
        List<TurnEvent> answers = new CopyOnWriteArrayList<>();
        Runnable unsubscribe = collectAnswers(sid, answers);
        try {
            TurnEvent accepted = sessions.accept(tenant, sid, UUID.randomUUID(), QUESTION);
            storedByMemory(tenant, user, sid, accepted.turnId(), accepted.sequence());
            await().atMost(Duration.ofSeconds(30)).until(() -> answers.size() == 1);
            int searches = calls(memorySearch());
            String answer = jdbc.sql("SELECT answer FROM turn WHERE tenant = ? AND turn_id = ?")
                    .params(tenant, accepted.turnId())
                    .query(String.class)
                    .single();

            // Kafka delivers the very same event again (e.g. after a rebalance before the offset commit).
            String envelope = jdbc.sql(
                            """
                            SELECT envelope::text FROM outbox_event
                            WHERE type = 'memory.turn.stored' AND envelope->'payload'->>'turnId' = ?""")
                    .param(accepted.turnId().toString())
                    .query(String.class)
                    .single();
            ConsumerRecord<String, String> again =
                    new ConsumerRecord<>(Topics.MEMORY_EVENTS, 0, 0L, tenant + ":" + sid, envelope);
            memoryEvents.on(again);
            memoryEvents.on(again);

            assertThat(answers).hasSize(1);
            assertThat(calls(memorySearch())).isEqualTo(searches); // not even computed again
            assertThat(traces(accepted.turnId())).isEqualTo(1);
            assertThat(jdbc.sql("SELECT answer FROM turn WHERE tenant = ? AND turn_id = ?")
                            .params(tenant, accepted.turnId())
                            .query(String.class)
                            .single())
                    .isEqualTo(answer);
        } finally {
            unsubscribe.run();
        }
    }

    @Test
    void theAnswerIsRememberedAsTheAgentsTurnUnlessTheCallerRecordsWhatWasHeard() {
        UUID sid = sessions.create(tenant, user, null).sessionId();
        List<TurnEvent> answers = new CopyOnWriteArrayList<>();
        Runnable unsubscribe = collectAnswers(sid, answers);
        try {
            TurnEvent typed = sessions.accept(tenant, sid, UUID.randomUUID(), QUESTION);
            storedByMemory(tenant, user, sid, typed.turnId(), typed.sequence());
            await().atMost(Duration.ofSeconds(30)).until(() -> answers.size() == 1);
            assertThat(answers.getFirst().text()).isNotBlank();
            assertThat(agentTurns(sid)).containsExactly(answers.getFirst().text());

            // a voice front end records what the user heard itself (speech.transcript): no second copy
            TurnEvent spoken = sessions.accept(tenant, sid, UUID.randomUUID(), QUESTION, false);
            storedByMemory(tenant, user, sid, spoken.turnId(), spoken.sequence());
            await().atMost(Duration.ofSeconds(30)).until(() -> answers.size() == 2);
            assertThat(answers.get(1).turnId()).isEqualTo(spoken.turnId());
            assertThat(agentTurns(sid)).containsExactly(answers.getFirst().text());
        } finally {
            unsubscribe.run();
        }
    }

    @Test
    void aDuplicateComputationOfARacingRedeliveryRecordsNothing() {
        UUID sid = sessions.create(tenant, user, null).sessionId();
        UUID turnId = UUID.randomUUID();
        // Inserted without its event, so no memory.turn.stored can answer it behind the test's back.
        jdbc.sql("UPDATE session SET turn_count = 1 WHERE tenant = ? AND session_id = ?")
                .params(tenant, sid)
                .update();
        jdbc.sql("INSERT INTO turn (tenant, turn_id, session_id, sequence, text) VALUES (?, ?, ?, 1, ?)")
                .params(tenant, turnId, sid, QUESTION)
                .update();
        SessionService.PendingTurn pending = sessions.pending(tenant, turnId).orElseThrow();

        // Both deliveries passed the check before either recorded: both compute, one records.
        Answer first = sessions.compose(tenant, pending, SentenceListener.NONE);
        Answer second = sessions.compose(tenant, pending, SentenceListener.NONE);
        assertThat(sessions.recordAnswer(tenant, pending, first)).isPresent();
        assertThat(sessions.recordAnswer(tenant, pending, second)).isEmpty();
        assertThat(agentTurns(sid)).containsExactly(first.text()); // the answer goes to memory once

        assertThat(sessions.pending(tenant, turnId)).isEmpty();
        assertThat(traces(turnId)).isEqualTo(1);
    }

    private HttpResponse<String> createSession(String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/sessions"))
                        .header(InternalToken.HEADER, sign(tenant, "memory:write"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aSessionNeedsAValidUserIdAndLocaleEachWithOneClearMessage() throws Exception {
        // "" had two messages (one false: control characters); 5000 characters said "size must be between 0 and 200".
        for (String userId : List.of("", "   ", "u".repeat(5000), "a/b")) {
            HttpResponse<String> r = createSession("{\"userId\":\"" + userId + "\"}");
            assertThat(r.statusCode()).as(userId).isEqualTo(400);
            JsonNode p = JSON.readTree(r.body());
            assertThat(p.path("errors")).as(r.body()).hasSize(1);
            assertThat(p.path("errors").get(0).path("field").asString()).isEqualTo("userId");
            assertThat(p.path("errors").get(0).path("message").asString())
                    .isEqualTo("must be 1–200 characters, not only spaces, without '/' or control characters");
        }
        // A locale was any string up to 35 characters.
        for (String locale : List.of("xx_INVALID_!!", "en_GB", "")) {
            HttpResponse<String> r = createSession("{\"userId\":\"" + user + "\",\"locale\":\"" + locale + "\"}");
            assertThat(r.statusCode()).as(locale).isEqualTo(400);
            JsonNode p = JSON.readTree(r.body());
            assertThat(p.path("errors").get(0).path("field").asString()).isEqualTo("locale");
            assertThat(p.path("detail").asString()).contains("BCP 47 language tag", "'en-GB'");
        }
        HttpResponse<String> ok = createSession("{\"userId\":\"" + user + "\",\"locale\":\"en-GB\"}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        assertThat(JSON.readTree(ok.body()).path("locale").asString()).isEqualTo("en-GB");
    }

    @Test
    void theSessionSocketNeedsReadToConnectAndWriteToSendATurn() throws Exception {
        UUID sid = sessions.create(tenant, user, null).sessionId();
        URI uri = URI.create("ws://127.0.0.1:" + port + "/v1/sessions/" + sid + "/stream");

        assertThatThrownBy(() -> http.newWebSocketBuilder()
                        .header(InternalToken.HEADER, sign(tenant, "memory:write"))
                        .buildAsync(uri, new WebSocket.Listener() {})
                        .join())
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOfSatisfying(
                        WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(403));

        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        WebSocket ws = http.newWebSocketBuilder()
                .header(InternalToken.HEADER, sign(tenant, "memory:read"))
                .buildAsync(uri, new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        messages.add(data.toString());
                        socket.request(1);
                        return null;
                    }
                })
                .join();
        try {
            ws.sendText("{\"type\":\"turn\",\"text\":\"" + QUESTION + "\"}", true)
                    .join();
            String reply = messages.poll(10, TimeUnit.SECONDS);
            assertThat(reply).isNotNull();
            JsonNode error = JSON.readTree(reply);
            assertThat(error.path("type").asString()).isEqualTo("error");
            assertThat(error.path("problem").asString()).contains("insufficient-scope");
            assertThat(error.path("detail").asString()).contains("memory:write");
            assertThat(sessions.require(tenant, sid).turnCount()).isZero();
        } finally {
            ws.abort();
        }
    }
}

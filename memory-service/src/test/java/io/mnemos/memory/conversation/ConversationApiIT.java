package io.mnemos.memory.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnemos.memory.erasure.ErasedItems;
import io.mnemos.memory.erasure.MemoryApi;
import io.mnemos.memory.erasure.MemoryApiTestBase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Bulk import and search of conversation memory through HTTP on the real service (PostgreSQL, Kafka, int8 MiniLM):
 * client ids kept, idempotent re-import, searchable on return, time expressions, tenant isolation, erasure, problems.
 */
class ConversationApiIT extends MemoryApiTestBase {

    @Autowired
    ConversationIndex index;

    @Autowired
    ConversationEraser eraser;

    @Autowired
    ConversationIndexStartup startup;

    private static Map<String, Object> turn(String id, String speaker, String text) {
        return Map.of("turnId", id, "speaker", speaker, "text", text);
    }

    private static String twoSessions() {
        return json(Map.of(
                "sessions",
                List.of(
                        Map.of(
                                "sessionId",
                                "session_1",
                                "startedAt",
                                "2026-05-08T13:56:00Z",
                                "turns",
                                List.of(
                                        turn("D1:1", "Caroline", "Hey Mel! I went to a LGBTQ support group yesterday."),
                                        turn("D1:2", "Melanie", "That sounds powerful. I painted a lake sunrise."),
                                        turn("D1:3", "Caroline", "I love green tea with my breakfast."))),
                        Map.of(
                                "sessionId",
                                "session_2",
                                "startedAt",
                                "2026-06-10T09:00:00Z",
                                "turns",
                                List.of(
                                        turn("D2:1", "Melanie", "I ran a charity race for mental health."),
                                        turn("D2:2", "Caroline", "I switched from green tea to coffee."))))));
    }

    private MemoryApi.Response search(String tenant, String user, Map<String, Object> body) throws Exception {
        return api.post(tenant, "/v1/users/" + user + "/memory/search", json(body));
    }

    private static List<String> turnIds(MemoryApi.Response r) {
        List<String> out = new ArrayList<>();
        for (JsonNode h : r.json().get("hits")) {
            out.add(h.get("turnId").asString());
        }
        return out;
    }

    @Test
    void importIsIdempotentKeepsClientIdsAndIsSearchableOnReturn() throws Exception {
        String tenant = tenant();
        MemoryApi.Response first = api.post(tenant, "/v1/users/caroline/conversations", twoSessions());
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().get("turnsImported").asInt()).isEqualTo(5);
        assertThat(first.json().get("turnsIndexed").asInt()).isEqualTo(5);

        // searchable at once, every mode, with the client's ids
        for (String mode : List.of("bm25", "dense", "hybrid")) {
            MemoryApi.Response r = search(tenant, "caroline", Map.of("query", "charity race", "k", 3, "mode", mode));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode top = r.json().get("hits").get(0);
            assertThat(top.get("type").asString()).isEqualTo("turn");
            assertThat(top.get("turnId").asString()).as(mode).isEqualTo("D2:1");
            assertThat(top.get("sessionId").asString()).isEqualTo("session_2");
            assertThat(top.get("speaker").asString()).isEqualTo("Melanie");
            assertThat(top.get("timestamp").asString()).isEqualTo("2026-06-10T09:00:00Z");
        }

        MemoryApi.Response again = api.post(tenant, "/v1/users/caroline/conversations", twoSessions());
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("turnsImported").asInt()).isZero();
        assertThat(again.json().get("turnsAlreadyPresent").asInt()).isEqualTo(5);
        assertThat(again.json().get("turnsIndexed").asInt()).isZero();
        assertThat(index.countUser(tenant, "caroline")).isEqualTo(5);
        MemoryApi.Response r = search(tenant, "caroline", Map.of("query", "charity race", "k", 10, "mode", "bm25"));
        assertThat(turnIds(r)).containsOnlyOnce("D2:1");
    }

    @Test
    void timeExpressionsFilterTurns() throws Exception {
        String tenant = tenant();
        assertThat(api.post(tenant, "/v1/users/caroline/conversations", twoSessions())
                        .status())
                .isEqualTo(200);
        MemoryApi.Response may = search(
                tenant,
                "caroline",
                Map.of("query", "what did I say about green tea in May", "now", "2026-06-20T12:00:00Z", "k", 5));
        assertThat(may.status()).as(may.body()).isEqualTo(200);
        assertThat(may.json().get("timeFilter").get("source").asString()).isEqualTo("query");
        assertThat(may.json().get("timeFilter").get("expression").asString()).isEqualTo("in May");
        assertThat(may.json().get("timeFilter").get("from").asString()).isEqualTo("2026-05-01T00:00:00Z");
        assertThat(turnIds(may))
                .isNotEmpty()
                .allMatch(id -> id.startsWith("D1:"))
                .contains("D1:3");

        MemoryApi.Response lastWeek = search(
                tenant,
                "caroline",
                Map.of("query", "green tea last week", "now", "2026-06-17T12:00:00Z", "mode", "hybrid"));
        assertThat(turnIds(lastWeek)).containsExactly("D2:2", "D2:1").hasSize(2);

        MemoryApi.Response explicit = search(
                tenant,
                "caroline",
                Map.of("query", "green tea in May", "from", "2026-06-01T00:00:00Z", "to", "2026-07-01T00:00:00Z"));
        assertThat(explicit.json().get("timeFilter").get("source").asString()).isEqualTo("request");
        assertThat(turnIds(explicit)).allMatch(id -> id.startsWith("D2:"));
    }

    @Test
    void tenantBCannotSearchTenantATurns() throws Exception {
        String a = tenant();
        String b = tenant();
        assertThat(api.post(a, "/v1/users/caroline/conversations", twoSessions())
                        .status())
                .isEqualTo(200);
        // tenant B does not know the user at all: an empty answer, as for any user without memory yet
        for (String mode : List.of("bm25", "dense", "hybrid")) {
            MemoryApi.Response unknown = search(b, "caroline", Map.of("query", "green tea", "mode", mode));
            assertThat(unknown.status()).as(mode).isEqualTo(200);
            assertThat(unknown.isProblem()).isFalse();
            assertThat(unknown.json().get("hits").size()).as(mode).isZero();
        }
        MemoryApi.Response allKinds = search(
                b, "nobody-yet", Map.of("query", "green tea", "types", List.of("turn", "profile", "experience")));
        assertThat(allKinds.status()).isEqualTo(200);
        assertThat(allKinds.json().get("hits").size()).isZero();
        // the same user id in tenant B sees only tenant B's turns
        String own = json(Map.of(
                "sessions",
                List.of(Map.of(
                        "sessionId", "session_1",
                        "startedAt", "2026-05-08T13:56:00Z",
                        "turns", List.of(turn("D1:1", "Caroline", "Tenant B talks about the weather."))))));
        assertThat(api.post(b, "/v1/users/caroline/conversations", own).status())
                .isEqualTo(200);
        for (String mode : List.of("bm25", "dense", "hybrid")) {
            MemoryApi.Response r = search(
                    b, "caroline", Map.of("query", "LGBTQ support group green tea charity", "k", 10, "mode", mode));
            assertThat(r.status()).isEqualTo(200);
            for (JsonNode h : r.json().get("hits")) {
                assertThat(h.get("text").asString()).as(mode).isEqualTo("Tenant B talks about the weather.");
            }
        }
    }

    @Test
    void erasureRemovesRowsAndIndexEntries() throws Exception {
        String tenant = tenant();
        assertThat(api.post(tenant, "/v1/users/caroline/conversations", twoSessions())
                        .status())
                .isEqualTo(200);
        assertThat(api.post(tenant, "/v1/users/melanie/conversations", twoSessions())
                        .status())
                .isEqualTo(200);
        ErasedItems erased = eraser.erase(tenant, "caroline");
        assertThat(erased.store()).isEqualTo("conversation");
        assertThat(erased.counts()).containsEntry("turns", 5L).containsEntry("sessions", 2L);
        assertThat(erased.counts()).containsEntry("indexedTurns", 5L);
        assertThat(index.countUser(tenant, "caroline")).isZero();
        MemoryApi.Response afterErasure = search(tenant, "caroline", Map.of("query", "green tea"));
        assertThat(afterErasure.status()).isEqualTo(200);
        assertThat(afterErasure.json().get("hits").size()).isZero();
        // the other user of the tenant is untouched
        assertThat(index.countUser(tenant, "melanie")).isEqualTo(5);
        assertThat(turnIds(search(tenant, "melanie", Map.of("query", "green tea", "mode", "bm25"))))
                .contains("D1:3");
    }

    private static final io.mnemos.contracts.EventCodec CODEC = new io.mnemos.contracts.EventCodec();

    /** A producer to the real Kafka, standing in for the orchestrator and speech-service. */
    private static org.apache.kafka.clients.producer.KafkaProducer<String, String> producer() {
        java.util.Properties p = new java.util.Properties();
        p.put("bootstrap.servers", io.mnemos.testsupport.TestInfra.kafkaBootstrap());
        p.put("key.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
        p.put("value.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
        return new org.apache.kafka.clients.producer.KafkaProducer<>(p);
    }

    /** Sends a session's event as its service's outbox relay does (key tenant:session), and waits for the ack. */
    private static void send(
            org.apache.kafka.clients.producer.KafkaProducer<String, String> producer,
            String topic,
            String tenant,
            java.util.UUID session,
            io.mnemos.contracts.Event event)
            throws Exception {
        producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                        topic,
                        tenant + ":" + session,
                        CODEC.toJson(CODEC.wrap(event, tenant, session.toString(), null))))
                .get();
    }

    @Test
    void orchestratorTurnsBecomeSearchable() throws Exception {
        String tenant = tenant();
        java.util.UUID session = java.util.UUID.randomUUID();
        String[] texts = {"I adopted a puppy called Biscuit", "What breed is Biscuit?", "A golden retriever"};
        try (var producer = producer()) {
            for (int i = 0; i < texts.length; i++) {
                var turn = new io.mnemos.contracts.events.TurnRecorded(
                        session,
                        java.util.UUID.randomUUID(),
                        "dana",
                        i + 1,
                        i % 2 == 0 ? "user" : "agent",
                        texts[i],
                        java.time.Instant.parse("2026-03-0" + (i + 1) + "T10:00:00Z"));
                send(producer, io.mnemos.contracts.Topics.CONVERSATION_TURNS, tenant, session, turn);
            }
        }
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (index.countUser(tenant, "dana") < 3 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(index.countUser(tenant, "dana")).isEqualTo(3);
        MemoryApi.Response r = search(tenant, "dana", Map.of("query", "golden retriever puppy", "mode", "bm25"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode top = r.json().get("hits").get(0);
        assertThat(top.get("text").asString()).isEqualTo("A golden retriever");
        assertThat(top.get("sessionId").asString()).isEqualTo(session.toString());
        // the first turn was re-indexed when its successors arrived: its context now holds "golden retriever"
        assertThat(turnIds(r)).hasSize(3);
        // ... with the vector it was first indexed with (read back from the index, not embedded again): dense search
        // still finds it by its own words
        MemoryApi.Response dense =
                search(tenant, "dana", Map.of("query", "I adopted a puppy called Biscuit", "mode", "dense", "k", 1));
        assertThat(dense.status()).as(dense.body()).isEqualTo(200);
        assertThat(dense.json().get("hits").get(0).get("text").asString())
                .isEqualTo("I adopted a puppy called Biscuit");
        assertThat(dense.json().get("hits").get(0).get("score").asDouble()).isGreaterThan(0.9);
    }

    @Test
    void pagingTurnsNeverSkipsAnAnswerThatSharesItsQuestionsSequence() throws Exception {
        String tenant = tenant();
        java.util.UUID session = java.util.UUID.randomUUID();
        // as the orchestrator records them: each answer with its question's sequence number
        String[][] turns = {
            {"1", "user", "q1"}, {"1", "agent", "a1"}, {"2", "user", "q2"}, {"2", "agent", "a2"}, {"3", "user", "q3"}
        };
        java.time.Instant t0 = java.time.Instant.parse("2026-05-01T10:00:00Z");
        try (var producer = producer()) {
            for (int i = 0; i < turns.length; i++) {
                var turn = new io.mnemos.contracts.events.TurnRecorded(
                        session,
                        java.util.UUID.randomUUID(),
                        "pat",
                        Long.parseLong(turns[i][0]),
                        turns[i][1],
                        turns[i][2],
                        t0.plusSeconds(i));
                send(producer, io.mnemos.contracts.Topics.CONVERSATION_TURNS, tenant, session, turn);
            }
        }
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (index.countUser(tenant, "pat") < turns.length && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        List<String> pages = new java.util.ArrayList<>();
        String after = "0";
        for (int guard = 0; after != null && guard < 10; guard++) {
            MemoryApi.Response page =
                    api.get(tenant, "/v1/sessions/" + session + "/turns?limit=1&afterSequence=" + after);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            List<String> texts = new java.util.ArrayList<>();
            page.json().get("turns").forEach(t -> texts.add(t.get("text").asString()));
            pages.add(String.join(",", texts));
            JsonNode next = page.json().get("nextAfterSequence");
            after = next == null ? null : next.asString();
        }
        assertThat(pages).containsExactly("q1,a1", "q2,a2", "q3");
        MemoryApi.Response all = api.get(tenant, "/v1/sessions/" + session + "/turns");
        assertThat(all.json().get("turns")).hasSize(turns.length);
        assertThat(all.json().has("nextAfterSequence")).isFalse();
    }

    @Test
    void agentSpeechIsRememberedOnlyAsFarAsItWasHeard() throws Exception {
        String tenant = tenant();
        java.util.UUID session = java.util.UUID.randomUUID();
        java.time.Instant t0 = java.time.Instant.parse("2026-04-01T10:00:00Z");
        var user = new io.mnemos.contracts.events.TurnRecorded(
                session, java.util.UUID.randomUUID(), "erin", 1, "user", "tell me about the weather", t0);
        // the user's own transcript (stored by the orchestrator's turn instead), a fully played answer, a barge-in
        var userSpeech = new io.mnemos.contracts.events.SpeechTranscript(
                session, "item_u1", "user", "tell me about the weather", 0, 1500, t0);
        var played = new io.mnemos.contracts.events.SpeechTranscript(
                session, "item_r1", "agent", "Sunny skies over the lighthouse today.", 0, 2500, t0.plusSeconds(3));
        var interrupted = new io.mnemos.contracts.events.SpeechInterrupt(
                session, 2, "Tomorrow brings thunder", 1200, "barge_in", t0.plusSeconds(9));
        try (var producer = producer()) {
            send(producer, io.mnemos.contracts.Topics.CONVERSATION_TURNS, tenant, session, user);
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
            while (index.countUser(tenant, "erin") < 1 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            for (io.mnemos.contracts.Event e : List.of(userSpeech, played, interrupted, played)) {
                // the last one is a redelivery under a new envelope: same speech item, no second turn
                send(producer, io.mnemos.contracts.Topics.SPEECH_EVENTS, tenant, session, e);
            }
        }
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (index.countUser(tenant, "erin") < 3 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        Thread.sleep(1000); // give a wrongly stored extra turn the time to show up
        MemoryApi.Response turns = api.get(tenant, "/v1/sessions/" + session + "/turns");
        assertThat(turns.status()).as(turns.body()).isEqualTo(200);
        List<String> said = new java.util.ArrayList<>();
        for (JsonNode t : turns.json().get("turns")) {
            said.add(t.get("speaker").asString() + ": " + t.get("text").asString());
        }
        assertThat(said)
                .containsExactlyInAnyOrder(
                        "user: tell me about the weather",
                        "agent: Sunny skies over the lighthouse today.",
                        "agent: Tomorrow brings thunder");
        MemoryApi.Response r = search(tenant, "erin", Map.of("query", "lighthouse", "mode", "bm25"));
        assertThat(r.json().get("hits").get(0).get("text").asString()).contains("lighthouse");
    }

    @Test
    void staleIndexIsRebuiltFromPostgres() throws Exception {
        String tenant = tenant();
        assertThat(api.post(tenant, "/v1/users/caroline/conversations", twoSessions())
                        .status())
                .isEqualTo(200);
        assertThat(startup.awaitDone(java.time.Duration.ofSeconds(60))).isTrue();
        index.deleteAll(tenant); // as if the index folder had been lost
        assertThat(search(tenant, "caroline", Map.of("query", "charity race"))
                        .json()
                        .get("hits"))
                .isEmpty();
        assertThat(startup.checkAll()).contains(tenant);
        assertThat(index.countUser(tenant, "caroline")).isEqualTo(5);
        assertThat(turnIds(search(tenant, "caroline", Map.of("query", "charity race", "k", 1))))
                .containsExactly("D2:1");
        assertThat(startup.checkAll()).doesNotContain(tenant); // consistent now
    }

    @Test
    void badInputIsAProblem() throws Exception {
        String tenant = tenant();
        assertThat(api.post(tenant, "/v1/users/caroline/conversations", twoSessions())
                        .status())
                .isEqualTo(200);
        MemoryApi.Response badMode = search(tenant, "caroline", Map.of("query", "tea", "mode", "fuzzy"));
        assertThat(badMode.status()).isEqualTo(422);
        assertThat(badMode.isProblem()).isTrue();
        assertThat(badMode.json().get("detail").asString()).contains("bm25, dense, hybrid");
        assertThat(search(tenant, "caroline", Map.of("query", "tea", "k", 0)).status())
                .isEqualTo(422);
        assertThat(search(tenant, "caroline", Map.of("query", "tea", "types", List.of("dreams")))
                        .status())
                .isEqualTo(422);
        assertThat(search(tenant, "caroline", Map.of("query", "  ")).status()).isEqualTo(422);
        assertThat(search(tenant, "caroline", Map.of("query", "tea", "timeZone", "Mars/Olympus"))
                        .status())
                .isEqualTo(422);

        MemoryApi.Response empty =
                api.post(tenant, "/v1/users/caroline/conversations", json(Map.of("sessions", List.of())));
        assertThat(empty.status()).isEqualTo(422);
        assertThat(empty.problemType()).endsWith("/invalid-conversation-import");
        String duplicate = json(Map.of(
                "sessions",
                List.of(Map.of(
                        "sessionId", "s9",
                        "startedAt", "2026-05-08T13:56:00Z",
                        "turns", List.of(turn("x", "user", "one"), turn("x", "user", "two"))))));
        MemoryApi.Response dup = api.post(tenant, "/v1/users/caroline/conversations", duplicate);
        assertThat(dup.status()).isEqualTo(422);
        assertThat(dup.json().get("detail").asString()).contains("appears twice");
        String noStart = json(
                Map.of("sessions", List.of(Map.of("sessionId", "s9", "turns", List.of(turn("x", "user", "one"))))));
        assertThat(api.post(tenant, "/v1/users/caroline/conversations", noStart).status())
                .isEqualTo(422);
        // nothing of the rejected requests was written
        assertThat(index.countUser(tenant, "caroline")).isEqualTo(5);

        MemoryApi.Response unsigned = api.send(
                null,
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/users/caroline/memory/search"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json(Map.of("query", "tea")))));
        assertThat(unsigned.status()).isEqualTo(401);
    }
}

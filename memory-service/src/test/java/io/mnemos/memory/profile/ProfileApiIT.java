package io.mnemos.memory.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnemos.contracts.EventEnvelope;
import io.mnemos.memory.erasure.MemoryApi;
import io.mnemos.memory.erasure.MemoryApiTestBase;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Profile memory through HTTP on the real service: history, contradictions, optimistic locking, events, DisGraph. */
class ProfileApiIT extends MemoryApiTestBase {

    @Autowired
    ProfileService profiles;

    private MemoryApi.Response upsert(String tenant, String user, Map<String, Object> body) throws Exception {
        return api.post(tenant, "/v1/users/" + user + "/profile/facts", json(body));
    }

    @Test
    void newValuesSupersedeContradictionsResolveHistoryIsKeptAndEventsArePublished() throws Exception {
        String tenant = tenant();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        MemoryApi.Response berlin = upsert(
                tenant, "alice", Map.of("attribute", "location.home", "value", "Berlin", "observedAt", t0.toString()));
        assertThat(berlin.status()).as(berlin.body()).isEqualTo(201);
        assertThat(berlin.json().get("outcome").asString()).isEqualTo("inserted");
        assertThat(berlin.etag()).isEqualTo("\"0\"");
        String berlinId = berlin.json().get("fact").get("id").asString();

        MemoryApi.Response paris = upsert(
                tenant,
                "alice",
                Map.of(
                        "attribute",
                        "location.home",
                        "value",
                        "Paris",
                        "observedAt",
                        t0.plus(1, ChronoUnit.DAYS).toString()));
        assertThat(paris.status()).as(paris.body()).isEqualTo(201);
        assertThat(paris.json().get("outcome").asString()).isEqualTo("superseded");
        assertThat(paris.json().get("superseded").get(0).asString()).isEqualTo(berlinId);
        String parisId = paris.json().get("fact").get("id").asString();

        // Another source says otherwise a minute later: recorded as a contradiction, not a change.
        MemoryApi.Response rome = upsert(
                tenant,
                "alice",
                Map.of(
                        "attribute", "location.home",
                        "value", "Rome",
                        "source", "chat",
                        "observedAt",
                                t0.plus(1, ChronoUnit.DAYS).plusSeconds(60).toString()));
        assertThat(rome.json().get("outcome").asString()).as(rome.body()).isEqualTo("contradicted");
        String romeId = rome.json().get("fact").get("id").asString();

        MemoryApi.Response open = api.get(tenant, "/v1/users/alice/profile/contradictions");
        assertThat(open.json().get("contradictions")).hasSize(1);
        JsonNode c = open.json().get("contradictions").get(0);
        assertThat(Set.of(c.get("factA").asString(), c.get("factB").asString()))
                .containsExactlyInAnyOrder(parisId, romeId);

        MemoryApi.Response wrongWinner = api.post(
                tenant,
                "/v1/users/alice/profile/contradictions/" + c.get("id").asString() + "/resolve",
                json(Map.of("winnerFactId", berlinId)));
        assertThat(wrongWinner.status()).isEqualTo(422);
        assertThat(wrongWinner.problemType()).endsWith("/winner-not-in-contradiction");

        MemoryApi.Response resolved = api.post(
                tenant,
                "/v1/users/alice/profile/contradictions/" + c.get("id").asString() + "/resolve",
                json(Map.of("winnerFactId", parisId)));
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
        assertThat(resolved.json().get("rejected").get("id").asString()).isEqualTo(romeId);
        assertThat(resolved.json().get("rejected").get("status").asString()).isEqualTo("REJECTED");

        MemoryApi.Response again = api.post(
                tenant,
                "/v1/users/alice/profile/contradictions/" + c.get("id").asString() + "/resolve",
                json(Map.of("winnerFactId", parisId)));
        assertThat(again.status()).isEqualTo(409);

        JsonNode current =
                api.get(tenant, "/v1/users/alice/profile/facts").json().get("facts");
        assertThat(current).hasSize(1);
        assertThat(current.get(0).get("value").asString()).isEqualTo("Paris");
        JsonNode history = api.get(tenant, "/v1/users/alice/profile/facts?include=history")
                .json()
                .get("facts");
        Map<String, String> statusById = new java.util.HashMap<>();
        history.forEach(
                f -> statusById.put(f.get("id").asString(), f.get("status").asString()));
        assertThat(statusById)
                .containsEntry(berlinId, "SUPERSEDED")
                .containsEntry(parisId, "ACTIVE")
                .containsEntry(romeId, "REJECTED");

        List<EventEnvelope> events = awaitEvents(tenant, 4, e -> e.type().equals("memory.profile.updated"));
        assertThat(events.stream().map(e -> e.payload().get("change").asString()))
                .containsExactly("inserted", "superseded", "contradicted", "resolved");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.key()).isEqualTo(tenant + ":alice");
            assertThat(e.payload().has("value"))
                    .as("events carry no fact values")
                    .isFalse();
        });
    }

    @Test
    void editsNeedTheVersionReadAndAConcurrentEditLosesWith409() throws Exception {
        String tenant = tenant();
        MemoryApi.Response created = upsert(tenant, "bob", Map.of("attribute", "work.employer", "value", "Acme"));
        String id = created.json().get("fact").get("id").asString();
        String path = "/v1/users/bob/profile/facts/" + id;

        MemoryApi.Response noVersion = api.put(tenant, path, null, json(Map.of("value", "Acme", "confidence", 0.5)));
        assertThat(noVersion.status()).isEqualTo(428);
        assertThat(noVersion.isProblem()).isTrue();

        MemoryApi.Response confidence =
                api.put(tenant, path, "\"0\"", json(Map.of("value", "Acme", "confidence", 0.5)));
        assertThat(confidence.status()).as(confidence.body()).isEqualTo(200);
        assertThat(confidence.json().get("outcome").asString()).isEqualTo("updated");
        assertThat(confidence.json().get("fact").get("confidence").asDouble()).isEqualTo(0.5);
        assertThat(confidence.etag()).isEqualTo("\"1\"");

        MemoryApi.Response stale = api.put(tenant, path, "\"0\"", json(Map.of("value", "Initech")));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.problemType()).endsWith("/concurrent-modification");

        // Two editors who both read version 1: exactly one wins, the other gets 409, nothing is half-written.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<MemoryApi.Response>> futures = new ArrayList<>();
        for (String v : List.of("Globex", "Umbrella")) {
            Callable<MemoryApi.Response> call = () -> api.put(tenant, path, "\"1\"", json(Map.of("value", v)));
            futures.add(pool.submit(call));
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<MemoryApi.Response> f : futures) {
            statuses.add(f.get().status());
        }
        pool.shutdown();
        assertThat(statuses).containsExactlyInAnyOrder(200, 409);

        JsonNode history = api.get(tenant, "/v1/users/bob/profile/facts?include=history")
                .json()
                .get("facts");
        assertThat(history).hasSize(2);
        Map<String, Long> byStatus = new java.util.HashMap<>();
        history.forEach(f -> byStatus.merge(f.get("status").asString(), 1L, Long::sum));
        assertThat(byStatus).containsEntry("ACTIVE", 1L).containsEntry("SUPERSEDED", 1L);
        JsonNode active = api.get(tenant, "/v1/users/bob/profile/facts").json().get("facts");
        assertThat(active.get(0).get("value").asString()).isIn("Globex", "Umbrella");
        assertThat(active.get(0).get("supersedes").asString()).isEqualTo(id);

        // A superseded fact is history, whatever version is sent: fact-not-editable (as the README says), not the
        // concurrent-modification a stale version got before, which invites a re-read and a retry that cannot work.
        for (String version : List.of("\"2\"", "\"0\"")) {
            MemoryApi.Response editOld = api.put(tenant, path, version, json(Map.of("value", "Acme")));
            assertThat(editOld.status()).as(version).isEqualTo(409);
            assertThat(editOld.problemType()).as(editOld.body()).endsWith("/fact-not-editable");
        }
    }

    @Test
    void invalidFactsAre400WithFieldErrorsAndNothingIsWritten() throws Exception {
        String tenant = tenant();
        MemoryApi.Response bad = api.post(
                tenant,
                "/v1/users/carol/profile/facts",
                "{\"attribute\":\"\",\"value\":\" \",\"confidence\":2,\"polarity\":\"POSITIVE\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.isProblem()).isTrue();
        Set<String> fields = new java.util.HashSet<>();
        bad.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).contains("attribute", "value", "confidence");

        MemoryApi.Response badPolarity = api.post(
                tenant,
                "/v1/users/carol/profile/facts",
                "{\"attribute\":\"a.b\",\"value\":\"x\",\"polarity\":\"MAYBE\"}");
        assertThat(badPolarity.status()).isEqualTo(400);

        MemoryApi.Response unknownUser = api.get(tenant, "/v1/users/carol/profile/facts");
        assertThat(unknownUser.status()).isEqualTo(200);
        assertThat(unknownUser.json().get("facts")).isEmpty();
        MemoryApi.Response missing = api.get(tenant, "/v1/users/carol/profile/facts/" + java.util.UUID.randomUUID());
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.problemType()).endsWith("/fact-not-found");
    }

    @Test
    void queryReachesTheRelevantFactAndTurnsTeachTheProfile() throws Exception {
        String tenant = tenant();
        for (Map<String, Object> f : List.<Map<String, Object>>of(
                Map.of("attribute", "health.allergy", "value", "peanuts"),
                Map.of("attribute", "location.home", "value", "Lisbon"),
                Map.of("attribute", "work.occupation", "value", "nurse"),
                Map.of("attribute", "music.preference", "value", "jazz"))) {
            assertThat(upsert(tenant, "dan", f).status()).isEqualTo(201);
        }
        MemoryApi.Response r = api.post(
                tenant,
                "/v1/users/dan/profile/query",
                json(Map.of("query", "which food allergy does he have?", "k", 2)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("hits").get(0).get("fact").get("attribute").asString())
                .isEqualTo("health.allergy");
        assertThat(r.json().get("candidates").asInt()).isEqualTo(4);

        // What the conversation consumer calls for each user turn.
        List<UpsertOutcome> learned =
                profiles.learnFromTurn(tenant, "dan", "turn-7", "I love green tea. I work as a teacher.");
        assertThat(learned).isNotEmpty();
        JsonNode facts = api.get(tenant, "/v1/users/dan/profile/facts").json().get("facts");
        List<String> fromTurn = new ArrayList<>();
        facts.forEach(f -> {
            if (f.get("sourceTurnId").toString().equals("\"turn-7\"")) {
                fromTurn.add(
                        f.get("attribute").asString() + "=" + f.get("value").asString());
            }
        });
        assertThat(fromTurn).anyMatch(s -> s.contains("green tea"));
        // The graph was updated after commit: the new fact is found without a rebuild.
        MemoryApi.Response tea =
                api.post(tenant, "/v1/users/dan/profile/query", json(Map.of("query", "favourite drink tea", "k", 1)));
        assertThat(tea.json().get("hits").get(0).get("fact").get("value").asString())
                .containsIgnoringCase("tea");
        assertThat(tea.json().get("candidates").asInt()).isGreaterThan(4);
        assertThat(learned.stream().map(o -> o.fact().userId()).collect(Collectors.toSet()))
                .containsExactly("dan");
    }
}

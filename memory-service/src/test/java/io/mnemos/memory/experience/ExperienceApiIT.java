package io.mnemos.memory.experience;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnemos.contracts.EventEnvelope;
import io.mnemos.memory.erasure.MemoryApi;
import io.mnemos.memory.erasure.MemoryApiTestBase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Experience memory through HTTP: episodes in, templates learned, tasks matched and instantiated, events out. */
class ExperienceApiIT extends MemoryApiTestBase {

    static Map<String, Object> episode(String user, String contact, String text) {
        return Map.of(
                "userId",
                user,
                "goal",
                "send a message to " + contact + " saying " + text,
                "steps",
                List.of(
                        Map.of(
                                "subGoal",
                                "open the messages app",
                                "action",
                                "open_app",
                                "params",
                                Map.of("app", "messages")),
                        Map.of(
                                "subGoal",
                                "search for " + contact,
                                "action",
                                "search",
                                "params",
                                Map.of("query", contact)),
                        Map.of("subGoal", "type " + text, "action", "type", "params", Map.of("text", text)),
                        Map.of("subGoal", "tap send", "action", "tap", "params", Map.of("element", "send"))),
                "outcome",
                "SUCCESS");
    }

    @Test
    void episodesTeachTemplatesThatMatchNewTasksWithSlotBindings() throws Exception {
        String tenant = tenant();
        MemoryApi.Response first =
                api.post(tenant, "/v1/experience/episodes", json(episode("ann", "Alice", "hello there")));
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.json().get("signature").asString()).isEqualTo("open_app>search>type>tap");
        MemoryApi.Response second =
                api.post(tenant, "/v1/experience/episodes", json(episode("ben", "Bob", "see you soon")));
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.json().get("templates").asInt()).isPositive();

        MemoryApi.Response match = api.post(
                tenant, "/v1/experience/match", json(Map.of("task", "send a message to Carol saying good night")));
        assertThat(match.status()).as(match.body()).isEqualTo(200);
        JsonNode m = match.json();
        assertThat(m.get("matched").asBoolean()).isTrue();
        assertThat(m.get("level").asString()).isEqualTo("TASK");
        assertThat(m.get("confidence").asDouble()).isGreaterThanOrEqualTo(0.8);
        assertThat(m.get("bindings").toString()).contains("Carol").contains("good night");
        assertThat(m.get("steps").toString()).contains("Carol").contains("good night");

        MemoryApi.Response miss =
                api.post(tenant, "/v1/experience/match", json(Map.of("task", "what's the weather in Oslo tomorrow")));
        assertThat(miss.json().get("matched").asBoolean()).isFalse();

        JsonNode templates =
                api.get(tenant, "/v1/experience/templates?level=TASK").json().get("templates");
        assertThat(templates).isNotEmpty();

        List<EventEnvelope> events = awaitEvents(tenant, 2, e -> e.type().equals("memory.experience.learned"));
        assertThat(events).hasSize(2);
        // keyed by tenant:user, so the two events may arrive from different partitions in either order
        assertThat(events)
                .extracting(e -> e.payload().get("userId").asString())
                .containsExactlyInAnyOrder("ann", "ben");
    }

    @Test
    void anEpisodeWithoutStepsIs422AndLeavesNothingBehind() throws Exception {
        String tenant = tenant();
        MemoryApi.Response r =
                api.post(tenant, "/v1/experience/episodes", json(Map.of("goal", "do something", "steps", List.of())));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.problemType()).endsWith("/episode-without-steps");
        MemoryApi.Response noGoal = api.post(
                tenant,
                "/v1/experience/episodes",
                json(Map.of("steps", List.of(Map.of("subGoal", "x", "action", "tap")))));
        assertThat(noGoal.status()).isEqualTo(400);
        assertThat(api.get(tenant, "/v1/experience/templates").json().get("templates"))
                .isEmpty();
    }

    private static JsonNode taskTemplates(MemoryApi api, String tenant) throws Exception {
        return api.get(tenant, "/v1/experience/templates?level=TASK").json().get("templates");
    }

    @Test
    void deletingAnEpisodeReLearnsItsTemplatesPublishesATombstoneAndIsTenantScoped() throws Exception {
        String tenant = tenant();
        String other = tenant();
        String ann = api.post(tenant, "/v1/experience/episodes", json(episode("ann", "Alice", "hello there")))
                .json()
                .get("episodeId")
                .asString();
        String ben = api.post(tenant, "/v1/experience/episodes", json(episode("ben", "Bob", "see you soon")))
                .json()
                .get("episodeId")
                .asString();
        api.post(tenant, "/v1/experience/episodes", json(episode("cat", "Carol", "good night")));
        JsonNode before = taskTemplates(api, tenant);
        assertThat(before).hasSize(1);
        assertThat(before.get(0).get("support").asInt()).isEqualTo(3);
        assertThat(before.toString()).contains("Alice");

        // listing: newest first, filter by user, paging with next/before
        JsonNode all = api.get(tenant, "/v1/experience/episodes").json();
        assertThat(all.get("episodes")).hasSize(3);
        assertThat(all.get("episodes").get(2).get("id").asString()).isEqualTo(ann);
        JsonNode page = api.get(tenant, "/v1/experience/episodes?limit=2").json();
        assertThat(page.get("episodes")).hasSize(2);
        JsonNode rest = api.get(
                        tenant,
                        "/v1/experience/episodes?limit=2&before="
                                + page.get("next").asString())
                .json();
        assertThat(rest.get("episodes")).hasSize(1);
        assertThat(rest.get("episodes").get(0).get("id").asString()).isEqualTo(ann);
        JsonNode annOnly =
                api.get(tenant, "/v1/experience/episodes?userId=ann").json().get("episodes");
        assertThat(annOnly).hasSize(1);
        assertThat(annOnly.get(0).get("goal").asString()).contains("Alice");
        assertThat(api.get(tenant, "/v1/experience/episodes/" + ann)
                        .json()
                        .get("userId")
                        .asString())
                .isEqualTo("ann");

        // another tenant cannot see or delete it, and learns nothing about its existence
        MemoryApi.Response foreign = api.delete(other, "/v1/experience/episodes/" + ann);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.problemType()).endsWith("/episode-not-found");
        MemoryApi.Response missing = api.delete(other, "/v1/experience/episodes/" + java.util.UUID.randomUUID());
        assertThat(foreign.body().replaceAll("[0-9a-f-]{36}", "ID"))
                .isEqualTo(missing.body().replaceAll("[0-9a-f-]{36}", "ID"));
        assertThat(api.get(other, "/v1/experience/episodes/" + ann).status()).isEqualTo(404);
        assertThat(api.get(other, "/v1/experience/episodes").json().get("episodes"))
                .isEmpty();
        assertThat(taskTemplates(api, tenant).get(0).get("support").asInt()).isEqualTo(3);

        // deleting ann's episode: the template stays (Bob and Carol support it) but forgets Alice
        MemoryApi.Response del = api.delete(tenant, "/v1/experience/episodes/" + ann);
        assertThat(del.status()).as(del.body()).isEqualTo(200);
        JsonNode receipt = del.json();
        assertThat(receipt.get("kind").asString()).isEqualTo("experience.episode");
        assertThat(receipt.get("itemId").asString()).isEqualTo(ann);
        assertThat(receipt.get("userId").asString()).isEqualTo("ann");
        assertThat(receipt.get("removed").get("episodes").asLong()).isEqualTo(1);
        // its task family plus its four actions
        assertThat(receipt.get("removed").get("templateGroupsRelearned").asLong())
                .isEqualTo(5);
        JsonNode after = taskTemplates(api, tenant);
        assertThat(after).hasSize(1);
        assertThat(after.get(0).get("support").asInt()).isEqualTo(2);
        assertThat(api.get(tenant, "/v1/experience/templates").json().toString())
                .doesNotContain("Alice")
                .contains("Bob");
        assertThat(api.get(tenant, "/v1/experience/episodes/" + ann).status()).isEqualTo(404);
        assertThat(api.delete(tenant, "/v1/experience/episodes/" + ann).status())
                .isEqualTo(404);

        // deleting ben's too: one episode is below the support a template needs, so the task template goes
        JsonNode second = api.delete(tenant, "/v1/experience/episodes/" + ben).json();
        assertThat(second.get("removed").get("templatesRemoved").asLong()).isPositive();
        assertThat(taskTemplates(api, tenant)).isEmpty();
        assertThat(api.post(
                                tenant,
                                "/v1/experience/match",
                                json(Map.of("task", "send a message to Dan saying hi", "level", "TASK")))
                        .json()
                        .get("matched")
                        .asBoolean())
                .isFalse();

        List<EventEnvelope> tombstones = awaitEvents(tenant, 2, e -> e.type().equals("memory.item.deleted"));
        assertThat(tombstones).hasSize(2);
        EventEnvelope first = tombstones.stream()
                .filter(e -> e.payload().get("itemId").asString().equals(ann))
                .findFirst()
                .orElseThrow();
        assertThat(first.payload().get("kind").asString()).isEqualTo("experience.episode");
        assertThat(first.payload().get("userId").asString()).isEqualTo("ann");
        assertThat(first.payload().get("deletionId").asString())
                .isEqualTo(receipt.get("deletionId").asString());
        assertThat(first.payload().get("removed").get("episodes").asLong()).isEqualTo(1);
        // one tombstone per deletion that happened; the refused and repeated ones published nothing
        assertThat(tombstones(tenant)).isEqualTo(2);
        assertThat(tombstones(other)).isZero();
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    private long tombstones(String tenant) {
        return jdbc.sql("SELECT count(*) FROM outbox_event WHERE type = 'memory.item.deleted' AND record_key LIKE ?")
                .param(tenant + ":%")
                .query(Long.class)
                .single();
    }
}

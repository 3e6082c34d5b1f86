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
}

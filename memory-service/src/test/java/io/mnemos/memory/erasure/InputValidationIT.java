package io.mnemos.memory.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Client mistakes the QA pass found answered with 500 or 200: each must be a 4xx problem that says what to fix. */
class InputValidationIT extends MemoryApiTestBase {
    private static final String USER_ID_RULE =
            "userId must be 1–200 characters, not only spaces, without '/' or control characters";
    private static final String NUL = "hello \u0000 there";

    private static void assertProblem(MemoryApi.Response r, int status, String slug) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.isProblem()).as(r.contentType()).isTrue();
        assertThat(r.problemType()).isEqualTo("https://mnemos.io/problems/" + slug);
    }

    private static List<String> fields(MemoryApi.Response r) {
        return r.json()
                .path("errors")
                .valueStream()
                .map(e -> e.path("field").asString())
                .toList();
    }

    @Test
    void blankOrOverlongUserIdsInPathsAre400() throws Exception {
        String tenant = tenant();
        String longId = "u".repeat(300);
        for (String userId : List.of("%20", "%20%20", longId)) {
            List<MemoryApi.Response> answers = List.of(
                    api.delete(tenant, "/v1/users/" + userId + "/memory"),
                    api.get(tenant, "/v1/users/" + userId + "/profile/facts"),
                    api.post(
                            tenant,
                            "/v1/users/" + userId + "/profile/facts",
                            json(Map.of("attribute", "food.preference", "value", "tea"))),
                    api.post(tenant, "/v1/users/" + userId + "/memory/search", json(Map.of("query", "tea"))),
                    api.post(tenant, "/v1/users/" + userId + "/conversations", json(Map.of("sessions", List.of()))));
            for (MemoryApi.Response r : answers) {
                assertProblem(r, 400, "validation-failed");
                assertThat(fields(r)).containsExactly("userId");
                assertThat(r.json().path("detail").asString()).contains(USER_ID_RULE);
            }
        }
    }

    @Test
    void nulCharactersInStoredTextAre400NamingTheField() throws Exception {
        String tenant = tenant();
        Map<String, MemoryApi.Response> answers = Map.of(
                "value",
                api.post(
                        tenant,
                        "/v1/users/ivy/profile/facts",
                        json(Map.of("attribute", "food.preference", "value", NUL))),
                "goal",
                api.post(
                        tenant,
                        "/v1/experience/episodes",
                        json(Map.of(
                                "userId",
                                "ivy",
                                "goal",
                                NUL,
                                "steps",
                                List.of(Map.of("subGoal", "tap send", "action", "tap", "params", Map.of()))))),
                "task",
                api.post(tenant, "/v1/actions/traces", json(Map.of("userId", "ivy", "task", NUL, "steps", List.of()))),
                "sessions[0].turns[0].text",
                api.post(
                        tenant,
                        "/v1/users/ivy/conversations",
                        json(Map.of(
                                "sessions",
                                List.of(Map.of(
                                        "sessionId", "s1",
                                        "startedAt", "2026-01-01T00:00:00Z",
                                        "turns", List.of(Map.of("turnId", "t1", "speaker", "user", "text", NUL))))))));
        answers.forEach((field, r) -> {
            assertProblem(r, 400, "invalid-field");
            assertThat(fields(r)).as(field).containsExactly(field);
            assertThat(r.json().path("detail").asString()).contains("'" + field + "'", "NUL", "cannot be stored");
        });
        JsonNode facts = api.get(tenant, "/v1/users/ivy/profile/facts").json();
        assertThat(facts.path("facts")).isEmpty();
    }

    @Test
    void yamlBodiesAre415() throws Exception {
        MemoryApi.Response r = api.send(
                tenant(),
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/users/ivy/memory/search"))
                        .header("Content-Type", "application/yaml")
                        .POST(HttpRequest.BodyPublishers.ofString("query: tea\nbogus: 1\n")));

        assertProblem(r, 415, "unsupported-media-type");
        assertThat(r.json().path("detail").asString()).contains("application/json");
    }
}

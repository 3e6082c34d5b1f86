package io.mnemos.memory.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Tenant B cannot read, search, change or erase tenant A's memories through any endpoint of profile, experience,
 * action memory or erasure: item endpoints answer 404 (as for a missing item, so existence does not leak), lists and
 * searches are empty, and B's erasure of the same user id leaves A's memory intact.
 */
class TenancyIT extends MemoryApiTestBase {

    @Test
    void anotherTenantSeesNothingAndChangesNothing() throws Exception {
        String a = tenant();
        String b = tenant();
        String user = "uma";

        // Tenant A's memories of every kind.
        JsonNode fact = api.post(
                        a, "/v1/users/uma/profile/facts", json(Map.of("attribute", "location.home", "value", "Kyoto")))
                .json()
                .get("fact");
        String factId = fact.get("id").asString();
        api.post(
                a,
                "/v1/users/uma/profile/facts",
                json(Map.of("attribute", "location.home", "value", "Nara", "source", "chat")));
        String contradictionId = api.get(a, "/v1/users/uma/profile/contradictions")
                .json()
                .get("contradictions")
                .get(0)
                .get("id")
                .asString();
        for (String c : List.of("Ann", "Bob")) {
            api.post(
                    a,
                    "/v1/experience/episodes",
                    json(Map.of(
                            "userId",
                            user,
                            "goal",
                            "call " + c + " on the phone",
                            "steps",
                            List.of(
                                    Map.of("subGoal", "find " + c, "action", "search", "params", Map.of("q", c)),
                                    Map.of("subGoal", "dial", "action", "call", "params", Map.of())))));
        }
        String templateId = api.get(a, "/v1/experience/templates")
                .json()
                .get("templates")
                .get(0)
                .get("id")
                .asString();
        Map<String, Object> trace = Map.of(
                "userId",
                user,
                "task",
                "call Bob on the phone",
                "steps",
                List.of(Map.of(
                        "target", Map.of("system", "Phone", "location", "dialer"),
                        "action", "call",
                        "params", Map.of("who", "Bob"),
                        "preState", "phone:home",
                        "postState", "phone:calling")));
        String scriptId = api.post(a, "/v1/actions/traces", json(trace))
                .json()
                .get("scriptId")
                .asString();
        String replayId = api.post(a, "/v1/actions/replay", json(Map.of("task", "call Cleo on the phone")))
                .json()
                .get("replayId")
                .asString();
        String erasureOfOther = api.delete(a, "/v1/users/someone-else/memory")
                .json()
                .get("erasureId")
                .asString();

        // Reads and searches by B: empty or 404.
        assertThat(api.get(b, "/v1/users/uma/profile/facts?include=history")
                        .json()
                        .get("facts"))
                .isEmpty();
        assertThat(api.get(b, "/v1/users/uma/profile/contradictions?status=all")
                        .json()
                        .get("contradictions"))
                .isEmpty();
        assertThat(api.post(b, "/v1/users/uma/profile/query", json(Map.of("query", "where does uma live")))
                        .json()
                        .get("hits"))
                .isEmpty();
        assertNotFound(api.get(b, "/v1/users/uma/profile/facts/" + factId));
        assertThat(api.get(b, "/v1/experience/templates").json().get("templates"))
                .isEmpty();
        assertNotFound(api.get(b, "/v1/experience/templates/" + templateId));
        assertThat(api.post(b, "/v1/experience/match", json(Map.of("task", "call Dan on the phone")))
                        .json()
                        .get("matched")
                        .asBoolean())
                .isFalse();
        assertThat(api.get(b, "/v1/actions/scripts").json().get("scripts")).isEmpty();
        assertThat(api.post(b, "/v1/actions/replay", json(Map.of("task", "call Cleo on the phone")))
                        .json()
                        .get("matched")
                        .asBoolean())
                .isFalse();
        assertNotFound(api.get(b, "/v1/actions/replay/" + replayId));
        assertNotFound(api.get(b, "/v1/erasures/" + erasureOfOther));

        // Writes by B on A's items: 404, nothing changed.
        assertNotFound(api.put(b, "/v1/users/uma/profile/facts/" + factId, "\"0\"", json(Map.of("value", "Osaka"))));
        assertNotFound(api.delete(b, "/v1/users/uma/profile/facts/" + factId));
        assertNotFound(api.post(
                b,
                "/v1/users/uma/profile/contradictions/" + contradictionId + "/resolve",
                json(Map.of("winnerFactId", factId))));
        assertNotFound(api.delete(b, "/v1/experience/templates/" + templateId));
        assertNotFound(api.post(
                b, "/v1/actions/replay/" + replayId + "/steps/0", json(Map.of("observedState", "phone:home"))));
        assertNotFound(api.post(b, "/v1/actions/replay/" + replayId + "/finish", json(Map.of("success", false))));
        assertNotFound(api.delete(b, "/v1/actions/scripts/" + scriptId));

        // B erases "uma": B's own (empty) memory only.
        JsonNode receipt = api.delete(b, "/v1/users/uma/memory").json();
        receipt.get("stores").forEach(s -> s.get("counts")
                .forEach(c -> assertThat(c.asLong()).isZero()));

        // A's memory is intact.
        JsonNode facts = api.get(a, "/v1/users/uma/profile/facts").json().get("facts");
        assertThat(facts).hasSize(2);
        assertThat(api.get(a, "/v1/users/uma/profile/facts/" + factId)
                        .json()
                        .get("version")
                        .asLong())
                .isZero();
        assertThat(api.get(a, "/v1/users/uma/profile/contradictions").json().get("contradictions"))
                .hasSize(1);
        assertThat(api.get(a, "/v1/experience/templates/" + templateId).status())
                .isEqualTo(200);
        assertThat(api.get(a, "/v1/actions/scripts")
                        .json()
                        .get("scripts")
                        .get(0)
                        .get("id")
                        .asString())
                .isEqualTo(scriptId);
        assertThat(api.get(a, "/v1/actions/replay/" + replayId)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("RUNNING");
    }

    private static void assertNotFound(MemoryApi.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(404);
        assertThat(r.isProblem()).isTrue();
    }
}

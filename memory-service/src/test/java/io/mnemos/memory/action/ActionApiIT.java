package io.mnemos.memory.action;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnemos.contracts.EventEnvelope;
import io.mnemos.memory.erasure.MemoryApi;
import io.mnemos.memory.erasure.MemoryApiTestBase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Action memory through HTTP: trace in, replay with per-step checks, divergence, success rates, retirement. */
class ActionApiIT extends MemoryApiTestBase {

    static Map<String, Object> step(
            String screen, String element, String action, Map<String, String> params, String pre, String post) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("target", Map.of("system", "Messages", "location", screen, "element", element));
        s.put("action", action);
        s.put("params", params);
        s.put("preState", pre);
        s.put("postState", post);
        return s;
    }

    static Map<String, Object> trace(String user, String contact, String text) {
        return Map.of(
                "userId",
                user,
                "task",
                "send a message to " + contact + " saying " + text,
                "steps",
                List.of(
                        step("home", "new", "tap", Map.of(), "msg:home", "msg:compose"),
                        step("compose", "to", "type", Map.of("text", contact), "msg:compose", "msg:compose-to"),
                        step("compose", "body", "type", Map.of("text", text), "msg:compose-to", "msg:ready"),
                        step("compose", "send", "send", Map.of(), "msg:ready", "msg:sent")),
                "success",
                true);
    }

    @Test
    void recordReplayStepByStepDivergeAndRetire() throws Exception {
        String tenant = tenant();
        MemoryApi.Response rec = api.post(tenant, "/v1/actions/traces", json(trace("eve", "Bob", "running late")));
        assertThat(rec.status()).as(rec.body()).isEqualTo(201);
        assertThat(rec.json().get("newScript").asBoolean()).isTrue();
        String scriptId = rec.json().get("scriptId").asString();

        MemoryApi.Response plan = api.post(
                tenant, "/v1/actions/replay", json(Map.of("task", "send a message to Ann Lee saying see you at noon")));
        assertThat(plan.status()).as(plan.body()).isEqualTo(200);
        assertThat(plan.json().get("matched").asBoolean()).isTrue();
        String replay = plan.json().get("replayId").asString();
        JsonNode steps = plan.json().get("steps");
        assertThat(steps).hasSize(4);
        assertThat(steps.get(1).get("params").get("text").asString()).isEqualTo("Ann Lee");
        assertThat(steps.get(0).get("expectedPreState").asString()).isEqualTo("msg:home");
        assertThat(steps.get(3).get("requiresConfirmation").asBoolean()).isTrue();

        String stepPath = "/v1/actions/replay/" + replay + "/steps/";
        assertThat(api.post(tenant, stepPath + "9", json(Map.of("observedState", "msg:home")))
                        .status())
                .isEqualTo(404);
        MemoryApi.Response outOfOrder = api.post(tenant, stepPath + "2", json(Map.of("observedState", "msg:home")));
        assertThat(outOfOrder.status()).isEqualTo(422);
        assertThat(outOfOrder.json().get("nextStep").asInt()).isZero();
        assertThat(api.post(tenant, stepPath + "-1", json(Map.of("observedState", "x")))
                        .status())
                .isEqualTo(400);

        MemoryApi.Response s0 = api.post(tenant, stepPath + "0", json(Map.of("observedState", "msg:home")));
        assertThat(s0.json().get("verdict").asString()).as(s0.body()).isEqualTo("PROCEED");
        MemoryApi.Response s1 = api.post(tenant, stepPath + "1", json(Map.of("observedState", "msg:error-popup")));
        assertThat(s1.json().get("verdict").asString()).isEqualTo("DIVERGED");
        assertThat(s1.json().get("message").asString()).startsWith("diverged at step 1");
        MemoryApi.Response after = api.post(tenant, stepPath + "2", json(Map.of("observedState", "msg:compose-to")));
        assertThat(after.status()).isEqualTo(409);
        assertThat(api.get(tenant, "/v1/actions/replay/" + replay)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("DIVERGED");

        // Keep failing: the script is retired after minRuns (4) failures, and stays listed with its rates.
        for (int i = 0; i < 3; i++) {
            String r = api.post(tenant, "/v1/actions/replay", json(Map.of("task", "send a message to Zoe saying hi")))
                    .json()
                    .get("replayId")
                    .asString();
            api.post(tenant, "/v1/actions/replay/" + r + "/steps/0", json(Map.of("observedState", "msg:locked")));
        }
        JsonNode scripts = api.get(tenant, "/v1/actions/scripts").json().get("scripts");
        assertThat(scripts).hasSize(1);
        assertThat(scripts.get(0).get("id").asString()).isEqualTo(scriptId);
        assertThat(scripts.get(0).get("status").asString()).isEqualTo("RETIRED");
        assertThat(scripts.get(0).get("runs").asInt()).isEqualTo(4);
        assertThat(scripts.get(0).get("successRate").asDouble()).isZero();
        assertThat(api.post(tenant, "/v1/actions/replay", json(Map.of("task", "send a message to Zoe saying hi")))
                        .json()
                        .get("matched")
                        .asBoolean())
                .isFalse();

        List<EventEnvelope> events = awaitEvents(tenant, 1, e -> e.type().equals("memory.action.recorded"));
        assertThat(events.getFirst().payload().get("scriptId").asString()).isEqualTo(scriptId);
    }

    @Test
    void aCompleteReplaySucceedsAndCountsTheSteps() throws Exception {
        String tenant = tenant();
        api.post(tenant, "/v1/actions/traces", json(trace("fay", "Bob", "hi")));
        String replay = api.post(tenant, "/v1/actions/replay", json(Map.of("task", "send a message to Cy saying yo")))
                .json()
                .get("replayId")
                .asString();
        List<String> verdicts = new ArrayList<>();
        List<String> states = List.of("msg:home", "msg:compose", "msg:compose-to", "msg:ready", "msg:sent");
        for (int k = 0; k < states.size(); k++) {
            verdicts.add(api.post(
                            tenant,
                            "/v1/actions/replay/" + replay + "/steps/" + k,
                            json(Map.of("observedState", states.get(k))))
                    .json()
                    .get("verdict")
                    .asString());
        }
        assertThat(verdicts).containsExactly("PROCEED", "PROCEED", "PROCEED", "PROCEED", "COMPLETE");
        MemoryApi.Response done =
                api.post(tenant, "/v1/actions/replay/" + replay + "/finish", json(Map.of("success", true)));
        assertThat(done.json().get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.json().get("stepsReplayed").asInt()).isEqualTo(4);
        JsonNode script =
                api.get(tenant, "/v1/actions/scripts").json().get("scripts").get(0);
        assertThat(script.get("successes").asInt()).isEqualTo(1);

        MemoryApi.Response empty =
                api.post(tenant, "/v1/actions/traces", json(Map.of("task", "t", "steps", List.of(), "success", true)));
        assertThat(empty.status()).isEqualTo(422);
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    private long rows(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }

    @Test
    void deletingATraceRemovesTheScriptsCompiledFromItPublishesATombstoneAndIsTenantScoped() throws Exception {
        String tenant = tenant();
        String other = tenant();
        MemoryApi.Response first = api.post(tenant, "/v1/actions/traces", json(trace("eve", "Bob", "running late")));
        assertThat(first.json().get("newScript").asBoolean()).isTrue();
        String source = first.json().get("traceId").asString();
        String scriptId = first.json().get("scriptId").asString();
        MemoryApi.Response second = api.post(tenant, "/v1/actions/traces", json(trace("fay", "Carol", "on my way")));
        String matched = second.json().get("traceId").asString();
        boolean secondCompiled = second.json().get("newScript").asBoolean();
        String replay = api.post(
                        tenant, "/v1/actions/replay", json(Map.of("task", "send a message to Ann saying see you")))
                .json()
                .get("replayId")
                .asString();

        // listing, newest first, per user
        JsonNode all = api.get(tenant, "/v1/actions/traces").json().get("traces");
        assertThat(all).hasSize(2);
        assertThat(all.get(0).get("id").asString()).isEqualTo(matched);
        assertThat(api.get(tenant, "/v1/actions/traces?userId=eve").json().get("traces"))
                .hasSize(1);
        assertThat(api.get(tenant, "/v1/actions/traces/" + source)
                        .json()
                        .get("task")
                        .asString())
                .contains("Bob");

        // another tenant: 404 exactly like a missing id, nothing deleted
        MemoryApi.Response foreign = api.delete(other, "/v1/actions/traces/" + source);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.problemType()).endsWith("/trace-not-found");
        MemoryApi.Response missing = api.delete(other, "/v1/actions/traces/" + java.util.UUID.randomUUID());
        assertThat(foreign.body().replaceAll("[0-9a-f-]{36}", "ID"))
                .isEqualTo(missing.body().replaceAll("[0-9a-f-]{36}", "ID"));
        assertThat(api.get(other, "/v1/actions/traces/" + source).status()).isEqualTo(404);
        assertThat(api.get(other, "/v1/actions/traces").json().get("traces")).isEmpty();
        assertThat(api.get(tenant, "/v1/actions/traces").json().get("traces")).hasSize(2);

        // the trace that only matched the script: the script stays unless that trace compiled its own
        JsonNode r2 = api.delete(tenant, "/v1/actions/traces/" + matched).json();
        assertThat(r2.get("kind").asString()).isEqualTo("action.trace");
        assertThat(r2.get("userId").asString()).isEqualTo("fay");
        assertThat(r2.get("removed").get("traces").asLong()).isEqualTo(1);
        assertThat(r2.get("removed").get("scripts").asLong()).isEqualTo(secondCompiled ? 1 : 0);
        assertThat(api.get(tenant, "/v1/actions/scripts").json().toString()).contains(scriptId);

        // the source trace: its script and the script's runs go with it
        MemoryApi.Response del = api.delete(tenant, "/v1/actions/traces/" + source);
        assertThat(del.status()).as(del.body()).isEqualTo(200);
        JsonNode removed = del.json().get("removed");
        assertThat(removed.get("traces").asLong()).isEqualTo(1);
        assertThat(removed.get("scripts").asLong()).isEqualTo(1);
        assertThat(removed.get("runs").asLong()).isEqualTo(1);
        assertThat(api.get(tenant, "/v1/actions/scripts").json().toString()).doesNotContain(scriptId);
        assertThat(api.get(tenant, "/v1/actions/replay/" + replay).status()).isEqualTo(404);
        assertThat(api.post(tenant, "/v1/actions/replay", json(Map.of("task", "send a message to Zoe saying hi")))
                        .json()
                        .get("matched")
                        .asBoolean())
                .isEqualTo(secondCompiled);
        assertThat(rows("SELECT count(*) FROM action_trace WHERE tenant = ?", tenant))
                .isZero();
        assertThat(api.delete(tenant, "/v1/actions/traces/" + source).status()).isEqualTo(404);

        List<EventEnvelope> tombstones = awaitEvents(tenant, 2, e -> e.type().equals("memory.item.deleted"));
        assertThat(tombstones).hasSize(2);
        assertThat(tombstones)
                .extracting(e -> e.payload().get("itemId").asString())
                .containsExactlyInAnyOrder(source, matched);
        EventEnvelope sourceEvent = tombstones.stream()
                .filter(e -> e.payload().get("itemId").asString().equals(source))
                .findFirst()
                .orElseThrow();
        assertThat(sourceEvent.payload().get("deletionId").asString())
                .isEqualTo(del.json().get("deletionId").asString());
        assertThat(sourceEvent.payload().get("removed").get("scripts").asLong()).isEqualTo(1);
        String like = "%";
        assertThat(rows(
                        "SELECT count(*) FROM outbox_event WHERE type = 'memory.item.deleted' AND record_key LIKE ?",
                        tenant + ":" + like))
                .isEqualTo(2);
        assertThat(rows(
                        "SELECT count(*) FROM outbox_event WHERE type = 'memory.item.deleted' AND record_key LIKE ?",
                        other + ":" + like))
                .isZero();
    }
}

package io.mnemos.memory.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnemos.contracts.EventEnvelope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Writes memories of every kind this service owns for one user (and some for another user of the same tenant),
 * erases the first user, and proves by SQL over every table and through the API that nothing of theirs is left while
 * the other user's memory is intact.
 */
class ErasureIT extends MemoryApiTestBase {

    /** A value only the erased user ever stated, to look for anywhere afterwards. */
    private static final String MARKER = "Zanzibarquux";

    @Autowired
    JdbcClient jdbc;

    private static Map<String, Object> episode(String user, String contact, String text) {
        return Map.of(
                "userId",
                user,
                "goal",
                "send a message to " + contact + " saying " + text,
                "steps",
                List.of(
                        Map.of(
                                "subGoal",
                                "search for " + contact,
                                "action",
                                "search",
                                "params",
                                Map.of("query", contact)),
                        Map.of("subGoal", "type " + text, "action", "type", "params", Map.of("text", text)),
                        Map.of("subGoal", "tap send", "action", "tap", "params", Map.of("element", "send"))));
    }

    private static Map<String, Object> trace(String user, String app, String contact, String text) {
        List<Map<String, Object>> steps = new ArrayList<>();
        String[][] s = {
            {"home", "msg:home", "msg:compose"}, {"to", "msg:compose", "msg:ready"}, {"send", "msg:ready", "msg:sent"}
        };
        for (String[] x : s) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("target", Map.of("system", app, "location", "compose", "element", x[0]));
            step.put("action", x[0].equals("send") ? "send" : "type");
            step.put("params", x[0].equals("to") ? Map.of("to", contact, "text", text) : Map.of());
            step.put("preState", x[1]);
            step.put("postState", x[2]);
            steps.add(step);
        }
        return Map.of("userId", user, "task", "send a message to " + contact + " saying " + text, "steps", steps);
    }

    @Test
    void erasingAUserLeavesNothingOfThemInAnyTableAndKeepsOthers() throws Exception {
        String tenant = tenant();
        // Profile: facts, history and a contradiction.
        api.post(tenant, "/v1/users/gina/profile/facts", json(Map.of("attribute", "location.home", "value", MARKER)));
        api.post(
                tenant,
                "/v1/users/gina/profile/facts",
                json(Map.of("attribute", "location.home", "value", "Oslo", "source", "chat")));
        api.post(
                tenant, "/v1/users/gina/profile/facts", json(Map.of("attribute", "food.preference", "value", "sushi")));
        api.post(
                tenant, "/v1/users/hank/profile/facts", json(Map.of("attribute", "food.preference", "value", "tacos")));
        assertThat(api.get(tenant, "/v1/users/gina/profile/contradictions")
                        .json()
                        .get("contradictions"))
                .hasSize(1);
        // Query once so the user's DisGraph is loaded in memory (and must be dropped).
        assertThat(api.post(tenant, "/v1/users/gina/profile/query", json(Map.of("query", "home town")))
                        .json()
                        .get("hits"))
                .isNotEmpty();
        // Experience: two episodes each; templates learned from both users.
        api.post(tenant, "/v1/experience/episodes", json(episode("gina", MARKER, "hello")));
        api.post(tenant, "/v1/experience/episodes", json(episode("gina", "Mo", MARKER + " soon")));
        api.post(tenant, "/v1/experience/episodes", json(episode("hank", "Al", "later")));
        api.post(tenant, "/v1/experience/episodes", json(episode("hank", "Bo", "tonight")));
        assertThat(templatesMentioning(tenant, MARKER))
                .as("templates learned the marker")
                .isPositive();
        // Action: gina's trace (→ script), her replay of it, her replay of hank's script.
        String ginaScript = api.post(tenant, "/v1/actions/traces", json(trace("gina", "Messages", MARKER, "hi")))
                .json()
                .get("scriptId")
                .asString();
        api.post(
                tenant, "/v1/actions/replay", json(Map.of("task", "send a message to Cy saying yo", "userId", "gina")));
        // hank's trace acts on another app, so it compiles its own script (an equal trace would reuse gina's).
        api.post(tenant, "/v1/actions/traces", json(trace("hank", "Chat", "Dee", "ok then")));
        assertThat(api.get(tenant, "/v1/actions/scripts").json().get("scripts")).hasSize(2);

        MemoryApi.Response erased = api.delete(tenant, "/v1/users/gina/memory");
        assertThat(erased.status()).as(erased.body()).isEqualTo(200);
        JsonNode receipt = erased.json();
        assertThat(receipt.get("userId").asString()).isEqualTo("gina");
        assertThat(receipt.get("tenant").asString()).isEqualTo(tenant);
        Map<String, JsonNode> stores = new HashMap<>();
        receipt.get("stores").forEach(s -> stores.put(s.get("store").asString(), s.get("counts")));
        assertThat(stores.get("profile").get("facts").asLong()).isEqualTo(3);
        assertThat(stores.get("profile").get("contradictions").asLong()).isEqualTo(1);
        assertThat(stores.get("experience").get("episodes").asLong()).isEqualTo(2);
        assertThat(stores.get("action").get("traces").asLong()).isEqualTo(1);
        assertThat(stores.get("action").get("scripts").asLong()).isEqualTo(1);
        assertThat(stores.get("action").get("runs").asLong()).isGreaterThanOrEqualTo(1);

        // SQL: no row of any table with a user id column belongs to gina; no tenant row mentions the marker.
        for (String table : tablesWithColumn("user_id")) {
            if (table.equals("outbox_event") || table.equals("processed_event")) {
                continue;
            }
            long n = jdbc.sql("SELECT count(*) FROM " + table + " WHERE tenant = ? AND user_id = ?")
                    .params(tenant, "gina")
                    .query(Long.class)
                    .single();
            assertThat(n).as("rows of gina in %s", table).isZero();
        }
        for (String table : tablesWithColumn("tenant")) {
            long n = jdbc.sql("SELECT count(*) FROM " + table + " t WHERE t::text ILIKE ?")
                    .param("%" + MARKER + "%")
                    .query(Long.class)
                    .single();
            assertThat(n).as("rows mentioning the erased value in %s", table).isZero();
        }
        assertThat(templatesMentioning(tenant, MARKER)).isZero();
        // Events carry ids, never values: the outbox (no tenant column; keyed tenant:entity) has no trace of it either.
        long inOutbox = jdbc.sql("SELECT count(*) FROM outbox_event WHERE record_key LIKE ? AND envelope::text ILIKE ?")
                .params(tenant + ":%", "%" + MARKER + "%")
                .query(Long.class)
                .single();
        assertThat(inOutbox).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM outbox_event WHERE record_key LIKE ?")
                        .param(tenant + ":%")
                        .query(Long.class)
                        .single())
                .as("the writes were announced")
                .isPositive();

        // API: nothing of gina; hank intact.
        assertThat(api.get(tenant, "/v1/users/gina/profile/facts?include=history")
                        .json()
                        .get("facts"))
                .isEmpty();
        assertThat(api.get(tenant, "/v1/users/gina/profile/contradictions?status=all")
                        .json()
                        .get("contradictions"))
                .isEmpty();
        assertThat(api.post(tenant, "/v1/users/gina/profile/query", json(Map.of("query", "home town")))
                        .json()
                        .get("hits"))
                .isEmpty();
        assertThat(api.get(tenant, "/v1/users/hank/profile/facts").json().get("facts"))
                .hasSize(1);
        JsonNode scripts = api.get(tenant, "/v1/actions/scripts").json().get("scripts");
        assertThat(scripts).hasSize(1);
        assertThat(scripts.get(0).get("id").asString()).isNotEqualTo(ginaScript);

        // The receipt can be fetched again, without the user id.
        String erasureId = receipt.get("erasureId").asString();
        MemoryApi.Response stored = api.get(tenant, "/v1/erasures/" + erasureId);
        assertThat(stored.status()).isEqualTo(200);
        assertThat(stored.json().get("userId").isNull()).isTrue();
        assertThat(stored.json().get("userDigest").asString())
                .isEqualTo(receipt.get("userDigest").asString());
        assertThat(stored.json().get("stores").toString())
                .isEqualTo(receipt.get("stores").toString());

        // A second erasure finds nothing.
        JsonNode again = api.delete(tenant, "/v1/users/gina/memory").json();
        again.get("stores").forEach(s -> s.get("counts")
                .forEach(c -> assertThat(c.asLong()).isZero()));

        List<EventEnvelope> tombstones = awaitEvents(tenant, 1, e -> e.type().equals("memory.user.erased"));
        assertThat(tombstones.getFirst().payload().get("erasureId").asString()).isEqualTo(erasureId);
        assertThat(tombstones.getFirst().payload().get("userId").asString()).isEqualTo("gina");
    }

    private List<String> tablesWithColumn(String column) {
        return jdbc.sql("SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND"
                        + " column_name = ? ORDER BY table_name")
                .param(column)
                .query(String.class)
                .list();
    }

    private long templatesMentioning(String tenant, String text) {
        return jdbc.sql("SELECT count(*) FROM experience_template t WHERE tenant = ? AND t::text ILIKE ?")
                .params(tenant, "%" + text + "%")
                .query(Long.class)
                .single();
    }
}

package io.mnemos.memory.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnemos.memory.erasure.MemoryApi;
import io.mnemos.memory.erasure.MemoryApiTestBase;
import io.mnemos.model.MiniLmEmbedder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A memory search or profile query with a precomputed query vector (as the orchestrator sends it) on the real service:
 * the same hits as the search by text, the vector really used, another model's vector ignored, malformed ones answered
 * with 422.
 */
class MemorySearchVectorIT extends MemoryApiTestBase {

    @Autowired
    MiniLmEmbedder embedder;

    String tenant;

    private static Map<String, Object> turn(String id, String speaker, String text) {
        return Map.of("turnId", id, "speaker", speaker, "text", text);
    }

    @BeforeEach
    void importConversation() throws Exception {
        tenant = tenant();
        String body = json(Map.of(
                "sessions",
                List.of(Map.of(
                        "sessionId",
                        "s1",
                        "startedAt",
                        "2026-05-08T13:56:00Z",
                        "turns",
                        List.of(
                                turn("1", "Caroline", "I went to a support group yesterday, it helped a lot."),
                                turn("2", "Melanie", "I painted a sunrise over the lake last weekend."),
                                turn("3", "Caroline", "I love green tea with my breakfast."),
                                turn("4", "Melanie", "I ran a charity race for mental health."),
                                turn("5", "Caroline", "My cat Oscar knocked the tea pot over."))))));
        MemoryApi.Response imported = api.post(tenant, "/v1/users/caroline/conversations", body);
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
    }

    private MemoryApi.Response search(Map<String, Object> body) throws Exception {
        return api.post(tenant, "/v1/users/caroline/memory/search", json(body));
    }

    private static Map<String, Object> query(String text, String mode) {
        Map<String, Object> body = new HashMap<>();
        body.put("query", text);
        body.put("mode", mode);
        body.put("k", 5);
        return body;
    }

    private static Map<String, Object> withVector(Map<String, Object> body, float[] vector, String model) {
        body.put("queryVector", vector);
        body.put("queryVectorModel", model);
        return body;
    }

    /** turnId and score of every hit, in order. */
    private static List<String> hits(MemoryApi.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        for (JsonNode h : r.json().get("hits")) {
            out.add(h.get("turnId").asString() + "@" + h.get("score").asDouble());
        }
        return out;
    }

    @Test
    void aVectorOfTheSameModelGivesTheSameHitsAsTheText() throws Exception {
        String q = "what does Caroline drink in the morning?";
        float[] v = embedder.embed(q);
        for (String mode : List.of("dense", "hybrid")) {
            List<String> byText = hits(search(query(q, mode)));
            List<String> byVector = hits(search(withVector(query(q, mode), v, MiniLmEmbedder.MODEL_ID)));
            assertThat(byText).as(mode).isNotEmpty();
            assertThat(byVector).as(mode).isEqualTo(byText);
        }
    }

    @Test
    void theVectorIsWhatDenseSearchUses() throws Exception {
        // The text asks about tea, the vector about a race: dense search follows the vector.
        List<String> race = hits(search(query("a running event for charity", "dense")));
        List<String> tea = hits(search(query("green tea", "dense")));
        assertThat(race.getFirst()).isNotEqualTo(tea.getFirst());
        List<String> teaTextRaceVector = hits(search(withVector(
                query("green tea", "dense"), embedder.embed("a running event for charity"), MiniLmEmbedder.MODEL_ID)));
        assertThat(teaTextRaceVector).isEqualTo(race);
    }

    @Test
    void aVectorOfAnotherModelIsIgnoredAndTheTextEmbedded() throws Exception {
        List<String> byText = hits(search(query("green tea", "hybrid")));
        List<String> otherModel =
                hits(search(withVector(query("green tea", "hybrid"), new float[] {0.6f, 0.8f}, "another-model-v2")));
        assertThat(otherModel).isEqualTo(byText);
    }

    @Test
    void aWrongDimensionOrAMissingModelIsA422Problem() throws Exception {
        MemoryApi.Response wrong =
                search(withVector(query("green tea", "hybrid"), new float[] {0.6f, 0.8f}, MiniLmEmbedder.MODEL_ID));
        assertThat(wrong.status()).isEqualTo(422);
        assertThat(wrong.isProblem()).isTrue();
        assertThat(wrong.json().get("detail").asString()).contains("384 values").contains("got 2");

        Map<String, Object> noModel = query("green tea", "hybrid");
        noModel.put("queryVector", embedder.embed("green tea"));
        MemoryApi.Response missing = search(noModel);
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.isProblem()).isTrue();
        assertThat(missing.json().get("detail").asString()).contains("queryVectorModel is required");

        MemoryApi.Response zeros =
                search(withVector(query("green tea", "dense"), new float[384], MiniLmEmbedder.MODEL_ID));
        assertThat(zeros.status()).isEqualTo(422);
        assertThat(zeros.json().get("detail").asString()).contains("all zeros");
    }

    @Test
    void aStringForTheVectorIsA400SayingAStringWasSent() throws Exception {
        // Was "must be an array, got ''": Jackson reads a string as base64 and reported its failed decoding.
        Map<String, Object> body = withVector(query("green tea", "hybrid"), null, MiniLmEmbedder.MODEL_ID);
        body.put("queryVector", "abc");
        MemoryApi.Response r = search(body);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("detail").asString())
                .contains("'queryVector'", "must be an array, got a string")
                .doesNotContain("''");
        // the other scalar rules hold here too: k is a whole number, not 1.5 read as 1
        Map<String, Object> fractional = query("green tea", "hybrid");
        fractional.put("k", 1.5);
        MemoryApi.Response k = search(fractional);
        assertThat(k.status()).as(k.body()).isEqualTo(400);
        assertThat(k.json().get("detail").asString()).contains("'k'", "must be a whole number", "1.5");
    }

    @Test
    void profileSearchUsesTheVectorToo() throws Exception {
        addTeaAndRunningFacts();
        Map<String, Object> tea = query("what does she drink", "hybrid");
        tea.put("types", List.of("profile"));
        Map<String, Object> teaTextRunVector =
                withVector(new HashMap<>(tea), embedder.embed("running a race for charity"), MiniLmEmbedder.MODEL_ID);
        String byText = search(tea).json().get("hits").get(0).get("text").asString();
        String byVector =
                search(teaTextRunVector).json().get("hits").get(0).get("text").asString();
        assertThat(byText).contains("tea");
        assertThat(byVector).contains("running");
    }

    @Test
    void profileQueryTakesTheVectorWithTheSameRules() throws Exception {
        addTeaAndRunningFacts();
        String path = "/v1/users/caroline/profile/query";
        Map<String, Object> tea = new HashMap<>(Map.of("query", "what does she drink", "k", 1));
        MemoryApi.Response byText = api.post(tenant, path, json(tea));
        MemoryApi.Response byOwnVector = api.post(
                tenant,
                path,
                json(withVector(new HashMap<>(tea), embedder.embed("what does she drink"), MiniLmEmbedder.MODEL_ID)));
        MemoryApi.Response byRaceVector = api.post(
                tenant,
                path,
                json(withVector(
                        new HashMap<>(tea), embedder.embed("running a race for charity"), MiniLmEmbedder.MODEL_ID)));
        MemoryApi.Response otherModel = api.post(
                tenant, path, json(withVector(new HashMap<>(tea), new float[] {0.6f, 0.8f}, "another-model-v2")));
        for (MemoryApi.Response r : List.of(byText, byOwnVector, byRaceVector, otherModel)) {
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
        assertThat(value(byText)).isEqualTo("green tea");
        assertThat(value(byOwnVector)).isEqualTo("green tea");
        assertThat(byOwnVector.json().get("hits").get(0).get("similarity").asDouble())
                .isEqualTo(byText.json().get("hits").get(0).get("similarity").asDouble());
        assertThat(value(byRaceVector)).isEqualTo("charity running races");
        assertThat(value(otherModel)).isEqualTo("green tea");

        MemoryApi.Response wrong = api.post(
                tenant, path, json(withVector(new HashMap<>(tea), new float[] {0.6f, 0.8f}, MiniLmEmbedder.MODEL_ID)));
        assertThat(wrong.status()).isEqualTo(422);
        assertThat(wrong.isProblem()).isTrue();
        assertThat(wrong.json().get("detail").asString()).contains("384 values").contains("got 2");
        Map<String, Object> noModel = new HashMap<>(tea);
        noModel.put("queryVector", embedder.embed("green tea"));
        MemoryApi.Response missing = api.post(tenant, path, json(noModel));
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.json().get("detail").asString()).contains("queryVectorModel is required");
    }

    private void addTeaAndRunningFacts() throws Exception {
        for (Map<String, String> f : List.of(
                Map.of("attribute", "drink.preference", "value", "green tea"),
                Map.of("attribute", "hobby.sport", "value", "charity running races"))) {
            MemoryApi.Response r = api.post(tenant, "/v1/users/caroline/profile/facts", json(f));
            assertThat(r.status()).as(r.body()).isBetween(200, 201);
        }
    }

    private static String value(MemoryApi.Response r) {
        return r.json().get("hits").get(0).get("fact").get("value").asString();
    }
}

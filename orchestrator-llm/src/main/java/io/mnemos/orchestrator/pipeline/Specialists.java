package io.mnemos.orchestrator.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;
import tools.jackson.databind.JsonNode;

/**
 * The specialists the embedded pipeline calls over HTTP: conversation/profile memory search, document search per
 * collection, the corpus-grounded retrieval gate, and task memory (experience templates).
 *
 * <p>Memory and document searches send the router's vector of the turn ({@link TurnContext#queryVector()}) with the
 * text, so neither service embeds the question again; a service on another model ignores it and embeds the text.
 * Experience matching and the grounding gate read the text only (they embed nothing).
 */
@Component
class Specialists {
    private final ServiceClient client;
    private final PipelineProperties props;

    // One instance each, so a pipeline that needs the same specialist for two routes calls it once.
    private final Specialist memory;
    private final Specialist documents;
    private final Specialist grounding;
    private final Specialist tasks;

    Specialists(ServiceClient client, PipelineProperties props) {
        this.client = client;
        this.props = props;
        this.memory = newMemory();
        this.documents = newDocuments();
        this.grounding = newGrounding();
        this.tasks = newTasks();
    }

    Specialist memory() {
        return memory;
    }

    Specialist documents() {
        return documents;
    }

    Specialist grounding() {
        return grounding;
    }

    Specialist tasks() {
        return tasks;
    }

    /** Searches the user's memory (turns and profile facts), leaving out the turn being answered. */
    private Specialist newMemory() {
        return turn -> List.of(timed("memory.search", () -> {
            JsonNode r = client.post(
                    props.memoryUrl(),
                    "/v1/users/" + UriUtils.encodePathSegment(turn.userId(), StandardCharsets.UTF_8) + "/memory/search",
                    search(turn, props.hitsPerSpecialist() + 1),
                    turn.tenant());
            List<Evidence> found = new ArrayList<>();
            Set<String> speakers = new LinkedHashSet<>();
            String self = turn.turnId().toString();
            for (JsonNode h : r.path("hits")) {
                String id = h.path("id").asString("");
                if (self.equals(id) || self.equals(h.path("turnId").asString(""))) {
                    continue; // the question itself is already in memory
                }
                if (h.hasNonNull("speaker")) {
                    speakers.add(h.path("speaker").asString());
                }
                String type = h.path("type").asString("memory");
                found.add(new Evidence(
                        "memory",
                        id,
                        type,
                        h.path("text").asString(""),
                        h.path("score").asDouble(),
                        h.hasNonNull("sessionId")
                                ? "session " + h.path("sessionId").asString()
                                : null));
            }
            return new Result(
                    found.stream().limit(props.hitsPerSpecialist()).toList(),
                    speakers.isEmpty() ? null : new MemoryDetail(List.copyOf(speakers)));
        }));
    }

    /** Searches each configured collection; a collection that does not exist is reported as skipped. */
    private Specialist newDocuments() {
        return turn -> props.collections().stream()
                .map(c -> timed("documents.search:" + c, () -> {
                    JsonNode r = client.post(
                            props.retrievalUrl(),
                            "/v1/collections/" + UriUtils.encodePathSegment(c, StandardCharsets.UTF_8) + "/search",
                            search(turn, props.hitsPerSpecialist()),
                            turn.tenant());
                    List<Evidence> found = new ArrayList<>();
                    for (JsonNode h : r.path("hits")) {
                        found.add(new Evidence(
                                "documents",
                                h.path("chunkId").asString(""),
                                h.path("title").asString(null),
                                h.path("text").asString(""),
                                h.path("score").asDouble(),
                                c + "/" + h.path("documentId").asString("")));
                    }
                    return new Result(found, null);
                }))
                .toList();
    }

    /** QuCo-RAG stage 1: entity frequencies in the corpus and the retrieve/not decision, kept for the trace. */
    private Specialist newGrounding() {
        return turn -> List.of(timed("grounding.assess", () -> {
            JsonNode r = client.post(
                    props.retrievalUrl(), "/v1/grounding/assess", Map.of("question", turn.text()), turn.tenant());
            return new Result(List.of(), r);
        }));
    }

    /** Task memory: the best experience template for the request, kept for the trace and the answer. */
    private Specialist newTasks() {
        return turn -> List.of(timed("experience.match", () -> {
            JsonNode r =
                    client.post(props.memoryUrl(), "/v1/experience/match", Map.of("task", turn.text()), turn.tenant());
            List<Evidence> found = new ArrayList<>();
            if (r.path("matched").asBoolean(false)) {
                // The instantiated steps of the learned template, as one passage the answer can quote.
                StringBuilder steps = new StringBuilder();
                int n = 0;
                for (JsonNode step : r.path("steps")) {
                    steps.append(++n)
                            .append(". ")
                            .append(step.path("subGoal").asString(""))
                            .append(": ")
                            .append(step.path("action").asString(""))
                            .append(step.path("params").isEmpty() ? "" : " " + step.path("params"))
                            .append(". ");
                }
                found.add(new Evidence(
                        "experience",
                        r.at("/template/id").asString(""),
                        "learned " + r.path("level").asString("") + " template",
                        steps.toString().strip(),
                        r.path("confidence").asDouble(),
                        null));
            }
            return new Result(found, r);
        }));
    }

    /** What memory search found besides evidence, for the trace and the router's known names. */
    record MemoryDetail(List<String> speakers) {}

    /** A hybrid search body for the turn, with the router's vector when there is one. */
    static Map<String, Object> search(TurnContext turn, int k) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", turn.text());
        body.put("k", k);
        body.put("mode", "hybrid");
        if (turn.queryVector() != null) {
            body.put("queryVector", turn.queryVector().vector());
            body.put("queryVectorModel", turn.queryVector().model());
        }
        return body;
    }

    private record Result(List<Evidence> evidence, Object detail) {}

    private static SpecialistCall timed(String name, Supplier<Result> call) {
        long t0 = System.nanoTime();
        try {
            Result r = call.get();
            return SpecialistCall.ok(name, (System.nanoTime() - t0) / 1_000_000, r.evidence(), r.detail());
        } catch (ServiceClient.ServiceCallException e) {
            String status = e.status == 404 ? "skipped" : "error";
            return SpecialistCall.failed(name, status, (System.nanoTime() - t0) / 1_000_000, e.getMessage());
        } catch (RuntimeException e) {
            String status = isTimeout(e) ? "timeout" : "error";
            return SpecialistCall.failed(name, status, (System.nanoTime() - t0) / 1_000_000, String.valueOf(e));
        }
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.http.HttpTimeoutException || t instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }
}

package io.mnemos.retrieval.bench;

import io.mnemos.retrieval.ingest.SourceDocument;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HotpotQA subset from {@code shared/data/multihop}: 100 train questions and the 994 paragraphs of their contexts.
 * Gold = the titles of the supporting paragraphs (2 per question).
 */
public record HotpotQa(List<SourceDocument> corpus, List<Question> questions) {

    public record Question(String id, String text, Set<String> supporting) {}

    public static Optional<Path> locate() {
        return BenchData.dataset("multihop", "hotpotqa_train.json")
                .filter(d -> Files.isRegularFile(d.resolve("hotpotqa_train_corpus.json")));
    }

    public static HotpotQa load(Path dir) {
        try {
            JsonMapper json = JsonMapper.builder().build();
            JsonNode corpus = json.readTree(Files.readString(dir.resolve("hotpotqa_train_corpus.json")));
            List<SourceDocument> docs = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : corpus.properties()) {
                StringBuilder text = new StringBuilder();
                for (JsonNode s : e.getValue()) {
                    text.append(s.asString());
                }
                docs.add(SourceDocument.of(
                        e.getKey(), e.getKey(), text.toString().strip()));
            }
            JsonNode qs = json.readTree(Files.readString(dir.resolve("hotpotqa_train.json")));
            List<Question> questions = new ArrayList<>();
            int i = 0;
            for (JsonNode q : qs) {
                Set<String> gold = new LinkedHashSet<>();
                for (JsonNode f : q.get("supporting_facts")) {
                    gold.add(f.get(0).asString());
                }
                String id = q.has("_id") ? q.get("_id").asString() : "q" + i;
                questions.add(new Question(id, q.get("question").asString(), Set.copyOf(gold)));
                i++;
            }
            return new HotpotQa(List.copyOf(docs), List.copyOf(questions));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

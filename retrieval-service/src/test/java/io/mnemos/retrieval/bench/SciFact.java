package io.mnemos.retrieval.bench;

import io.mnemos.retrieval.ingest.SourceDocument;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SciFact from {@code shared/data/scifact}: 5,183 abstracts and the training claims; qrels = each claim's cited
 * documents ({@code cited_doc_ids}), relevance 1 — the BEIR convention.
 */
public record SciFact(List<SourceDocument> corpus, List<Claim> claims) {

    public record Claim(String id, String text, Set<String> relevant) {}

    public static Optional<Path> locate() {
        return BenchData.dataset("scifact", "corpus.jsonl.gz")
                .filter(d -> Files.isRegularFile(d.resolve("claims_train.csv.gz")));
    }

    public static SciFact load(Path dir) {
        try {
            List<SourceDocument> docs = new ArrayList<>();
            JsonMapper json = JsonMapper.builder().build();
            try (BufferedReader r = gz(dir.resolve("corpus.jsonl.gz"))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode n = json.readTree(line);
                    docs.add(SourceDocument.of(
                            n.get("_id").asString(),
                            n.get("title").asString(),
                            n.get("text").asString()));
                }
            }
            Map<String, Claim> claims = new LinkedHashMap<>();
            try (BufferedReader r = gz(dir.resolve("claims_train.csv.gz"))) {
                for (CSVRecord rec : CSVFormat.DEFAULT
                        .builder()
                        .setHeader()
                        .setSkipHeaderRecord(true)
                        .get()
                        .parse(r)) {
                    String id = rec.get("id");
                    Set<String> cited = new LinkedHashSet<>();
                    for (String s : rec.get("cited_doc_ids")
                            .replaceAll("[\\[\\]\\s]", "")
                            .split(",")) {
                        if (!s.isEmpty()) {
                            cited.add(s);
                        }
                    }
                    Claim prev = claims.get(id);
                    if (prev != null) {
                        prev.relevant().addAll(cited);
                    } else {
                        claims.put(id, new Claim(id, rec.get("claim"), cited));
                    }
                }
            }
            List<Claim> list = claims.values().stream()
                    .filter(c -> !c.relevant().isEmpty())
                    .map(c -> new Claim(c.id(), c.text(), Set.copyOf(c.relevant())))
                    .toList();
            return new SciFact(List.copyOf(docs), list);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedReader gz(Path p) throws IOException {
        return new BufferedReader(
                new InputStreamReader(new GZIPInputStream(Files.newInputStream(p), 1 << 16), StandardCharsets.UTF_8));
    }
}

package io.mnemos.memory.search.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mnemos.memory.conversation.ConversationIndex;
import io.mnemos.memory.conversation.ConversationProperties;
import io.mnemos.memory.conversation.ConversationSearch;
import io.mnemos.memory.conversation.SearchMode;
import io.mnemos.memory.conversation.TurnDocument;
import io.mnemos.memory.conversation.TurnHit;
import io.mnemos.memory.conversation.TurnQuery;
import io.mnemos.memory.conversation.bench.Locomo;
import io.mnemos.model.MiniLmEmbedder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * What a precomputed query vector saves in memory search, in process: one LoCoMo conversation indexed with the real
 * int8 MiniLM, its questions searched (hybrid, k 10) by text (the query embedded per search, as memory-service does
 * without a vector; no query cache) and with the vector precomputed (as the orchestrator sends it), interleaved per
 * question so load changes hit both alike. Also checks that both give the same hits.
 *
 * <pre>
 * ./mvnw -q -o -pl memory-service test-compile exec:exec \
 *     -Dbench.main=io.mnemos.memory.search.bench.QueryVectorBenchmark -Dbench.args="5"
 * </pre>
 */
public final class QueryVectorBenchmark {

    public static void main(String[] args) throws Exception {
        int passes = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Optional<Path> file = Locomo.file();
        if (file.isEmpty()) {
            System.out.println("SKIPPED: ../shared/data/locomo/locomo-dev.json not found");
            return;
        }
        Locomo.Conversation c = Locomo.load(file.get()).getFirst();
        System.out.printf(Locale.ROOT, "load average at start: %s", Files.readString(Path.of("/proc/loadavg")));
        Path dir = Files.createTempDirectory("query-vector-bench");
        try (MiniLmEmbedder embedder = new MiniLmEmbedder();
                ConversationIndex index = new ConversationIndex(
                        dir, ConversationProperties.defaults().indexSettings(384))) {
            List<Locomo.Turn> turns = c.turns();
            List<float[]> vectors = embedder.embedAll(turns.stream()
                    .map(t -> TurnDocument.embeddingText(t.speaker(), t.text()))
                    .toList());
            List<TurnDocument> docs = new ArrayList<>();
            UUID session = UUID.randomUUID();
            Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
            for (int i = 0; i < turns.size(); i++) {
                Locomo.Turn t = turns.get(i);
                docs.add(new TurnDocument(
                        UUID.randomUUID(),
                        t.id(),
                        session,
                        "s",
                        "u",
                        i,
                        t.speaker(),
                        t.text(),
                        t0.plusSeconds(60L * i),
                        null,
                        vectors.get(i)));
            }
            index.index("bench", docs);
            index.commit("bench");
            ConversationSearch search = new ConversationSearch(index, embedder, new SimpleMeterRegistry());
            List<String> questions =
                    c.questions().stream().map(Locomo.Question::question).toList();
            List<float[]> queryVectors = questions.stream().map(embedder::embed).toList();
            System.out.printf("%d turns indexed, %d questions, %d passes%n", turns.size(), questions.size(), passes);

            int same = 0;
            long[] byText = new long[questions.size() * passes];
            long[] byVector = new long[questions.size() * passes];
            for (int pass = -1; pass < passes; pass++) { // pass -1 warms both paths up
                for (int q = 0; q < questions.size(); q++) {
                    TurnQuery query = new TurnQuery("u", questions.get(q), 10, SearchMode.HYBRID, null, null);
                    boolean textFirst = (q + pass) % 2 == 0;
                    long a = 0;
                    long b = 0;
                    List<TurnHit> ht = null;
                    List<TurnHit> hv = null;
                    for (int side = 0; side < 2; side++) {
                        long s = System.nanoTime();
                        if ((side == 0) == textFirst) {
                            ht = search.search("bench", query);
                            a = System.nanoTime() - s;
                        } else {
                            hv = index.search("bench", query, queryVectors.get(q));
                            b = System.nanoTime() - s;
                        }
                    }
                    if (pass >= 0) {
                        byText[pass * questions.size() + q] = a;
                        byVector[pass * questions.size() + q] = b;
                        if (ids(ht).equals(ids(hv))) {
                            same++;
                        }
                    }
                }
            }
            System.out.println("| memory search (hybrid, k 10), ms | p50 | p90 | p99 | mean |");
            System.out.println("|---|---:|---:|---:|---:|");
            row("query embedded per search (no vector)", byText);
            row("precomputed query vector", byVector);
            System.out.printf(Locale.ROOT, "identical hit lists: %d of %d searches%n", same, byText.length);
            System.out.printf(Locale.ROOT, "load average at end: %s", Files.readString(Path.of("/proc/loadavg")));
        }
    }

    private static List<String> ids(List<TurnHit> hits) {
        return hits.stream().map(h -> h.turnId() + "@" + h.score()).toList();
    }

    private static void row(String name, long[] nanos) {
        long[] v = nanos.clone();
        Arrays.sort(v);
        System.out.printf(
                Locale.ROOT,
                "| %s | %.2f | %.2f | %.2f | %.2f |%n",
                name,
                v[(int) Math.ceil(0.5 * v.length) - 1] / 1e6,
                v[(int) Math.ceil(0.9 * v.length) - 1] / 1e6,
                v[(int) Math.ceil(0.99 * v.length) - 1] / 1e6,
                Arrays.stream(v).average().orElse(0) / 1e6);
    }
}

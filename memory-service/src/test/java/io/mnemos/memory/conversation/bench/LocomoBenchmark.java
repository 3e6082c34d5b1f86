package io.mnemos.memory.conversation.bench;

import io.mnemos.memory.conversation.ConversationIndex;
import io.mnemos.model.MiniLmEmbedder;
import io.mnemos.search.Fusion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LoCoMo evidence recall of conversation search (all five dev conversations, all methods), printed as a Markdown
 * table.
 *
 * <pre>
 * ./mvnw -q -o -pl memory-service test-compile exec:exec \
 *     -Dbench.main=io.mnemos.memory.conversation.bench.LocomoBenchmark -Dbench.args="[contextTurns] [contextWeight] [alpha] [k1 b]"
 * </pre>
 *
 * <p>Re-scoring experiments on the production candidate lists: {@code -Dbench.jvm="-Xmx2g -XX:+UseSerialGC
 * -Dbench.rerank=nb=0.3;spk=0.1;…"} (one method per spec, see {@link LocomoRerank}); {@code
 * -Dbench.failures=hybrid} writes the questions a method misses to {@code target/bench/locomo-failures.txt}.
 */
public final class LocomoBenchmark {
    public static void main(String[] args) throws Exception {
        Path file = Locomo.file().orElseThrow(() -> new IllegalStateException("../shared/data/locomo is absent"));
        List<Locomo.Conversation> convs = Locomo.load(file);
        int contextTurns = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        ConversationIndex.Settings settings = ConversationIndex.Settings.defaults();
        if (args.length > 1) {
            settings = settings.withContextWeight(Float.parseFloat(args[1]));
        }
        if (args.length > 2) {
            settings = settings.withFusion(Fusion.convex(Double.parseDouble(args[2])));
        }
        if (args.length > 4) {
            settings = settings.withBm25(Float.parseFloat(args[3]), Float.parseFloat(args[4]));
        }
        if (System.getProperty("bench.tie") != null) {
            settings = settings.withTieBreaker(Float.parseFloat(System.getProperty("bench.tie")));
        }
        Path dir = Files.createTempDirectory("locomo-bench");
        // -Dbench.cache=false embeds everything again (to time indexing with the model)
        boolean cache = !"false".equals(System.getProperty("bench.cache"));
        try (MiniLmEmbedder model = new MiniLmEmbedder()) {
            CachedEmbedder cached = new CachedEmbedder(model, Path.of("target/bench/locomo-embeddings.bin"));
            // -Dbench.fusions="convex:0.5:z_score,rrf:60:2:1,…" adds one hybrid method per fusion (same index)
            Map<String, Fusion> extra = new LinkedHashMap<>();
            for (String f : System.getProperty("bench.fusions", "").split(",")) {
                if (!f.isBlank()) {
                    extra.put("hybrid " + f.strip(), parseFusion(f.strip()));
                }
            }
            LocomoEval.Result r = LocomoEval.run(convs, cache ? cached : model, dir, settings, contextTurns, extra);
            if (cache) {
                cached.save();
            }
            System.out.printf(
                    "LoCoMo dev: %d conversations, %d turns, %d observation facts, %d questions; contextTurns=%d,"
                            + " contextWeight=%.2f, tieBreaker=%.2f, fusion %s, BM25 k1=%.2f b=%.2f; indexing %d ms (embedding included), searching %d ms for all"
                            + " methods%n%n",
                    convs.size(),
                    r.turns,
                    r.facts,
                    r.questions,
                    contextTurns,
                    settings.contextWeight(),
                    settings.tieBreaker(),
                    settings.fusion().describe(),
                    settings.bm25K1(),
                    settings.bm25B(),
                    r.indexMillis,
                    r.searchMillis);
            System.out.printf(
                    "hybrid-api-time: %d questions hold a time expression the search API turns into a filter%n%n",
                    r.timeFiltered);
            System.out.println("recall@5 / recall@10 of gold evidence turns (question count per category)\n");
            System.out.println(r.table());
            System.out.println("recall@10 overall, on conversations 0-2 (tuning) and 3-4 (held-out), per category\n");
            System.out.println(r.summary());
        }
    }

    /** {@code convex:<alpha>[:min_max|z_score]} or {@code rrf:<k>[:<lexicalWeight>:<denseWeight>]}. */
    static Fusion parseFusion(String spec) {
        String[] p = spec.split(":");
        return switch (p[0]) {
            case "convex" ->
                Fusion.convex(
                        Double.parseDouble(p[1]),
                        p.length > 2
                                ? Fusion.Normalization.valueOf(p[2].toUpperCase(java.util.Locale.ROOT))
                                : Fusion.Normalization.MIN_MAX);
            case "rrf" ->
                p.length > 3
                        ? Fusion.rrf(Integer.parseInt(p[1]), Double.parseDouble(p[2]), Double.parseDouble(p[3]))
                        : Fusion.rrf(Integer.parseInt(p[1]));
            default -> throw new IllegalArgumentException("unknown fusion " + spec);
        };
    }
}

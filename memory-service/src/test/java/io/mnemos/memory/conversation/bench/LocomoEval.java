package io.mnemos.memory.conversation.bench;

import io.mnemos.memory.conversation.ConversationIndex;
import io.mnemos.memory.conversation.ConversationIndexer;
import io.mnemos.memory.conversation.ConversationStore.IndexRow;
import io.mnemos.memory.conversation.SearchMode;
import io.mnemos.memory.conversation.TurnDocument;
import io.mnemos.memory.conversation.TurnHit;
import io.mnemos.memory.conversation.TurnQuery;
import io.mnemos.model.Embedder;
import io.mnemos.search.Fusion;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Evidence recall of conversation search on LoCoMo: every conversation is one user's memory (both speakers' turns);
 * each question is searched in that user's turns and recall@k = |gold evidence turns in the top k| / |gold evidence|,
 * averaged per category and overall.
 *
 * <p>Methods: {@code recency} (baseline: the last k turns of the conversation), {@code bm25}, {@code dense},
 * {@code hybrid} (the settings' fusion: convex 0.5 by default), {@code hybrid-rrf}, and {@code hybrid+facts}: LoCoMo's
 * per-session observation facts (one-sentence facts written from the dialogue, each naming the turn(s) it comes
 * from) indexed as extra retrieval units of the same user; a fact hit stands for its evidence turns. The profile
 * memory beans are not used here: LoCoMo's observations are free sentences, not attribute/value facts.
 */
public final class LocomoEval {

    public static final List<String> METHODS =
            List.of("recency", "bm25", "dense", "hybrid", "hybrid-rrf", "hybrid+facts", "hybrid-api-time");

    /** recall@5 and @10 sums and counts per method and category (0 = overall). */
    public static final class Result {
        final Map<String, Map<Integer, double[]>> sums = new LinkedHashMap<>(); // {r5, r10, n}
        public long indexMillis;
        public long searchMillis;
        public int turns;
        public int facts;
        public int timeFiltered;
        public int questions;
        /** The same sums for conversations 0–2 ("tune") and 3–4 ("held"), see {@link #summary()}. */
        final Map<String, Result> groups = new LinkedHashMap<>();

        Result group(String name) {
            return groups.computeIfAbsent(name, x -> new Result());
        }

        /**
         * One row per method: recall@10 overall, on conversations 0–2 (tune) and 3–4 (held-out), per category
         * (overall), and recall@5 overall.
         */
        public String summary() {
            StringBuilder sb = new StringBuilder(
                    "| method | R@10 all | R@10 tune (conv 0-2) | R@10 held (conv 3-4) | multi-hop | temporal |"
                            + " open-domain | single-hop | adversarial | R@5 all |\n|---|---|---|---|---|---|---|---|---|---|\n");
            for (String m : sums.keySet()) {
                sb.append(String.format(
                        "| %s | **%.3f** | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |%n",
                        m,
                        recall(m, 0, 10),
                        group("tune").recall(m, 0, 10),
                        group("held").recall(m, 0, 10),
                        recall(m, 1, 10),
                        recall(m, 2, 10),
                        recall(m, 3, 10),
                        recall(m, 4, 10),
                        recall(m, 5, 10),
                        recall(m, 0, 5)));
            }
            return sb.toString();
        }

        void add(String method, int category, double r5, double r10) {
            Map<Integer, double[]> m = sums.computeIfAbsent(method, x -> new TreeMap<>());
            for (int c : new int[] {0, category}) {
                double[] s = m.computeIfAbsent(c, x -> new double[3]);
                s[0] += r5;
                s[1] += r10;
                s[2]++;
            }
        }

        /** Mean recall@k ({@code k} 5 or 10) of a method in a category (0 = all). */
        public double recall(String method, int category, int k) {
            double[] s = sums.get(method).get(category);
            return s == null ? Double.NaN : s[k == 5 ? 0 : 1] / s[2];
        }

        /** Mean recall@k over the categories other than adversarial (5). */
        public double recallNonAdversarial(String method, int k) {
            double sum = 0;
            double n = 0;
            for (var e : sums.get(method).entrySet()) {
                if (e.getKey() != 0 && e.getKey() != 5) {
                    sum += e.getValue()[k == 5 ? 0 : 1];
                    n += e.getValue()[2];
                }
            }
            return sum / n;
        }

        public int count(String method, int category) {
            double[] s = sums.get(method).get(category);
            return s == null ? 0 : (int) s[2];
        }

        /** A Markdown table: one row per method, recall@5 / recall@10 per category and overall. */
        public String table() {
            StringBuilder sb = new StringBuilder("| method |");
            List<Integer> cats = List.of(1, 2, 3, 4, 5);
            for (int c : cats) {
                sb.append(' ')
                        .append(Locomo.CATEGORIES.get(c))
                        .append(" (")
                        .append(count("bm25", c))
                        .append(") |");
            }
            sb.append(" overall (").append(count("bm25", 0)).append(") | overall without adversarial |\n|---|");
            sb.append("---|".repeat(cats.size() + 2)).append('\n');
            for (String m : sums.keySet()) {
                sb.append("| ").append(m).append(" |");
                for (int c : cats) {
                    sb.append(String.format(" %.3f / %.3f |", recall(m, c, 5), recall(m, c, 10)));
                }
                sb.append(String.format(" **%.3f / %.3f** |", recall(m, 0, 5), recall(m, 0, 10)));
                sb.append(String.format(" %.3f / %.3f |%n", recallNonAdversarial(m, 5), recallNonAdversarial(m, 10)));
            }
            return sb.toString();
        }
    }

    private LocomoEval() {}

    /** Indexes the conversations in {@code dir} and evaluates every method. */
    public static Result run(
            List<Locomo.Conversation> conversations,
            Embedder embedder,
            Path dir,
            ConversationIndex.Settings settings,
            int contextTurns) {
        return run(conversations, embedder, dir, settings, contextTurns, Map.of());
    }

    /**
     * As {@link #run(List, Embedder, Path, ConversationIndex.Settings, int)}, plus one extra hybrid method per entry of
     * {@code extraFusions} (method name → fusion), to compare fusions on one index in one run.
     */
    public static Result run(
            List<Locomo.Conversation> conversations,
            Embedder embedder,
            Path dir,
            ConversationIndex.Settings settings,
            int contextTurns,
            Map<String, Fusion> extraFusions) {
        Result r = new Result();
        String tenant = "locomo";
        try (ConversationIndex index = new ConversationIndex(dir, settings)) {
            long t0 = System.nanoTime();
            for (Locomo.Conversation c : conversations) {
                String user = c.sampleId();
                for (Locomo.Session s : c.sessions()) {
                    UUID sid = UUID.nameUUIDFromBytes((user + "/" + s.id()).getBytes());
                    List<IndexRow> rows = new ArrayList<>();
                    long seq = 1;
                    for (Locomo.Turn t : s.turns()) {
                        rows.add(new IndexRow(
                                UUID.nameUUIDFromBytes((sid + "/" + t.id()).getBytes()),
                                t.id(),
                                sid,
                                s.id(),
                                user,
                                seq++,
                                t.speaker(),
                                t.text(),
                                s.startedAt()));
                    }
                    List<float[]> vectors = embedder.embedAll(denseTexts(rows));
                    index.index(tenant, ConversationIndexer.documents(rows, vectors, contextTurns));
                    r.turns += rows.size();
                }
                // observation facts: a second "user" holding one unit per fact; its turn id is the fact's index
                List<Locomo.Fact> facts = c.facts();
                List<float[]> fv = embedder.embedAll(facts.stream()
                        .map(f -> TurnDocument.embeddingText(f.speaker(), f.text()))
                        .toList());
                List<TurnDocument> docs = new ArrayList<>();
                UUID factSession = UUID.nameUUIDFromBytes((user + "/facts").getBytes());
                for (int i = 0; i < facts.size(); i++) {
                    Locomo.Fact f = facts.get(i);
                    docs.add(new TurnDocument(
                            UUID.nameUUIDFromBytes((user + "/fact/" + i).getBytes()),
                            Integer.toString(i),
                            factSession,
                            f.session(),
                            user + "#facts",
                            i,
                            f.speaker(),
                            f.text(),
                            c.sessions().getFirst().startedAt(),
                            f.text(),
                            fv.get(i)));
                }
                index.index(tenant, docs);
                r.facts += facts.size();
            }
            r.indexMillis = (System.nanoTime() - t0) / 1_000_000;

            long t1 = System.nanoTime();
            List<LocomoRerank.Spec> specs = LocomoRerank.specs();
            String failures = System.getProperty("bench.failures", "");
            StringBuilder dump = new StringBuilder();
            int mismatches = 0;
            boolean ltr = Boolean.getBoolean("bench.ltr");
            List<LtrItem> ltrData = new ArrayList<>();
            for (int ci = 0; ci < conversations.size(); ci++) {
                Locomo.Conversation c = conversations.get(ci);
                String group = ci < 3 ? "tune" : "held";
                String user = c.sampleId();
                LocomoRerank.Conv conv = specs.isEmpty() && failures.isBlank() && !ltr
                        ? null
                        : new LocomoRerank.Conv(c, embedder::embed);
                List<String> recent = c.turns().stream().map(Locomo.Turn::id).toList();
                for (Locomo.Question q : c.questions()) {
                    r.questions++;
                    float[] qv = embedder.embed(q.question());
                    Map<String, List<String>> ranked = new LinkedHashMap<>();
                    ranked.put(
                            "recency",
                            recent.subList(Math.max(0, recent.size() - 10), recent.size())
                                    .reversed());
                    ranked.put("bm25", ids(index.search(tenant, query(user, q, SearchMode.BM25), qv)));
                    ranked.put("dense", ids(index.search(tenant, query(user, q, SearchMode.DENSE), qv)));
                    List<TurnHit> hybrid =
                            index.search(tenant, query(user, q, SearchMode.HYBRID), qv, settings.fusion());
                    ranked.put("hybrid", ids(hybrid));
                    ranked.put(
                            "hybrid-rrf",
                            ids(index.search(tenant, query(user, q, SearchMode.HYBRID), qv, Fusion.rrf(60))));
                    List<TurnHit> factHits = index.search(
                            tenant,
                            new TurnQuery(user + "#facts", q.question(), 10, SearchMode.HYBRID, null, null),
                            qv,
                            settings.fusion());
                    ranked.put("hybrid+facts", withFacts(hybrid, factHits, c.facts()));
                    String boost = System.getProperty("bench.factBoost", "");
                    if (!boost.isBlank()) {
                        List<TurnHit> deep = index.search(
                                tenant,
                                new TurnQuery(user, q.question(), 50, SearchMode.HYBRID, null, null),
                                qv,
                                settings.fusion());
                        for (String w : boost.split(",")) {
                            ranked.put("facts boost " + w, factBoost(deep, factHits, c.facts(), Double.parseDouble(w)));
                        }
                    }
                    // as the search API does: a time expression in the question becomes a filter (now = a day after
                    // the conversation's last session, when the questions could have been asked)
                    Instant askedAt = c.sessions().getLast().startedAt().plus(java.time.Duration.ofDays(1));
                    var parsed = io.mnemos.memory.search.TimeExpressions.parse(
                            q.question(), askedAt.atZone(java.time.ZoneOffset.UTC));
                    if (parsed.range().isPresent()) {
                        var range = parsed.range().get();
                        r.timeFiltered++;
                        ranked.put(
                                "hybrid-api-time",
                                ids(index.search(
                                        tenant,
                                        new TurnQuery(
                                                user, parsed.text(), 10, SearchMode.HYBRID, range.from(), range.to()),
                                        embedder.embed(parsed.text()),
                                        settings.fusion())));
                    } else {
                        ranked.put("hybrid-api-time", ids(hybrid));
                    }
                    String diverse = System.getProperty("bench.diverse", "");
                    if (!diverse.isBlank()) {
                        List<TurnHit> deep = index.search(
                                tenant,
                                new TurnQuery(user, q.question(), 50, SearchMode.HYBRID, null, null),
                                qv,
                                settings.fusion());
                        for (String spec : diverse.split(",")) {
                            String[] p = spec.strip().split(":");
                            ranked.put(
                                    "hybrid diverse " + spec.strip(),
                                    diversify(ids(deep), Integer.parseInt(p[0]), Integer.parseInt(p[1]), 10));
                        }
                    }
                    if (conv != null) {
                        List<TurnHit> bmDeep = index.search(
                                tenant, new TurnQuery(user, q.question(), 100, SearchMode.BM25, null, null), qv);
                        List<TurnHit> dnDeep = index.search(
                                tenant, new TurnQuery(user, q.question(), 100, SearchMode.DENSE, null, null), qv);
                        LocomoRerank.Query rq = new LocomoRerank.Query(
                                conv,
                                q.question(),
                                qv,
                                bmDeep,
                                dnDeep,
                                v -> index.search(
                                        tenant, new TurnQuery(user, "x", 100, SearchMode.DENSE, null, null), v),
                                t -> index.search(
                                        tenant, new TurnQuery(user, t, 100, SearchMode.BM25, null, null), null));
                        // sanity: the bench's own fusion reproduces the index's hybrid top 10
                        if (!LocomoRerank.rank(LocomoRerank.Spec.parse(""), rq).equals(ranked.get("hybrid"))) {
                            mismatches++;
                        }
                        // ceiling of any re-ranking of these candidates: gold turns in either top 100 first
                        List<String> ceiling = new ArrayList<>();
                        for (String g : q.evidence()) {
                            if (ids(bmDeep).contains(g) || ids(dnDeep).contains(g)) {
                                ceiling.add(g);
                            }
                        }
                        ranked.put("ceiling: gold in bm25 or dense top 100", ceiling);
                        if (ltr) {
                            ltrData.add(new LtrItem(
                                    group,
                                    q,
                                    LocomoRerank.features(rq, Integer.getInteger("bench.ltrDepth", 50)),
                                    conv));
                        }
                        for (LocomoRerank.Spec sp : specs) {
                            ranked.put(sp.name(), LocomoRerank.rank(sp, rq));
                        }
                        if (!failures.isBlank() && ranked.containsKey(failures)) {
                            dumpFailure(dump, c.sampleId(), q, ranked.get(failures), bmDeep, dnDeep, conv);
                        }
                    }
                    for (var f : extraFusions.entrySet()) {
                        ranked.put(
                                f.getKey(),
                                ids(index.search(tenant, query(user, q, SearchMode.HYBRID), qv, f.getValue())));
                    }
                    for (var e : ranked.entrySet()) {
                        double r5 = recall(q.evidence(), e.getValue(), 5);
                        double r10 = recall(q.evidence(), e.getValue(), 10);
                        r.add(e.getKey(), q.category(), r5, r10);
                        r.group(group).add(e.getKey(), q.category(), r5, r10);
                    }
                }
            }
            r.searchMillis = (System.nanoTime() - t1) / 1_000_000;
            if (ltr) {
                evaluateLtr(r, ltrData);
                evaluateBoost(r, ltrData);
            }
            if (!specs.isEmpty() || !failures.isBlank()) {
                System.out.println("rerank sanity: bench fusion differs from the index's hybrid top 10 on " + mismatches
                        + " questions");
            }
            if (!failures.isBlank()) {
                try {
                    java.nio.file.Files.createDirectories(Path.of("target/bench"));
                    java.nio.file.Files.writeString(Path.of("target/bench/locomo-failures.txt"), dump);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
        return r;
    }

    /**
     * What is embedded per turn: the production text ({@code speaker: text}), or with {@code -Dbench.denseContext=N}
     * the N previous turns of the session before it (an experiment: dense over turn + context).
     */
    static List<String> denseTexts(List<IndexRow> rows) {
        int before = Integer.getInteger("bench.denseContext", 0);
        List<String> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            StringBuilder sb = new StringBuilder();
            for (int j = Math.max(0, i - before); j < i; j++) {
                sb.append(TurnDocument.embeddingText(
                                rows.get(j).speaker(), rows.get(j).text()))
                        .append('\n');
            }
            out.add(sb.append(TurnDocument.embeddingText(
                            rows.get(i).speaker(), rows.get(i).text()))
                    .toString());
        }
        return out;
    }

    /**
     * Experiment: greedy top-{@code k} from a deeper ranking, skipping a turn when {@code max} already chosen turns of
     * its session lie within {@code window} turns of it (LoCoMo ids {@code D<session>:<index>}): the context field
     * makes neighbours score alike, and a cluster of them can crowd out evidence from other sessions.
     */
    static List<String> diversify(List<String> ranked, int window, int max, int k) {
        List<String> out = new ArrayList<>();
        for (String id : ranked) {
            if (out.size() == k) {
                break;
            }
            String[] a = id.split(":");
            long near = out.stream()
                    .map(x -> x.split(":"))
                    .filter(b ->
                            b[0].equals(a[0]) && Math.abs(Integer.parseInt(b[1]) - Integer.parseInt(a[1])) <= window)
                    .count();
            if (near < max) {
                out.add(id);
            }
        }
        return out;
    }

    /**
     * Experiment aid ({@code -Dbench.failures=<method>}): writes each question whose gold evidence is not all in the
     * method's top 10 to {@code target/bench/locomo-failures.txt}, with the gold turns' ranks in the BM25 and dense
     * top 100 and the top 10 turns.
     */
    static void dumpFailure(
            StringBuilder out,
            String sample,
            Locomo.Question q,
            List<String> top,
            List<TurnHit> bm,
            List<TurnHit> dn,
            LocomoRerank.Conv conv) {
        if (recall(q.evidence(), top, 10) >= 1) {
            return;
        }
        List<String> bmIds = ids(bm);
        List<String> dnIds = ids(dn);
        out.append(String.format("### %s cat=%s  Q: %s%n", sample, Locomo.CATEGORIES.get(q.category()), q.question()));
        for (String g : q.evidence()) {
            List<String> top10 = top.subList(0, Math.min(10, top.size()));
            String near = "";
            for (String t : top10) {
                if (conv.sessionOf.get(t).equals(conv.sessionOf.get(g))) {
                    int d = conv.indexOf.get(g) - conv.indexOf.get(t);
                    if (Math.abs(d) <= 2 && d != 0) {
                        near = " NEAR(" + (d > 0 ? "+" : "") + d + " of #" + (top10.indexOf(t) + 1) + ")";
                        break;
                    }
                }
            }
            out.append(String.format(
                    "  GOLD %s %s bm25#%d dense#%d fused#%d%s | %s: %s%n",
                    g,
                    top.contains(g) && top.indexOf(g) < 10 ? "HIT " : "MISS",
                    bmIds.indexOf(g) + 1,
                    dnIds.indexOf(g) + 1,
                    top.indexOf(g) + 1,
                    near,
                    conv.speakerOf.get(g),
                    abbreviate(conv.textOf.get(g), 220)));
        }
        for (int i = 0; i < Math.min(10, top.size()); i++) {
            String t = top.get(i);
            out.append(String.format(
                    "  %2d %s %s: %s%n", i + 1, t, conv.speakerOf.get(t), abbreviate(conv.textOf.get(t), 110)));
        }
    }

    private static String abbreviate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n) + "…";
    }

    private static TurnQuery query(String user, Locomo.Question q, SearchMode mode) {
        return new TurnQuery(user, q.question(), 10, mode, null, null);
    }

    private static List<String> ids(List<TurnHit> hits) {
        return hits.stream().map(TurnHit::publicTurnId).toList();
    }

    /**
     * Merges turn hits and fact hits (both hybrid convex scores in [0, 1]) by score; a fact stands for its evidence
     * turns; duplicates keep their best position.
     */
    /** Experiment: each fact hit adds {@code w ×} its score to the turns it cites (instead of taking ranks itself). */
    static List<String> factBoost(List<TurnHit> turns, List<TurnHit> facts, List<Locomo.Fact> all, double w) {
        Map<String, Double> score = new LinkedHashMap<>();
        for (TurnHit h : turns) {
            score.put(h.publicTurnId(), h.score());
        }
        Map<String, Double> bonus = new java.util.HashMap<>();
        for (TurnHit h : facts) {
            for (String t : all.get(Integer.parseInt(h.publicTurnId())).evidence()) {
                bonus.merge(t, h.score(), Math::max);
            }
        }
        bonus.forEach((t, b) -> score.merge(t, w * b, Double::sum));
        return score.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(Map.Entry::getKey)
                .toList();
    }

    static List<String> withFacts(List<TurnHit> turns, List<TurnHit> facts, List<Locomo.Fact> all) {
        record Item(List<String> turnIds, double score, int order) {}
        List<Item> items = new ArrayList<>();
        int order = 0;
        for (TurnHit h : turns) {
            items.add(new Item(List.of(h.publicTurnId()), h.score(), order++));
        }
        for (TurnHit h : facts) {
            items.add(new Item(all.get(Integer.parseInt(h.publicTurnId())).evidence(), h.score(), order++));
        }
        items.sort((a, b) -> a.score() != b.score() ? Double.compare(b.score(), a.score()) : a.order() - b.order());
        Set<String> out = new LinkedHashSet<>();
        for (Item i : items) {
            out.addAll(i.turnIds());
        }
        return new ArrayList<>(out);
    }

    record LtrItem(String group, Locomo.Question q, LocomoRerank.Candidates c, LocomoRerank.Conv conv) {}

    /**
     * Experiment ({@code -Dbench.ltr=true}): a logistic-regression re-ranker over {@link LocomoRerank#FEATURES} of the
     * top-50 fused candidates, trained on the questions of conversations 0–2 only, applied to all (so the held-out
     * column, conversations 3–4, is unseen by the training). Prints the weights.
     */
    static void evaluateLtr(Result r, List<LtrItem> items) {
        for (String spec : System.getProperty("bench.ltrParams", "0.01:300:0.5").split(",")) {
            String[] p = spec.split(":");
            double l2 = Double.parseDouble(p[0]);
            int epochs = Integer.parseInt(p[1]);
            double lr = Double.parseDouble(p[2]);
            // trained on conversations 0-2, applied to all: the "held" column is unseen by the training
            double[][] model = fit(items, "tune", l2, epochs, lr);
            String name = "ltr l2=" + p[0] + " epochs=" + p[1] + " lr=" + p[2];
            StringBuilder w = new StringBuilder(name + " weights (standardised):");
            for (int j = 0; j < LocomoRerank.FEATURES.size(); j++) {
                w.append(String.format(" %s=%.3f", LocomoRerank.FEATURES.get(j), model[2][j]));
            }
            System.out.println(w.append(String.format(" bias=%.3f", model[2][LocomoRerank.FEATURES.size()])));
            // 2-fold cross-validation: every question ranked by the model trained on the other fold
            double[][] heldModel = fit(items, "held", l2, epochs, lr);
            for (LtrItem it : items) {
                addLtr(r, name, it, model);
                addLtr(r, "ltr 2-fold " + spec, it, it.group().equals("tune") ? heldModel : model);
                // soft session diversity on the learned scores (logit units)
                for (String lambda : System.getProperty("bench.ltrDiv", "").split(",")) {
                    if (!lambda.isBlank()) {
                        List<String> top = LocomoRerank.diverse(
                                LocomoRerank.logits(it.c(), model), it.conv(), Double.parseDouble(lambda), 2, 10);
                        double r5 = recall(it.q().evidence(), top, 5);
                        double r10 = recall(it.q().evidence(), top, 10);
                        r.add(name + " div " + lambda, it.q().category(), r5, r10);
                        r.group(it.group()).add(name + " div " + lambda, it.q().category(), r5, r10);
                    }
                }
            }
        }
    }

    /** Gradient-boosted ranker ({@code -Dbench.ltrBoost=rounds:shrinkage,…}), trained per fold as the linear ones. */
    static void evaluateBoost(Result r, List<LtrItem> items) {
        for (String spec : System.getProperty("bench.ltrBoost", "").split(",")) {
            if (spec.isBlank()) {
                continue;
            }
            String[] p = spec.split(":");
            LocomoBoost onTune = boost(items, "tune", Integer.parseInt(p[0]), Double.parseDouble(p[1]));
            LocomoBoost onHeld = boost(items, "held", Integer.parseInt(p[0]), Double.parseDouble(p[1]));
            for (LtrItem it : items) {
                for (String mode : List.of("boost " + spec, "boost 2-fold " + spec)) {
                    LocomoBoost m =
                            mode.startsWith("boost 2-fold") && it.group().equals("tune") ? onHeld : onTune;
                    Map<String, Double> s = new LinkedHashMap<>();
                    for (int i = 0; i < it.c().ids().size(); i++) {
                        s.put(it.c().ids().get(i), m.score(it.c().x()[i]));
                    }
                    List<String> top = LocomoRerank.top(s, 10);
                    double r5 = recall(it.q().evidence(), top, 5);
                    double r10 = recall(it.q().evidence(), top, 10);
                    r.add(mode, it.q().category(), r5, r10);
                    r.group(it.group()).add(mode, it.q().category(), r5, r10);
                }
            }
        }
    }

    private static LocomoBoost boost(List<LtrItem> items, String group, int rounds, double shrinkage) {
        List<double[][]> groups = new ArrayList<>();
        List<boolean[]> labels = new ArrayList<>();
        for (LtrItem it : items) {
            if (it.group().equals(group)) {
                groups.add(it.c().x());
                boolean[] y = new boolean[it.c().ids().size()];
                for (int i = 0; i < y.length; i++) {
                    y[i] = it.q().evidence().contains(it.c().ids().get(i));
                }
                labels.add(y);
            }
        }
        return LocomoBoost.train(groups, labels, rounds, shrinkage);
    }

    private static double[][] fit(List<LtrItem> items, String group, double l2, int epochs, double lr) {
        if (Boolean.getBoolean("bench.ltrPairwise")) {
            List<List<double[]>> pos = new ArrayList<>();
            List<List<double[]>> neg = new ArrayList<>();
            for (LtrItem it : items) {
                if (it.group().equals(group)) {
                    List<double[]> p = new ArrayList<>();
                    List<double[]> n = new ArrayList<>();
                    for (int i = 0; i < it.c().ids().size(); i++) {
                        (it.q().evidence().contains(it.c().ids().get(i)) ? p : n)
                                .add(it.c().x()[i]);
                    }
                    pos.add(p);
                    neg.add(n);
                }
            }
            return LocomoRerank.trainPairwise(pos, neg, l2, epochs, lr);
        }
        List<double[]> xs = new ArrayList<>();
        List<Boolean> ys = new ArrayList<>();
        for (LtrItem it : items) {
            if (it.group().equals(group)) {
                for (int i = 0; i < it.c().ids().size(); i++) {
                    xs.add(it.c().x()[i]);
                    ys.add(it.q().evidence().contains(it.c().ids().get(i)));
                }
            }
        }
        return LocomoRerank.train(xs, ys, l2, epochs, lr);
    }

    private static void addLtr(Result r, String name, LtrItem it, double[][] model) {
        List<String> top = LocomoRerank.score(it.c(), model);
        double r5 = recall(it.q().evidence(), top, 5);
        double r10 = recall(it.q().evidence(), top, 10);
        r.add(name, it.q().category(), r5, r10);
        r.group(it.group()).add(name, it.q().category(), r5, r10);
    }

    static double recall(List<String> gold, List<String> ranked, int k) {
        Set<String> top = new HashSet<>(ranked.subList(0, Math.min(k, ranked.size())));
        long found = gold.stream().filter(top::contains).count();
        return (double) found / gold.size();
    }
}

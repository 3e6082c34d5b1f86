package io.mnemos.memory.conversation.bench;

import io.mnemos.memory.conversation.TurnHit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Experiments on top of the production candidate lists (benchmarks only, {@code -Dbench.rerank=spec;spec;…}): the
 * BM25 and dense top-100 of {@code ConversationIndex} are fused here again (convex, min-max, as the index does), then
 * re-scored. A spec is {@code key=value,…} with keys
 *
 * <ul>
 *   <li>{@code alpha} dense weight of the convex fusion (0.3);
 *   <li>{@code nb}, {@code nbw}, {@code nbmode}, {@code nbdir}: neighbour promotion, every turn gets {@code nb ·
 *       agg(s(n) / distance)} over the turns {@code n} of its session within {@code nbw} (1) turns, agg {@code max}
 *       (default) or {@code sum}, direction {@code both} (default), {@code prev} (the turn before: the hit is a reply)
 *       or {@code next};
 *   <li>{@code spk}: when the question names exactly one of the conversation's speakers, that speaker's turns get
 *       their fused score times {@code 1 + spk};
 *   <li>{@code roc}, {@code rocm}: dense pseudo-relevance feedback (Rocchio): the query vector plus {@code roc} times
 *       the mean vector of the top {@code rocm} (5) fused turns, searched again and fused with BM25;
 *   <li>{@code rm}, {@code rmm}, {@code rmt}: BM25 expansion: the {@code rmt} (10) best terms (score-weighted tf ·
 *       idf) of the top {@code rmm} (5) fused turns are searched as a second BM25 query; the lexical score is {@code
 *       (orig + rm · expansion) / (1 + rm)} (each min-max normalised);
 *   <li>{@code nbcand}: neighbour promotion among the candidates only (no turn outside both top-100 lists enters);
 *   <li>{@code date}, {@code datewin}: when the question names an absolute day or month, the turns of sessions held
 *       from a day before it to {@code datewin} (10) days after it get their score times {@code 1 + date};
 *   <li>{@code div}, {@code divw}: soft session diversity, see {@link #diverse};
 *   <li>{@code noname}: the BM25 query without the speakers' names (the dense query keeps them);
 *   <li>{@code qpen}: turns that end with a question mark (they ask rather than tell) get their score times {@code 1 -
 *       qpen};
 *   <li>{@code lp}: turns shorter than 50 characters get their score times {@code 1 - lp};
 *   <li>{@code depth}: candidates per list used (100, the index's depth; at most 100);
 *   <li>{@code ms}, {@code msw}, …: late-interaction (MaxSim) re-ranking of the top {@code ms}, last, see {@link
 *       LocomoMaxSim}.
 * </ul>
 */
final class LocomoRerank {

    /** What the variants need of one conversation. */
    static final class Conv {
        final Map<String, String> speakerOf = new HashMap<>();
        final Map<String, String> textOf = new HashMap<>();
        final Map<String, String> sessionOf = new HashMap<>();
        final Map<String, Integer> indexOf = new HashMap<>();
        final Map<String, List<String>> sessionTurns = new LinkedHashMap<>();
        final Map<String, java.time.LocalDate> sessionDate = new HashMap<>();
        final Map<String, float[]> vectors = new HashMap<>();
        final Map<String, Integer> df = new HashMap<>();
        final Map<String, List<String>> stems = new HashMap<>();
        final List<Pattern> speakerPatterns = new ArrayList<>();
        final List<String> speakers = new ArrayList<>();
        int docs;

        Conv(Locomo.Conversation c, Function<String, float[]> embed) {
            for (Locomo.Session s : c.sessions()) {
                List<String> ids = new ArrayList<>();
                for (Locomo.Turn t : s.turns()) {
                    speakerOf.put(t.id(), t.speaker());
                    textOf.put(t.id(), t.text());
                    sessionOf.put(t.id(), s.id());
                    indexOf.put(t.id(), ids.size());
                    ids.add(t.id());
                    if (!speakers.contains(t.speaker())) {
                        speakers.add(t.speaker());
                        speakerPatterns.add(
                                Pattern.compile("\\b" + Pattern.quote(t.speaker()) + "\\b", Pattern.CASE_INSENSITIVE));
                    }
                }
                sessionTurns.put(s.id(), ids);
                sessionDate.put(
                        s.id(), s.startedAt().atZone(java.time.ZoneOffset.UTC).toLocalDate());
            }
            for (Locomo.Turn t : c.turns()) {
                vectors.put(
                        t.id(),
                        embed.apply(io.mnemos.memory.conversation.TurnDocument.embeddingText(t.speaker(), t.text())));
                List<String> st = stems(t.text());
                stems.put(t.id(), st);
                for (String x : new HashSet<>(st)) {
                    df.merge(x, 1, Integer::sum);
                }
                docs++;
            }
        }

        /** BM25 (k1 0.9, b 0.4) of the query stems over the turn's own text. */
        double bm25(Set<String> query, String id) {
            if (avgLength == 0) {
                long sum = 0;
                for (List<String> st : stems.values()) {
                    sum += st.size();
                }
                avgLength = (double) sum / Math.max(1, stems.size());
            }
            List<String> st = stems.get(id);
            Map<String, Integer> tf = new HashMap<>();
            for (String t : st) {
                tf.merge(t, 1, Integer::sum);
            }
            double score = 0;
            for (String t : query) {
                Integer f = tf.get(t);
                if (f != null) {
                    score += idf(t) * f * 1.9 / (f + 0.9 * (1 - 0.4 + 0.4 * st.size() / avgLength));
                }
            }
            return score;
        }

        double avgLength;

        double idf(String stem) {
            int n = df.getOrDefault(stem, 0);
            return Math.log(1 + (docs - n + 0.5) / (n + 0.5));
        }

        /** Turns of the same session within {@code w} of {@code id}, with their signed distance. */
        List<Map.Entry<String, Integer>> neighbours(String id, int w) {
            List<String> ids = sessionTurns.get(sessionOf.get(id));
            int i = indexOf.get(id);
            List<Map.Entry<String, Integer>> out = new ArrayList<>();
            for (int j = Math.max(0, i - w); j <= Math.min(ids.size() - 1, i + w); j++) {
                if (j != i) {
                    out.add(Map.entry(ids.get(j), j - i));
                }
            }
            return out;
        }

        /** Speakers the question names. */
        List<String> named(String question) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < speakers.size(); i++) {
                if (speakerPatterns.get(i).matcher(question).find()) {
                    out.add(speakers.get(i));
                }
            }
            return out;
        }
    }

    /** One question's production candidate lists and a way to search again. */
    record Query(
            Conv conv,
            String question,
            float[] vector,
            List<TurnHit> bm25,
            List<TurnHit> dense,
            Function<float[], List<TurnHit>> denseSearch,
            Function<String, List<TurnHit>> bm25Search) {}

    record Spec(
            String name,
            double alpha,
            double nb,
            int nbw,
            String nbmode,
            String nbdir,
            double spk,
            double roc,
            int rocm,
            double rm,
            int rmm,
            int rmt,
            int depth,
            boolean nbcand,
            double date,
            int dateAfter,
            double div,
            int divw,
            boolean noname,
            double qpen,
            double lp,
            LocomoMaxSim.Params ms) {
        static Spec parse(String s) {
            Map<String, String> kv = new HashMap<>();
            for (String p : s.split(",")) {
                if (!p.isBlank()) {
                    String[] a = p.strip().split("=", 2);
                    kv.put(a[0], a.length > 1 ? a[1] : "");
                }
            }
            return new Spec(
                    "rr " + s.strip(),
                    Double.parseDouble(kv.getOrDefault("alpha", "0.3")),
                    Double.parseDouble(kv.getOrDefault("nb", "0")),
                    Integer.parseInt(kv.getOrDefault("nbw", "1")),
                    kv.getOrDefault("nbmode", "max"),
                    kv.getOrDefault("nbdir", "both"),
                    Double.parseDouble(kv.getOrDefault("spk", "0")),
                    Double.parseDouble(kv.getOrDefault("roc", "0")),
                    Integer.parseInt(kv.getOrDefault("rocm", "5")),
                    Double.parseDouble(kv.getOrDefault("rm", "0")),
                    Integer.parseInt(kv.getOrDefault("rmm", "5")),
                    Integer.parseInt(kv.getOrDefault("rmt", "10")),
                    Integer.parseInt(kv.getOrDefault("depth", "100")),
                    kv.containsKey("nbcand"),
                    Double.parseDouble(kv.getOrDefault("date", "0")),
                    Integer.parseInt(kv.getOrDefault("datewin", "10")),
                    Double.parseDouble(kv.getOrDefault("div", "0")),
                    Integer.parseInt(kv.getOrDefault("divw", "2")),
                    kv.containsKey("noname"),
                    Double.parseDouble(kv.getOrDefault("qpen", "0")),
                    Double.parseDouble(kv.getOrDefault("lp", "0")),
                    LocomoMaxSim.Params.parse(kv));
        }
    }

    private LocomoRerank() {}

    static List<Spec> specs() {
        String p = System.getProperty("bench.rerank", "");
        List<Spec> out = new ArrayList<>();
        for (String s : p.split(";")) {
            if (!s.isBlank()) {
                out.add(Spec.parse(s));
            }
        }
        return out;
    }

    /** The ranked turn ids of a spec (at least the top 10). */
    static List<String> rank(Spec spec, Query q) {
        List<TurnHit> bm = q.bm25().subList(0, Math.min(spec.depth(), q.bm25().size()));
        if (spec.noname()) {
            String stripped = q.question();
            for (Pattern p : q.conv().speakerPatterns) {
                stripped = p.matcher(stripped).replaceAll(" ");
            }
            List<TurnHit> l = q.bm25Search().apply(stripped);
            if (!l.isEmpty()) {
                bm = l.subList(0, Math.min(spec.depth(), l.size()));
            }
        }
        List<TurnHit> dn = q.dense().subList(0, Math.min(spec.depth(), q.dense().size()));
        Map<String, Double> base = fuse(norm(bm), norm(dn), spec.alpha());
        Map<String, Double> lex = norm(bm);
        Map<String, Double> dense = norm(dn);
        if (spec.roc() > 0) {
            List<String> top = top(base, spec.rocm());
            float[] v = q.vector().clone();
            for (String id : top) {
                float[] d = q.conv().vectors.get(id);
                for (int i = 0; i < v.length; i++) {
                    v[i] += (float) (spec.roc() * d[i] / top.size());
                }
            }
            dense = norm(q.denseSearch().apply(unit(v)));
        }
        if (spec.rm() > 0) {
            String exp = expansion(q, base, spec.rmm(), spec.rmt());
            if (!exp.isBlank()) {
                Map<String, Double> e = norm(q.bm25Search().apply(exp));
                Map<String, Double> merged = new LinkedHashMap<>();
                for (String id : lex.keySet()) {
                    merged.put(id, lex.get(id) / (1 + spec.rm()));
                }
                for (var en : e.entrySet()) {
                    merged.merge(en.getKey(), spec.rm() * en.getValue() / (1 + spec.rm()), Double::sum);
                }
                lex = merged;
            }
        }
        Map<String, Double> s = (spec.roc() > 0 || spec.rm() > 0) ? fuse(lex, dense, spec.alpha()) : base;
        if (spec.spk() > 0) {
            List<String> named = q.conv().named(q.question());
            if (named.size() == 1) {
                for (var e : s.entrySet()) {
                    if (named.getFirst().equals(q.conv().speakerOf.get(e.getKey()))) {
                        e.setValue(e.getValue() * (1 + spec.spk()));
                    }
                }
            }
        }
        if (spec.date() > 0) {
            DateRange r = DateRange.of(q.question());
            if (r != null) {
                for (var e : s.entrySet()) {
                    java.time.LocalDate d =
                            q.conv().sessionDate.get(q.conv().sessionOf.get(e.getKey()));
                    if (!d.isBefore(r.from().minusDays(1)) && !d.isAfter(r.to().plusDays(spec.dateAfter()))) {
                        e.setValue(e.getValue() * (1 + spec.date()));
                    }
                }
            }
        }
        if (spec.qpen() > 0) {
            for (var e : s.entrySet()) {
                if (q.conv().textOf.get(e.getKey()).strip().endsWith("?")) {
                    e.setValue(e.getValue() * (1 - spec.qpen()));
                }
            }
        }
        if (spec.lp() > 0) {
            for (var e : s.entrySet()) {
                if (q.conv().textOf.get(e.getKey()).length() < 50) {
                    e.setValue(e.getValue() * (1 - spec.lp()));
                }
            }
        }
        if (spec.nb() > 0) {
            Map<String, Double> promoted = new LinkedHashMap<>(s);
            Set<String> all = new HashSet<>(s.keySet());
            for (String id : spec.nbcand() ? List.<String>of() : s.keySet()) {
                for (var n : q.conv().neighbours(id, spec.nbw())) {
                    all.add(n.getKey());
                }
            }
            for (String id : all) {
                double agg = 0;
                for (var n : q.conv().neighbours(id, spec.nbw())) {
                    int dist = n.getValue();
                    // prev: the neighbour is before this turn (this turn is the reply to a hit)
                    if (spec.nbdir().equals("prev") && dist > 0 || spec.nbdir().equals("next") && dist < 0) {
                        continue;
                    }
                    double v = s.getOrDefault(n.getKey(), 0.0) / Math.abs(dist);
                    agg = spec.nbmode().equals("sum") ? agg + v : Math.max(agg, v);
                }
                promoted.merge(id, spec.nb() * agg, Double::sum);
            }
            s = promoted;
        }
        if (spec.ms() != null) {
            return LocomoMaxSim.rerank(spec.ms(), q, s);
        }
        if (spec.div() > 0) {
            return diverse(s, q.conv(), spec.div(), spec.divw(), 10);
        }
        return top(s, 10);
    }

    /**
     * Soft session diversity (MMR-like): greedily picks the turn with the best score minus {@code lambda} times the
     * number of already picked turns of its session within {@code w} turns.
     */
    static List<String> diverse(Map<String, Double> s, Conv conv, double lambda, int w, int k) {
        List<String> pool = top(s, 100);
        List<String> out = new ArrayList<>();
        while (out.size() < k && !pool.isEmpty()) {
            String best = null;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (String id : pool) {
                int near = 0;
                for (String o : out) {
                    if (conv.sessionOf.get(o).equals(conv.sessionOf.get(id))
                            && Math.abs(conv.indexOf.get(o) - conv.indexOf.get(id)) <= w) {
                        near++;
                    }
                }
                double v = s.get(id) - lambda * near;
                if (v > bestScore) {
                    bestScore = v;
                    best = id;
                }
            }
            out.add(best);
            pool.remove(best);
        }
        return out;
    }

    /** An absolute date the question names ({@code October 13, 2023}, {@code 1 February, 2023}, {@code May 2023}). */
    record DateRange(java.time.LocalDate from, java.time.LocalDate to) {
        private static final String MONTHS =
                "(January|February|March|April|May|June|July|August|September|October|November|December)";
        private static final Pattern DAY_FIRST =
                Pattern.compile("\\b(\\d{1,2}) " + MONTHS + ",? (\\d{4})\\b", Pattern.CASE_INSENSITIVE);
        private static final Pattern MONTH_FIRST =
                Pattern.compile("\\b" + MONTHS + " (\\d{1,2}),? (\\d{4})\\b", Pattern.CASE_INSENSITIVE);
        private static final Pattern MONTH_YEAR =
                Pattern.compile("\\b" + MONTHS + ",? (\\d{4})\\b", Pattern.CASE_INSENSITIVE);

        static int month(String name) {
            return java.time.Month.valueOf(name.toUpperCase(Locale.ROOT)).getValue();
        }

        static DateRange of(String q) {
            java.util.regex.Matcher m = DAY_FIRST.matcher(q);
            if (m.find()) {
                var d = java.time.LocalDate.of(
                        Integer.parseInt(m.group(3)), month(m.group(2)), Integer.parseInt(m.group(1)));
                return new DateRange(d, d);
            }
            m = MONTH_FIRST.matcher(q);
            if (m.find()) {
                var d = java.time.LocalDate.of(
                        Integer.parseInt(m.group(3)), month(m.group(1)), Integer.parseInt(m.group(2)));
                return new DateRange(d, d);
            }
            m = MONTH_YEAR.matcher(q);
            if (m.find()) {
                var d = java.time.LocalDate.of(Integer.parseInt(m.group(2)), month(m.group(1)), 1);
                return new DateRange(d, d.plusMonths(1).minusDays(1));
            }
            return null;
        }
    }

    /** Feature names of {@link #features}. */
    static final List<String> FEATURES = List.of(
            "fused",
            "lexical",
            "dense",
            "lexicalRank",
            "denseRank",
            "expansion",
            "sameSpeaker",
            "otherSpeaker",
            "dateMatch",
            "asks",
            "neighbourFused",
            "photo",
            "logLength",
            "ownBm25",
            "coverage",
            "windowCoverage",
            "neighbourDense",
            "sessionMax",
            "centroidSim",
            "localMax",
            "sessionRank");

    /** As the index's query analyzer drops them (ConversationIndex.QUESTION_WORDS). */
    static final Set<String> QUESTION_WORDS = Set.of(
            "what", "when", "where", "who", "whom", "whose", "which", "why", "how", "did", "does", "do", "would",
            "could", "should", "likely", "has", "have", "had", "kind", "type", "some", "any");

    /** Candidates (the top {@code n} of the production fusion) and one feature row per candidate. */
    record Candidates(List<String> ids, double[][] x) {}

    static Candidates features(Query q, int n) {
        Map<String, Double> lex = norm(q.bm25());
        Map<String, Double> dense = norm(q.dense());
        Map<String, Double> base = fuse(lex, dense, 0.3);
        Map<String, Integer> lexRank = new HashMap<>();
        for (int i = 0; i < q.bm25().size(); i++) {
            lexRank.put(q.bm25().get(i).publicTurnId(), i + 1);
        }
        Map<String, Integer> denseRank = new HashMap<>();
        for (int i = 0; i < q.dense().size(); i++) {
            denseRank.put(q.dense().get(i).publicTurnId(), i + 1);
        }
        String exp = expansion(q, base, 5, 10);
        Map<String, Double> e = exp.isBlank() ? Map.of() : norm(q.bm25Search().apply(exp));
        List<String> named = q.conv().named(q.question());
        DateRange range = DateRange.of(q.question());
        List<String> ids = top(base, n);
        double[][] x = new double[ids.size()][];
        Set<String> nameStems = new HashSet<>();
        for (String sp : q.conv().speakers) {
            nameStems.addAll(stems(sp));
        }
        Set<String> qStems = new HashSet<>();
        for (String t : q.question().toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+")) {
            if (!t.isBlank() && !QUESTION_WORDS.contains(t)) {
                for (String st : stems(t)) {
                    if (!nameStems.contains(st)) {
                        qStems.add(st);
                    }
                }
            }
        }
        float[] centroid = new float[q.vector().length];
        for (String id : top(base, 3)) {
            float[] v = q.conv().vectors.get(id);
            for (int j = 0; j < v.length; j++) {
                centroid[j] += v[j];
            }
        }
        centroid = unit(centroid);
        Map<String, Integer> sessionRank = new HashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String id : top(base, base.size())) {
            sessionRank.put(id, seen.merge(q.conv().sessionOf.get(id), 1, Integer::sum));
        }
        Map<String, Double> sessionMax = new HashMap<>();
        for (var en : base.entrySet()) {
            sessionMax.merge(q.conv().sessionOf.get(en.getKey()), en.getValue(), Math::max);
        }
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            String text = q.conv().textOf.get(id);
            String speaker = q.conv().speakerOf.get(id);
            double nbMax = 0;
            for (var nb : q.conv().neighbours(id, 1)) {
                nbMax = Math.max(nbMax, base.getOrDefault(nb.getKey(), 0.0));
            }
            boolean dateMatch = false;
            if (range != null) {
                java.time.LocalDate d =
                        q.conv().sessionDate.get(q.conv().sessionOf.get(id));
                dateMatch = !d.isBefore(range.from().minusDays(1))
                        && !d.isAfter(range.to().plusDays(10));
            }
            x[i] = new double[] {
                base.get(id),
                lex.getOrDefault(id, 0.0),
                dense.getOrDefault(id, 0.0),
                lexRank.containsKey(id) ? 1 / Math.log(1 + lexRank.get(id)) : 0,
                denseRank.containsKey(id) ? 1 / Math.log(1 + denseRank.get(id)) : 0,
                e.getOrDefault(id, 0.0),
                named.size() == 1 && named.getFirst().equals(speaker) ? 1 : 0,
                named.size() == 1 && !named.getFirst().equals(speaker) ? 1 : 0,
                dateMatch ? 1 : 0,
                text.strip().endsWith("?") ? 1 : 0,
                nbMax,
                text.contains("[shares a photo") ? 1 : 0,
                Math.log(1 + text.length()),
                q.conv().bm25(qStems, id),
                coverage(qStems, new HashSet<>(q.conv().stems.get(id))),
                coverage(qStems, windowStems(q.conv(), id, 2)),
                neighbourMax(q.conv(), id, dense),
                sessionMax.getOrDefault(q.conv().sessionOf.get(id), 0.0),
                cosine(centroid, q.conv().vectors.get(id)),
                neighbourMaxRaw(q.conv(), id, base, 2) <= base.get(id) ? 1 : 0,
                1.0 / sessionRank.get(id)
            };
        }
        return new Candidates(ids, x);
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    /**
     * Pairwise logistic (RankNet-like, linear): per question, every (gold, non-gold) candidate pair; weights on
     * standardised features, as {@link #train}.
     */
    static double[][] trainPairwise(
            List<List<double[]>> pos, List<List<double[]>> neg, double l2, int epochs, double lr) {
        List<double[]> all = new ArrayList<>();
        pos.forEach(all::addAll);
        neg.forEach(all::addAll);
        int f = all.getFirst().length;
        double[] mean = new double[f];
        double[] sd = new double[f];
        for (double[] x : all) {
            for (int j = 0; j < f; j++) {
                mean[j] += x[j] / all.size();
            }
        }
        for (double[] x : all) {
            for (int j = 0; j < f; j++) {
                sd[j] += (x[j] - mean[j]) * (x[j] - mean[j]) / all.size();
            }
        }
        for (int j = 0; j < f; j++) {
            sd[j] = sd[j] > 0 ? Math.sqrt(sd[j]) : 1;
        }
        // differences of standardised rows
        List<double[]> diffs = new ArrayList<>();
        for (int qi = 0; qi < pos.size(); qi++) {
            for (double[] p : pos.get(qi)) {
                for (double[] n : neg.get(qi)) {
                    double[] d = new double[f];
                    for (int j = 0; j < f; j++) {
                        d[j] = (p[j] - n[j]) / sd[j];
                    }
                    diffs.add(d);
                }
            }
        }
        double[] w = new double[f + 1];
        for (int ep = 0; ep < epochs; ep++) {
            double[] g = new double[f];
            for (double[] d : diffs) {
                double z = 0;
                for (int j = 0; j < f; j++) {
                    z += w[j] * d[j];
                }
                double c = -1 / (1 + Math.exp(z)); // d/dz log(1 + e^-z)
                for (int j = 0; j < f; j++) {
                    g[j] += c * d[j];
                }
            }
            for (int j = 0; j < f; j++) {
                w[j] -= lr * (g[j] / diffs.size() + l2 * w[j]);
            }
        }
        return new double[][] {mean, sd, w};
    }

    static double coverage(Set<String> query, Set<String> doc) {
        if (query.isEmpty()) {
            return 0;
        }
        int n = 0;
        for (String t : query) {
            if (doc.contains(t)) {
                n++;
            }
        }
        return (double) n / query.size();
    }

    static Set<String> windowStems(Conv conv, String id, int w) {
        Set<String> out = new HashSet<>(conv.stems.get(id));
        for (var nb : conv.neighbours(id, w)) {
            out.addAll(conv.stems.get(nb.getKey()));
        }
        return out;
    }

    static double neighbourMaxRaw(Conv conv, String id, Map<String, Double> scores, int w) {
        double m = 0;
        for (var nb : conv.neighbours(id, w)) {
            m = Math.max(m, scores.getOrDefault(nb.getKey(), 0.0));
        }
        return m;
    }

    static double neighbourMax(Conv conv, String id, Map<String, Double> scores) {
        double m = 0;
        for (var nb : conv.neighbours(id, 1)) {
            m = Math.max(m, scores.getOrDefault(nb.getKey(), 0.0));
        }
        return m;
    }

    /**
     * Pointwise logistic regression (L2, full-batch gradient descent on standardised features): a learned linear
     * re-ranker. Returns {mean, sd, weights (bias last)}.
     */
    static double[][] train(List<double[]> xs, List<Boolean> ys, double l2, int epochs, double lr) {
        int f = xs.getFirst().length;
        double[] mean = new double[f];
        double[] sd = new double[f];
        for (double[] x : xs) {
            for (int j = 0; j < f; j++) {
                mean[j] += x[j] / xs.size();
            }
        }
        for (double[] x : xs) {
            for (int j = 0; j < f; j++) {
                sd[j] += (x[j] - mean[j]) * (x[j] - mean[j]) / xs.size();
            }
        }
        for (int j = 0; j < f; j++) {
            sd[j] = sd[j] > 0 ? Math.sqrt(sd[j]) : 1;
        }
        double pos = ys.stream().filter(b -> b).count();
        double wPos = (xs.size() - pos) / Math.max(1, pos); // balance classes
        double[] w = new double[f + 1];
        for (int ep = 0; ep < epochs; ep++) {
            double[] g = new double[f + 1];
            double norm = 0;
            for (int i = 0; i < xs.size(); i++) {
                double[] x = xs.get(i);
                double z = w[f];
                for (int j = 0; j < f; j++) {
                    z += w[j] * (x[j] - mean[j]) / sd[j];
                }
                double p = 1 / (1 + Math.exp(-z));
                double y = ys.get(i) ? 1 : 0;
                double cw = ys.get(i) ? wPos : 1;
                double d = cw * (p - y);
                for (int j = 0; j < f; j++) {
                    g[j] += d * (x[j] - mean[j]) / sd[j];
                }
                g[f] += d;
                norm += cw;
            }
            for (int j = 0; j <= f; j++) {
                w[j] -= lr * (g[j] / norm + (j < f ? l2 * w[j] : 0));
            }
        }
        return new double[][] {mean, sd, w};
    }

    static List<String> score(Candidates c, double[][] model) {
        return top(logits(c, model), 10);
    }

    static Map<String, Double> logits(Candidates c, double[][] model) {
        Map<String, Double> s = new LinkedHashMap<>();
        double[] mean = model[0];
        double[] sd = model[1];
        double[] w = model[2];
        int f = mean.length;
        for (int i = 0; i < c.ids().size(); i++) {
            double z = w[f];
            for (int j = 0; j < f; j++) {
                z += w[j] * (c.x()[i][j] - mean[j]) / sd[j];
            }
            s.put(c.ids().get(i), z);
        }
        return s;
    }

    /** Min-max normalised scores of a list (all-equal: 1), in list order. */
    static Map<String, Double> norm(List<TurnHit> hits) {
        Map<String, Double> out = new LinkedHashMap<>();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (TurnHit h : hits) {
            min = Math.min(min, h.score());
            max = Math.max(max, h.score());
        }
        for (TurnHit h : hits) {
            out.put(h.publicTurnId(), max > min ? (h.score() - min) / (max - min) : 1.0);
        }
        return out;
    }

    static Map<String, Double> fuse(Map<String, Double> lex, Map<String, Double> dense, double alpha) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (var e : lex.entrySet()) {
            out.put(e.getKey(), (1 - alpha) * e.getValue());
        }
        for (var e : dense.entrySet()) {
            out.merge(e.getKey(), alpha * e.getValue(), Double::sum);
        }
        return out;
    }

    /** The best {@code k} ids (stable on ties: insertion order). */
    static List<String> top(Map<String, Double> scores, int k) {
        List<Map.Entry<String, Double>> l = new ArrayList<>(scores.entrySet());
        l.sort(Comparator.comparingDouble((Map.Entry<String, Double> e) -> -e.getValue()));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.min(k, l.size()); i++) {
            out.add(l.get(i).getKey());
        }
        return out;
    }

    private static String expansion(Query q, Map<String, Double> base, int m, int t) {
        Set<String> queryStems = new HashSet<>(stems(q.question()));
        for (String sp : q.conv().speakers) {
            queryStems.addAll(stems(sp));
        }
        Map<String, Double> w = new HashMap<>();
        for (String id : top(base, m)) {
            List<String> st = q.conv().stems.get(id);
            if (st.isEmpty()) {
                continue;
            }
            for (String x : st) {
                if (!queryStems.contains(x) && x.length() > 2) {
                    w.merge(x, base.get(id) * q.conv().idf(x) / st.size(), Double::sum);
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String x : top(w, t)) {
            sb.append(x).append(' ');
        }
        return sb.toString().strip();
    }

    private static final Analyzer ANALYZER = new EnglishAnalyzer();

    /** EnglishAnalyzer tokens (stop words out, Porter stems). */
    static List<String> stems(String text) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = ANALYZER.tokenStream("text", text.toLowerCase(Locale.ROOT))) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static float[] unit(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        float inv = (float) (1 / Math.sqrt(sum));
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * inv;
        }
        return out;
    }
}

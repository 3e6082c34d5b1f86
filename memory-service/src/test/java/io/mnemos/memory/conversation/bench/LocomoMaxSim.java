package io.mnemos.memory.conversation.bench;

import io.mnemos.memory.conversation.TurnDocument;
import io.mnemos.model.MiniLmEmbedder;
import io.mnemos.model.MiniLmEmbedder.TokenVectors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Late-interaction (ColBERT-style MaxSim) re-ranking with MiniLM's contextual token vectors (benchmarks only): the
 * top {@code ms} fused candidates get {@code final = fused + msw · maxsim}, where maxsim is the mean (or sum) over
 * the question's word pieces of the best cosine against the candidate's word pieces ({@code [CLS]}/{@code [SEP]}
 * always dropped). Spec keys of {@link LocomoRerank}:
 *
 * <ul>
 *   <li>{@code ms} candidates re-ranked (N); {@code msw} weight (1);
 *   <li>{@code msnorm} {@code mm} (min-max over the N candidates, default) or {@code raw};
 *   <li>{@code msagg} {@code mean} (default) or {@code sum} (identical to mean under {@code mm});
 *   <li>{@code msstop}: punctuation and stop-word pieces dropped on both sides;
 *   <li>{@code msqw}: question words (what, when, did, …) dropped from the question;
 *   <li>{@code mstext} candidate text: {@code turn} ("speaker: text", as embedded; default), {@code raw} (text only),
 *       {@code prev} (the previous turn of the session, then the turn);
 *   <li>{@code msonly}: rank the N by maxsim alone (diagnostic);
 *   <li>{@code mspool}: control, the cosine of the mean token vectors instead of MaxSim (same texts, same fusion).
 * </ul>
 *
 * Turn token vectors are computed once per conversation and text kind (batched) and kept for the run.
 */
final class LocomoMaxSim {

    record Params(
            int n,
            double w,
            boolean minMax,
            boolean sum,
            boolean stop,
            boolean qw,
            String text,
            boolean only,
            boolean pool) {
        static Params parse(Map<String, String> kv) {
            if (!kv.containsKey("ms")) {
                return null;
            }
            return new Params(
                    Integer.parseInt(kv.get("ms")),
                    Double.parseDouble(kv.getOrDefault("msw", "1")),
                    !kv.getOrDefault("msnorm", "mm").equals("raw"),
                    kv.getOrDefault("msagg", "mean").equals("sum"),
                    kv.containsKey("msstop"),
                    kv.containsKey("msqw"),
                    kv.getOrDefault("mstext", "turn"),
                    kv.containsKey("msonly"),
                    kv.containsKey("mspool"));
        }
    }

    /** Small English stop list for word pieces (plus contraction fragments). */
    static final Set<String> STOP = Set.of(
            "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not",
            "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was",
            "will", "with", "i", "me", "my", "you", "your", "he", "him", "his", "she", "her", "we", "us", "our", "them",
            "its", "am", "were", "been", "being", "so", "just", "s", "t", "ll", "re", "ve", "m", "d", "oh", "yeah",
            "really", "too", "very", "about", "up", "out", "from");

    private static MiniLmEmbedder model;
    private static final Map<LocomoRerank.Conv, Map<String, Map<String, float[][]>>> TURNS = new IdentityHashMap<>();
    private static final Map<String, TokenVectors> QUERIES = new HashMap<>();
    private static final Map<String, long[]> encodeStats = new java.util.TreeMap<>(); // kind -> {nanos, texts, tokens}
    private static final AtomicLong queryNanos = new AtomicLong();
    private static final AtomicLong queries = new AtomicLong();
    private static final Map<String, long[]> scoreNanos = new java.util.TreeMap<>(); // N/kind -> {nanos, count}

    private LocomoMaxSim() {}

    private static synchronized MiniLmEmbedder model() {
        if (model == null) {
            model = new MiniLmEmbedder();
            Runtime.getRuntime().addShutdownHook(new Thread(LocomoMaxSim::printCosts));
        }
        return model;
    }

    static void printCosts() {
        StringBuilder sb = new StringBuilder("maxsim costs: ");
        synchronized (encodeStats) {
            for (var e : encodeStats.entrySet()) {
                long[] a = e.getValue();
                sb.append(String.format(
                        "encoding %d '%s' texts %.2f ms each (batched), %.1f word pieces each (%.0f KB float32 /"
                                + " %.0f KB int8 per text); ",
                        a[1],
                        e.getKey(),
                        a[0] / 1e6 / a[1],
                        (double) a[2] / a[1],
                        a[2] * 384.0 * 4 / a[1] / 1024,
                        a[2] * 384.0 / a[1] / 1024));
            }
        }
        if (queries.get() > 0) {
            sb.append(String.format("question encoding %.2f ms; ", queryNanos.get() / 1e6 / queries.get()));
        }
        synchronized (scoreNanos) {
            for (var e : scoreNanos.entrySet()) {
                sb.append(String.format(
                        "MaxSim over %s: %.3f ms/query; ", e.getKey(), e.getValue()[0] / 1e6 / e.getValue()[1]));
            }
        }
        System.out.println(sb);
    }

    /** The top {@code p.n()} of {@code fused}, re-scored; returns the top 10. */
    static List<String> rerank(Params p, LocomoRerank.Query q, Map<String, Double> fused) {
        List<String> cands = LocomoRerank.top(fused, p.n());
        float[][] query = queryVectors(q.question(), p);
        Map<String, float[][]> turns = turnVectors(q.conv(), p.text(), p.stop());
        long t0 = System.nanoTime();
        double[] ms = new double[cands.size()];
        for (int i = 0; i < cands.size(); i++) {
            ms[i] = p.pool()
                    ? LocomoRerank.cosine(mean(query), mean(turns.get(cands.get(i))))
                    : maxSim(query, turns.get(cands.get(i)), p.sum());
        }
        if (p.minMax()) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double v : ms) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            for (int i = 0; i < ms.length; i++) {
                ms[i] = max > min ? (ms[i] - min) / (max - min) : 1;
            }
        }
        Map<String, Double> s = new LinkedHashMap<>();
        for (int i = 0; i < cands.size(); i++) {
            s.put(cands.get(i), (p.only() ? 0 : fused.get(cands.get(i))) + p.w() * ms[i]);
        }
        List<String> top = LocomoRerank.top(s, 10);
        long dt = System.nanoTime() - t0;
        synchronized (scoreNanos) {
            long[] a = scoreNanos.computeIfAbsent(
                    "N=" + p.n() + " " + p.text() + (p.stop() ? "/stop" : "") + (p.pool() ? "/pool" : ""),
                    x -> new long[2]);
            a[0] += dt;
            a[1]++;
        }
        return top;
    }

    /** Mean of unit token vectors (control: one pooled vector instead of late interaction). */
    static float[] mean(float[][] tokens) {
        float[] m = new float[384];
        for (float[] t : tokens) {
            for (int d = 0; d < m.length; d++) {
                m[d] += t[d];
            }
        }
        m[0] += 1e-9f; // never all zero
        return m;
    }

    static double maxSim(float[][] query, float[][] doc, boolean sum) {
        if (query.length == 0 || doc.length == 0) {
            return 0;
        }
        double total = 0;
        for (float[] qv : query) {
            float best = -1;
            for (float[] dv : doc) {
                float dot = 0;
                for (int d = 0; d < qv.length; d++) {
                    dot += qv[d] * dv[d];
                }
                best = Math.max(best, dot);
            }
            total += best;
        }
        return sum ? total : total / query.length;
    }

    private static synchronized float[][] queryVectors(String question, Params p) {
        TokenVectors tv = QUERIES.get(question);
        if (tv == null) {
            long t0 = System.nanoTime();
            tv = model().tokenVectors(List.of(question)).getFirst();
            queryNanos.addAndGet(System.nanoTime() - t0);
            queries.incrementAndGet();
            QUERIES.put(question, tv);
        }
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < tv.tokens().length; i++) {
            String t = tv.tokens()[i];
            if (p.stop() && dropped(t)) {
                continue;
            }
            if (p.qw() && LocomoRerank.QUESTION_WORDS.contains(t.toLowerCase(Locale.ROOT))) {
                continue;
            }
            out.add(tv.vectors()[i]);
        }
        return out.toArray(new float[0][]);
    }

    static boolean dropped(String token) {
        String t = token.toLowerCase(Locale.ROOT);
        return !t.chars().anyMatch(Character::isLetterOrDigit) || STOP.contains(t);
    }

    /** Token vectors of every turn of {@code conv} for a text kind, filtered (stop) or not. */
    private static synchronized Map<String, float[][]> turnVectors(LocomoRerank.Conv conv, String kind, boolean stop) {
        return TURNS.computeIfAbsent(conv, x -> new HashMap<>()).computeIfAbsent(kind + (stop ? "/stop" : ""), key -> {
            Map<String, TokenVectors> raw =
                    RAW.computeIfAbsent(conv, x -> new HashMap<>()).computeIfAbsent(kind, k -> encode(conv, k));
            Map<String, float[][]> out = new HashMap<>();
            for (var e : raw.entrySet()) {
                List<float[]> v = new ArrayList<>();
                for (int i = 0; i < e.getValue().tokens().length; i++) {
                    if (!stop || !dropped(e.getValue().tokens()[i])) {
                        v.add(e.getValue().vectors()[i]);
                    }
                }
                out.put(e.getKey(), v.toArray(new float[0][]));
            }
            return out;
        });
    }

    private static final Map<LocomoRerank.Conv, Map<String, Map<String, TokenVectors>>> RAW = new IdentityHashMap<>();

    private static Map<String, TokenVectors> encode(LocomoRerank.Conv conv, String kind) {
        List<String> ids = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (List<String> session : conv.sessionTurns.values()) {
            for (int i = 0; i < session.size(); i++) {
                String id = session.get(i);
                String own = TurnDocument.embeddingText(conv.speakerOf.get(id), conv.textOf.get(id));
                String text =
                        switch (kind) {
                            case "turn" -> own;
                            case "raw" -> conv.textOf.get(id);
                            case "prev" -> {
                                if (i == 0) {
                                    yield own;
                                }
                                String prev = session.get(i - 1);
                                yield TurnDocument.embeddingText(conv.speakerOf.get(prev), conv.textOf.get(prev)) + "\n"
                                        + own;
                            }
                            default -> throw new IllegalArgumentException("mstext " + kind);
                        };
                ids.add(id);
                texts.add(text);
            }
        }
        long t0 = System.nanoTime();
        List<TokenVectors> tv = model().tokenVectors(texts);
        long dt = System.nanoTime() - t0;
        Map<String, TokenVectors> out = new HashMap<>();
        long tokens = 0;
        for (int i = 0; i < ids.size(); i++) {
            out.put(ids.get(i), tv.get(i));
            tokens += tv.get(i).tokens().length;
        }
        synchronized (encodeStats) {
            long[] a = encodeStats.computeIfAbsent(kind, x -> new long[3]);
            a[0] += dt;
            a[1] += ids.size();
            a[2] += tokens;
        }
        return out;
    }
}

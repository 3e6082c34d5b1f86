package io.mnemos.retrieval.corpusstats.internal;

import io.mnemos.retrieval.corpusstats.CnfQuery;
import io.mnemos.retrieval.corpusstats.CorpusIndex;
import io.mnemos.retrieval.corpusstats.CountResult;
import io.mnemos.retrieval.corpusstats.DocMatch;
import io.mnemos.retrieval.corpusstats.DocumentView;
import io.mnemos.retrieval.corpusstats.IndexStats;
import io.mnemos.retrieval.corpusstats.InvalidQueryException;
import io.mnemos.retrieval.corpusstats.NextToken;
import io.mnemos.retrieval.corpusstats.NextTokenResult;
import io.mnemos.retrieval.corpusstats.ProbResult;
import io.mnemos.retrieval.corpusstats.SearchDocsResult;
import io.mnemos.retrieval.corpusstats.ShardStats;
import io.mnemos.retrieval.corpusstats.Span;
import io.mnemos.retrieval.corpusstats.Tokenizer;
import io.mnemos.retrieval.corpusstats.TokenizerMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The query engine over one or more {@link IndexPart}s (each with its own vocabulary); counts are summed over all
 * shards of all parts, exactly as Infini-gram sums over its shards.
 */
public final class ShardedCorpusIndex implements CorpusIndex {

    /** Fixed seed of the clause subsampling, so results are reproducible. */
    static final long SAMPLING_SEED = 19260817L;

    /** Total positions to read above which a CNF query evaluates shards in parallel. */
    private static final long PARALLEL_WORK = 200_000;

    private final List<IndexPart> parts;
    private final boolean ownsParts;
    private final Tokenizer tokenizer;
    private final ShardRef[] shards;
    private final long totalTokens;
    private final long totalDocs;

    /** A shard with its part and its first global document index. */
    record ShardRef(int part, Shard shard, long docBase, int index) {}

    public ShardedCorpusIndex(List<IndexPart> parts, boolean ownsParts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no index parts");
        }
        TokenizerMode mode = parts.getFirst().mode();
        for (IndexPart p : parts) {
            if (p.mode() != mode) {
                throw new IllegalArgumentException(
                        "indexes with different tokenizer modes cannot be combined: " + mode + " and " + p.mode());
            }
        }
        this.parts = List.copyOf(parts);
        this.ownsParts = ownsParts;
        this.tokenizer = new Tokenizer(mode);
        List<ShardRef> refs = new ArrayList<>();
        long docBase = 0;
        long tokens = 0;
        for (int p = 0; p < parts.size(); p++) {
            for (Shard s : parts.get(p).shards()) {
                refs.add(new ShardRef(p, s, docBase, refs.size()));
                docBase += s.docCount();
                tokens += s.length() - s.docCount();
            }
        }
        this.shards = refs.toArray(ShardRef[]::new);
        this.totalTokens = tokens;
        this.totalDocs = docBase;
    }

    public List<IndexPart> parts() {
        return parts;
    }

    @Override
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    // ---------------------------------------------------------------- count

    @Override
    public CountResult count(String ngram) {
        long t0 = System.nanoTime();
        long c = countTokens(tokenizer.tokenize(ngram));
        return new CountResult(c, false, System.nanoTime() - t0);
    }

    @Override
    public CountResult count(List<String> tokens) {
        long t0 = System.nanoTime();
        long c = countTokens(tokens);
        return new CountResult(c, false, System.nanoTime() - t0);
    }

    private long countTokens(List<String> tokens) {
        if (tokens.isEmpty()) {
            return totalTokens;
        }
        long total = 0;
        for (IndexPart part : parts) {
            int[] ids = part.vocab().ids(tokens);
            if (ids == null) {
                continue;
            }
            for (Shard s : part.shards()) {
                long r = s.range(ids);
                total += Shard.hi(r) - Shard.lo(r);
            }
        }
        return total;
    }

    // ---------------------------------------------------------------- CNF

    @Override
    public CountResult cnf(CnfQuery query, int maxDiffTokens, int maxClauseFreq) {
        long t0 = System.nanoTime();
        CnfOutcome o = evaluate(query, maxDiffTokens, maxClauseFreq, false);
        return new CountResult(o.count, o.approx, System.nanoTime() - t0);
    }

    @Override
    public SearchDocsResult searchDocs(CnfQuery query, int maxDiffTokens, int maxClauseFreq, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0: " + limit);
        }
        long t0 = System.nanoTime();
        CnfOutcome o = evaluate(query, maxDiffTokens, maxClauseFreq, true);
        List<DocMatch> docs = new ArrayList<>();
        long documents = 0;
        if (o.shardResults != null) {
            for (int s = 0; s < shards.length; s++) {
                ShardCnf r = o.shardResults[s];
                if (r == null || r.survivors == 0) {
                    continue;
                }
                ShardRef ref = shards[s];
                Shard shard = ref.shard();
                String[] docIds = parts.get(ref.part()).docIds();
                long partDocBase = partDocBase(ref);
                int i = 0;
                int doc = shard.docOf(r.anchors[0]);
                while (i < r.survivors) {
                    int p = r.anchors[i];
                    while (doc + 1 < shard.docCount() && shard.docStart(doc + 1) <= p) {
                        doc++;
                    }
                    int docEnd = shard.docEnd(doc);
                    int first = shard.docStart(doc) + 1;
                    List<Span> spans = new ArrayList<>();
                    int matches = 0;
                    while (i < r.survivors && r.anchors[i] < docEnd) {
                        if (spans.size() < SearchDocsResult.MAX_SPANS_PER_DOC) {
                            spans.add(new Span(r.spanStart[i] - first, r.spanEnd[i] - first));
                        }
                        matches++;
                        i++;
                    }
                    documents++;
                    if (docs.size() < limit) {
                        long global = ref.docBase() + doc;
                        docs.add(new DocMatch(global, docIds[(int) (global - partDocBase)], matches, spans));
                    }
                }
            }
        }
        return new SearchDocsResult(o.count, documents, o.approx, docs, System.nanoTime() - t0);
    }

    private long partDocBase(ShardRef ref) {
        for (ShardRef r : shards) {
            if (r.part() == ref.part()) {
                return r.docBase();
            }
        }
        throw new IllegalStateException();
    }

    private record CnfOutcome(long count, boolean approx, ShardCnf[] shardResults) {}

    /** Result of one shard: surviving anchor positions (sorted), optional spans, and the scale factor. */
    private static final class ShardCnf {
        int[] anchors = new int[0];
        int survivors;
        int[] spanStart;
        int[] spanEnd;
        double factor = 1.0;
        boolean sampled;
    }

    /** Tokenized clause: per term its tokens; per part its id arrays (null = cannot occur in that part). */
    private record Clause(List<List<String>> terms, int[][][] idsByPart) {}

    private CnfOutcome evaluate(CnfQuery query, int maxDiffTokens, int maxClauseFreq, boolean wantSpans) {
        if (maxDiffTokens < 0) {
            throw new IllegalArgumentException("maxDiffTokens must be >= 0: " + maxDiffTokens);
        }
        if (maxClauseFreq < 1) {
            throw new IllegalArgumentException("maxClauseFreq must be >= 1: " + maxClauseFreq);
        }
        int nc = query.clauses().size();
        Clause[] clauses = new Clause[nc];
        for (int c = 0; c < nc; c++) {
            List<String> rawTerms = query.clauses().get(c);
            List<List<String>> terms = new ArrayList<>(rawTerms.size());
            for (String raw : rawTerms) {
                List<String> toks = tokenizer.tokenize(raw);
                if (toks.isEmpty()) {
                    throw new InvalidQueryException("term '" + raw + "' contains no tokens", -1);
                }
                terms.add(toks);
            }
            int[][][] idsByPart = new int[parts.size()][][];
            for (int p = 0; p < parts.size(); p++) {
                idsByPart[p] = new int[terms.size()][];
                for (int t = 0; t < terms.size(); t++) {
                    idsByPart[p][t] = parts.get(p).vocab().ids(terms.get(t));
                }
            }
            clauses[c] = new Clause(terms, idsByPart);
        }
        int ns = shards.length;
        // ranges[s][c][t] packed lo/hi (lo == hi for an absent term)
        long[][][] ranges = new long[ns][nc][];
        long[][] counts = new long[ns][nc];
        long[] clauseTotals = new long[nc];
        for (int s = 0; s < ns; s++) {
            ShardRef ref = shards[s];
            for (int c = 0; c < nc; c++) {
                int[][] ids = clauses[c].idsByPart()[ref.part()];
                long[] r = new long[ids.length];
                long cnt = 0;
                for (int t = 0; t < ids.length; t++) {
                    r[t] = ids[t] == null ? 0L : ref.shard().range(ids[t]);
                    cnt += Shard.hi(r[t]) - Shard.lo(r[t]);
                }
                ranges[s][c] = r;
                counts[s][c] = cnt;
                clauseTotals[c] += cnt;
            }
        }
        for (long total : clauseTotals) {
            if (total == 0) {
                return new CnfOutcome(0, false, null);
            }
        }
        if (nc == 1 && !wantSpans) {
            return new CnfOutcome(clauseTotals[0], false, null);
        }
        long capPerShard = Math.max(1, (maxClauseFreq + (long) ns - 1) / ns);
        long work = 0;
        for (int s = 0; s < ns; s++) {
            for (int c = 0; c < nc; c++) {
                work += Math.min(counts[s][c], capPerShard);
            }
        }
        ShardCnf[] results = new ShardCnf[ns];
        IntStream shardStream = IntStream.range(0, ns);
        if (ns > 1 && work > PARALLEL_WORK) {
            shardStream = shardStream.parallel();
        }
        shardStream.forEach(s -> results[s] =
                evaluateShard(shards[s], clauses, ranges[s], counts[s], capPerShard, maxDiffTokens, wantSpans));
        double estimate = 0;
        boolean approx = false;
        for (ShardCnf r : results) {
            estimate += r.survivors * r.factor;
            approx |= r.sampled;
        }
        long count = nc == 1 ? clauseTotals[0] : Math.round(estimate);
        return new CnfOutcome(count, approx, results);
    }

    private ShardCnf evaluateShard(
            ShardRef ref,
            Clause[] clauses,
            long[][] ranges,
            long[] counts,
            long capPerShard,
            int maxDiffTokens,
            boolean wantSpans) {
        ShardCnf out = new ShardCnf();
        int nc = clauses.length;
        Integer[] order = new Integer[nc];
        for (int c = 0; c < nc; c++) {
            order[c] = c;
        }
        Arrays.sort(order, Comparator.comparingLong(c -> counts[c])); // stable: ties keep query order
        if (counts[order[0]] == 0) {
            return out;
        }
        Shard shard = ref.shard();
        // Subsample clauses above the per-shard cap (Infini-gram's find_disj): shrink each term's SA range to a
        // random contiguous window proportionally, remember original/kept.
        long[][] kept = new long[nc][];
        for (int c = 0; c < nc; c++) {
            long cnt = counts[c];
            if (cnt <= capPerShard) {
                kept[c] = ranges[c];
                continue;
            }
            SplittableRandom rnd = new SplittableRandom(SAMPLING_SEED + 1_000_003L * ref.index() + c);
            long[] r = new long[ranges[c].length];
            long newCnt = 0;
            for (int t = 0; t < r.length; t++) {
                int lo = Shard.lo(ranges[c][t]);
                int hi = Shard.hi(ranges[c][t]);
                long len = hi - lo;
                long newLen = (len * capPerShard + cnt - 1) / cnt;
                int start = lo + (int) (len - newLen == 0 ? 0 : rnd.nextLong(len - newLen + 1));
                r[t] = Shard.pack(start, (int) (start + newLen));
                newCnt += newLen;
            }
            kept[c] = r;
            out.factor *= (double) cnt / newCnt;
            out.sampled = true;
        }

        int anchorClause = order[0];
        int[] anchors = positions(shard, kept[anchorClause]);
        int a = anchors.length;
        int[] spanStart = null;
        int[] spanEnd = null;
        if (wantSpans) {
            spanStart = anchors.clone();
            spanEnd = new int[a];
            for (int i = 0; i < a; i++) {
                spanEnd[i] = anchors[i] + matchLength(shard, anchors[i], clauses[anchorClause], ref.part());
            }
        }
        int docCount = shard.docCount();
        // Anchors and each other clause's occurrences are sorted by position; one merge pass per clause keeps the
        // anchors p with an occurrence in [max(p - D, doc start), min(p + D, doc end - 1)]. Both bounds only grow
        // with p, so the two pointers into the occurrences only move forward.
        for (int oi = 1; oi < nc && a > 0; oi++) {
            int c = order[oi];
            int[] occ = positions(shard, kept[c]);
            int k = 0;
            int qi = 0; // first occurrence >= lo(p)
            int qj = 0; // first occurrence >= p
            int doc = shard.docOf(anchors[0]); // then advanced linearly with the sorted anchors
            for (int i = 0; i < a; i++) {
                int p = anchors[i];
                while (doc + 1 < docCount && shard.docStart(doc + 1) <= p) {
                    doc++;
                }
                long lo = Math.max((long) p - maxDiffTokens, shard.docStart(doc) + 1L);
                long hi = Math.min((long) p + maxDiffTokens, shard.docEnd(doc) - 1L);
                while (qi < occ.length && occ[qi] < lo) {
                    qi++;
                }
                if (qi < occ.length && occ[qi] <= hi) {
                    anchors[k] = p;
                    if (wantSpans) {
                        if (qj < qi) {
                            qj = qi;
                        }
                        while (qj < occ.length && occ[qj] < p) {
                            qj++;
                        }
                        // nearest qualifying occurrence: the last one before p or the first at/after p
                        int q;
                        if (qj < occ.length && occ[qj] <= hi) {
                            q = occ[qj];
                            if (qj > qi && p - occ[qj - 1] < occ[qj] - p) {
                                q = occ[qj - 1];
                            }
                        } else {
                            q = occ[qj - 1];
                        }
                        int qEnd = q + matchLength(shard, q, clauses[c], ref.part());
                        spanStart[k] = Math.min(spanStart[i], q);
                        spanEnd[k] = Math.max(spanEnd[i], qEnd);
                    }
                    k++;
                }
            }
            a = k;
        }
        out.anchors = anchors;
        out.survivors = a;
        out.spanStart = spanStart;
        out.spanEnd = spanEnd;
        return out;
    }

    /** Sorted start positions of all occurrences in the given SA ranges. */
    private static int[] positions(Shard shard, long[] ranges) {
        int total = 0;
        for (long r : ranges) {
            total += Shard.hi(r) - Shard.lo(r);
        }
        int[] out = new int[total];
        int off = 0;
        for (long r : ranges) {
            int lo = Shard.lo(r);
            int hi = Shard.hi(r);
            shard.suffixes(lo, hi, out, off);
            off += hi - lo;
        }
        IntSort.sort(out, total, shard.length());
        return out;
    }

    /** Length of the longest term of {@code clause} that occurs at {@code pos}. */
    private static int matchLength(Shard shard, int pos, Clause clause, int part) {
        int best = 1;
        for (int[] ids : clause.idsByPart()[part]) {
            if (ids != null && ids.length > best && shard.compare(pos, ids) == 0) {
                best = ids.length;
            }
        }
        return best;
    }

    // ---------------------------------------------------------------- prob and next tokens

    @Override
    public ProbResult prob(String ngram) {
        long t0 = System.nanoTime();
        List<String> toks = tokenizer.tokenize(ngram);
        if (toks.isEmpty()) {
            throw new InvalidQueryException("prob needs at least one token", 0);
        }
        return probTokens(toks.subList(0, toks.size() - 1), toks, t0);
    }

    @Override
    public ProbResult prob(String prompt, String next) {
        long t0 = System.nanoTime();
        List<String> p = tokenizer.tokenize(prompt);
        List<String> n = tokenizer.tokenize(next);
        if (n.size() != 1) {
            throw new InvalidQueryException("the continuation must be exactly one token, got " + n, -1);
        }
        List<String> full = new ArrayList<>(p);
        full.add(n.getFirst());
        return probTokens(p, full, t0);
    }

    private ProbResult probTokens(List<String> prompt, List<String> full, long t0) {
        long pc = countTokens(prompt);
        if (pc == 0) {
            return new ProbResult(0, 0, -1.0, false, System.nanoTime() - t0);
        }
        long cc = countTokens(full);
        return new ProbResult(pc, cc, (double) cc / pc, false, System.nanoTime() - t0);
    }

    private static final int END = -1;

    @Override
    public NextTokenResult nextTokens(String prompt, int topK, int maxSupport) {
        if (topK < 1) {
            throw new IllegalArgumentException("topK must be >= 1: " + topK);
        }
        if (maxSupport < 1) {
            throw new IllegalArgumentException("maxSupport must be >= 1: " + maxSupport);
        }
        long t0 = System.nanoTime();
        List<String> toks = tokenizer.tokenize(prompt);
        int[][] idsByPart = new int[parts.size()][];
        long[] rangeByShard = new long[shards.length];
        long promptCount = 0;
        for (int p = 0; p < parts.size(); p++) {
            idsByPart[p] = parts.get(p).vocab().ids(toks);
        }
        for (ShardRef ref : shards) {
            int[] ids = idsByPart[ref.part()];
            if (ids != null) {
                // an empty prompt ranges over all suffixes except those starting at a document separator (the
                // separator id 0 is the smallest, so those come first)
                long r = ids.length == 0
                        ? Shard.pack(ref.shard().docCount(), ref.shard().length())
                        : ref.shard().range(ids);
                rangeByShard[ref.index()] = r;
                promptCount += Shard.hi(r) - Shard.lo(r);
            }
        }
        if (promptCount == 0) {
            return new NextTokenResult(0, 0, List.of(), 0, false, System.nanoTime() - t0);
        }
        long unit = 1;
        while (promptCount > unit * maxSupport) {
            unit <<= 1;
        }
        Map<String, long[]> freq = new HashMap<>();
        long[] end = new long[1];
        for (ShardRef ref : shards) {
            long r = rangeByShard[ref.index()];
            if (Shard.hi(r) == Shard.lo(r)) {
                continue;
            }
            Vocabulary vocab = parts.get(ref.part()).vocab();
            Map<Integer, long[]> byId = new HashMap<>();
            int m = toks.size();
            distribution(ref.shard(), m, Shard.lo(r), Shard.hi(r), unit, Integer.MIN_VALUE, Integer.MIN_VALUE, byId);
            for (Map.Entry<Integer, long[]> e : byId.entrySet()) {
                if (e.getKey() == END) {
                    end[0] += e.getValue()[0];
                } else {
                    freq.computeIfAbsent(vocab.term(e.getKey()), k -> new long[1])[0] += e.getValue()[0];
                }
            }
        }
        final long pc = promptCount;
        List<NextToken> all = new ArrayList<>(freq.size());
        for (Map.Entry<String, long[]> e : freq.entrySet()) {
            all.add(new NextToken(e.getKey(), e.getValue()[0], (double) e.getValue()[0] / pc));
        }
        all.sort(Comparator.comparingLong(NextToken::count).reversed().thenComparing(NextToken::token));
        List<NextToken> top = all.size() > topK ? all.subList(0, topK) : all;
        return new NextTokenResult(promptCount, end[0], top, all.size(), unit > 1, System.nanoTime() - t0);
    }

    private static int nextToken(Shard shard, int pos) {
        if (pos >= shard.length()) {
            return END;
        }
        int t = shard.token(pos);
        return t == Vocabulary.SEPARATOR ? END : t;
    }

    /**
     * Infini-gram's {@code _get_freq_by_token_id_approx}: inside an SA range, suffixes are sorted by their next token,
     * so a sub-range whose first and last next tokens agree is all that token; otherwise split in half. Ranges
     * shorter than {@code 4 * unit} are sampled at the middle of each unit-sized block.
     */
    private static void distribution(
            Shard shard,
            int m,
            int start,
            int end,
            long unit,
            int knownFirst,
            int knownLast,
            Map<Integer, long[]> out) {
        if (end - start < 4 * unit) {
            for (long rank = start; rank < end; rank += unit) {
                boolean full = rank + unit <= end;
                long mid = full ? rank + (unit >> 1) : (rank + end) >> 1;
                int tok = nextToken(shard, shard.suffix((int) mid) + m);
                out.computeIfAbsent(tok, k -> new long[1])[0] += full ? unit : end - rank;
            }
            return;
        }
        int first = knownFirst != Integer.MIN_VALUE ? knownFirst : nextToken(shard, shard.suffix(start) + m);
        int last = knownLast != Integer.MIN_VALUE ? knownLast : nextToken(shard, shard.suffix(end - 1) + m);
        if (first == last) {
            out.computeIfAbsent(first, k -> new long[1])[0] += end - start;
            return;
        }
        int mid = (start + end) >>> 1;
        distribution(shard, m, start, mid, unit, first, Integer.MIN_VALUE, out);
        distribution(shard, m, mid, end, unit, Integer.MIN_VALUE, last, out);
    }

    // ---------------------------------------------------------------- documents and stats

    @Override
    public DocumentView document(long docIndex) {
        if (docIndex < 0 || docIndex >= totalDocs) {
            throw new IndexOutOfBoundsException("document " + docIndex + " of " + totalDocs);
        }
        int lo = 0;
        int hi = shards.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (shards[mid].docBase() <= docIndex) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        // skip empty shards sharing the same docBase
        while (shards[lo].shard().docCount() <= docIndex - shards[lo].docBase()) {
            lo++;
        }
        ShardRef ref = shards[lo];
        Shard shard = ref.shard();
        int doc = (int) (docIndex - ref.docBase());
        Vocabulary vocab = parts.get(ref.part()).vocab();
        List<String> toks = new ArrayList<>();
        for (int p = shard.docStart(doc) + 1, e = shard.docEnd(doc); p < e; p++) {
            toks.add(vocab.term(shard.token(p)));
        }
        String id = parts.get(ref.part()).docIds()[(int) (docIndex - partDocBase(ref))];
        return new DocumentView(docIndex, id, toks);
    }

    @Override
    public IndexStats stats() {
        List<ShardStats> list = new ArrayList<>();
        long bytes = 0;
        long vocab = 0;
        for (IndexPart part : parts) {
            bytes += part.bytesOnDisk();
            vocab += part.vocab().size();
            for (Shard s : part.shards()) {
                list.add(new ShardStats(
                        s.length(),
                        s.length() - s.docCount(),
                        s.docCount(),
                        s.tokenWidth(),
                        s.pointerWidth(),
                        s.bytesOnDisk()));
            }
        }
        return new IndexStats(tokenizer.mode(), totalTokens, totalDocs, vocab, list, bytes);
    }

    @Override
    public void close() {
        if (!ownsParts) {
            return;
        }
        RuntimeException failure = null;
        for (IndexPart p : parts) {
            if (p.resource() != null) {
                try {
                    p.resource().close();
                } catch (Exception e) {
                    if (failure == null) {
                        failure = new IllegalStateException("closing index failed", e);
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}

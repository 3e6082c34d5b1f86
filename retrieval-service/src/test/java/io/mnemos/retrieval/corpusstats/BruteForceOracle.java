package io.mnemos.retrieval.corpusstats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reference implementation by linear scans over the tokenized documents (no suffix arrays), used to check the index.
 * Shard boundaries are needed only for CNF (the anchor clause is chosen per shard).
 */
final class BruteForceOracle {

    static final String END = "\u0000END";

    final List<List<String>> docs;
    final int[] shardOfDoc;
    final int shards;

    BruteForceOracle(List<List<String>> docs, List<Long> docsPerShard) {
        this.docs = docs;
        this.shardOfDoc = new int[docs.size()];
        int d = 0;
        for (int s = 0; s < docsPerShard.size(); s++) {
            for (long i = 0; i < docsPerShard.get(s); i++) {
                shardOfDoc[d++] = s;
            }
        }
        if (d != docs.size()) {
            throw new IllegalArgumentException("shard document counts do not add up");
        }
        this.shards = docsPerShard.size();
    }

    long totalTokens() {
        return docs.stream().mapToLong(List::size).sum();
    }

    List<Integer> occurrences(int doc, List<String> ngram) {
        List<String> t = docs.get(doc);
        List<Integer> out = new ArrayList<>();
        outer:
        for (int p = 0; p + ngram.size() <= t.size(); p++) {
            for (int j = 0; j < ngram.size(); j++) {
                if (!t.get(p + j).equals(ngram.get(j))) {
                    continue outer;
                }
            }
            out.add(p);
        }
        return out;
    }

    long count(List<String> ngram) {
        if (ngram.isEmpty()) {
            return totalTokens();
        }
        long c = 0;
        for (int d = 0; d < docs.size(); d++) {
            c += occurrences(d, ngram).size();
        }
        return c;
    }

    /** Multiset of clause occurrences in one document (terms' occurrences concatenated). */
    List<Integer> clauseOccurrences(int doc, List<List<String>> clause) {
        List<Integer> out = new ArrayList<>();
        for (List<String> term : clause) {
            out.addAll(occurrences(doc, term));
        }
        return out;
    }

    record CnfAnswer(long count, Map<Integer, Integer> matchesByDoc, boolean sampled) {}

    /** CNF without subsampling; {@code sampled} tells whether the engine would subsample with {@code capPerShard}. */
    CnfAnswer cnf(List<List<List<String>>> clauses, int window, long capPerShard) {
        int nc = clauses.size();
        long[][] shardCounts = new long[shards][nc];
        long[] totals = new long[nc];
        for (int d = 0; d < docs.size(); d++) {
            for (int c = 0; c < nc; c++) {
                int k = clauseOccurrences(d, clauses.get(c)).size();
                shardCounts[shardOfDoc[d]][c] += k;
                totals[c] += k;
            }
        }
        for (long t : totals) {
            if (t == 0) {
                return new CnfAnswer(0, Map.of(), false);
            }
        }
        boolean sampled = false;
        int[] anchorOfShard = new int[shards];
        for (int s = 0; s < shards; s++) {
            int best = 0;
            for (int c = 1; c < nc; c++) {
                if (shardCounts[s][c] < shardCounts[s][best]) {
                    best = c;
                }
            }
            anchorOfShard[s] = best;
            if (shardCounts[s][best] > 0) {
                for (int c = 0; c < nc; c++) {
                    sampled |= shardCounts[s][c] > capPerShard;
                }
            }
        }
        Map<Integer, Integer> byDoc = new HashMap<>();
        long count = 0;
        for (int d = 0; d < docs.size(); d++) {
            int anchor = anchorOfShard[shardOfDoc[d]];
            for (int p : clauseOccurrences(d, clauses.get(anchor))) {
                boolean ok = true;
                for (int c = 0; c < nc && ok; c++) {
                    if (c == anchor) {
                        continue;
                    }
                    boolean found = false;
                    for (int q : clauseOccurrences(d, clauses.get(c))) {
                        if (Math.abs(q - p) <= window) {
                            found = true;
                            break;
                        }
                    }
                    ok = found;
                }
                if (ok) {
                    count++;
                    byDoc.merge(d, 1, Integer::sum);
                }
            }
        }
        if (nc == 1) {
            count = totals[0];
        }
        return new CnfAnswer(count, byDoc, sampled);
    }

    /** Next-token counts after {@code prompt}; {@link #END} for the end of a document. */
    Map<String, Long> next(List<String> prompt) {
        Map<String, Long> out = new HashMap<>();
        for (int d = 0; d < docs.size(); d++) {
            List<String> t = docs.get(d);
            List<Integer> occ;
            if (prompt.isEmpty()) {
                occ = new ArrayList<>();
                for (int p = 0; p < t.size(); p++) {
                    occ.add(p);
                }
            } else {
                occ = occurrences(d, prompt);
            }
            for (int p : occ) {
                int n = p + prompt.size();
                out.merge(n < t.size() ? t.get(n) : END, 1L, Long::sum);
            }
        }
        return out;
    }
}

package io.mnemos.retrieval.corpusstats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every query type against {@link BruteForceOracle} on random small corpora: heap-built, on-disk (memory-mapped) and
 * composite indexes, several shard sizes, cased and folded tokenizers.
 */
class CorpusIndexBruteForceTest {

    @TempDir
    Path tmp;

    static List<Long> seeds() {
        List<Long> s = new ArrayList<>();
        for (long i = 0; i < 40; i++) {
            s.add(i);
        }
        return s;
    }

    /** A random corpus: vocabulary of 5–50 words (some capitalised, some punctuation), 1–25 documents. */
    record Corpus(List<Document> docs, List<String> vocab) {}

    static Corpus randomCorpus(Random rnd) {
        int v = 5 + rnd.nextInt(46);
        List<String> vocab = new ArrayList<>();
        for (int i = 0; i < v; i++) {
            String w =
                    switch (i % 7) {
                        case 0 -> ".";
                        case 1 -> "W" + i;
                        case 2 -> "w" + (i - 1); // same as a capitalised word when folded
                        default -> "w" + i;
                    };
            vocab.add(w);
        }
        int nd = 1 + rnd.nextInt(25);
        List<Document> docs = new ArrayList<>();
        for (int d = 0; d < nd; d++) {
            int len = rnd.nextInt(10) == 0 ? 0 : rnd.nextInt(60);
            StringBuilder sb = new StringBuilder();
            // skewed distribution so some tokens are frequent
            for (int i = 0; i < len; i++) {
                int id = (int) (Math.pow(rnd.nextDouble(), 2) * v);
                sb.append(vocab.get(id)).append(' ');
            }
            docs.add(new Document("doc-" + d, sb.toString()));
        }
        return new Corpus(docs, vocab);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void allQueryTypesMatchBruteForce(long seed) throws IOException {
        Random rnd = new Random(seed);
        Corpus corpus = randomCorpus(rnd);
        TokenizerMode mode = seed % 3 == 2 ? TokenizerMode.FOLDED : TokenizerMode.CASED;
        int shardSize =
                switch ((int) (seed % 4)) {
                    case 0 -> CorpusIndexBuilder.DEFAULT_MAX_TOKENS_PER_SHARD;
                    case 1 -> 61; // the largest document (60 tokens + separator) just fits
                    case 2 -> 150;
                    default -> 400;
                };
        Tokenizer tokenizer = new Tokenizer(mode);
        List<List<String>> tokenized = new ArrayList<>();
        for (Document d : corpus.docs()) {
            tokenized.add(tokenizer.tokenize(d.text()));
        }

        CorpusIndexBuilder builder = CorpusIndexBuilder.create()
                .tokenizerMode(mode)
                .maxTokensPerShard(shardSize)
                .durable(false);
        Path dir = tmp.resolve("idx-" + seed);
        builder.build(corpus.docs().iterator(), dir);
        // delta path: split the documents in two in-memory indexes
        int split = corpus.docs().size() / 2;
        try (CorpusIndex heap = builder.buildInMemory(corpus.docs().iterator());
                CorpusIndex mapped = CorpusIndex.open(dir);
                CorpusIndex first =
                        builder.buildInMemory(corpus.docs().subList(0, split).iterator());
                CorpusIndex second = builder.buildInMemory(
                        corpus.docs().subList(split, corpus.docs().size()).iterator())) {
            CorpusIndex composite = CompositeCorpusIndex.of(first, second);
            for (CorpusIndex index : List.of(heap, mapped, composite)) {
                List<Long> docsPerShard = index.stats().shards().stream()
                        .map(ShardStats::documents)
                        .toList();
                BruteForceOracle oracle = new BruteForceOracle(tokenized, docsPerShard);
                checkIndex(index, oracle, tokenized, new Random(seed * 31 + 7), mode);
            }
            assertThat(mapped.stats().tokens()).isEqualTo(heap.stats().tokens());
            assertThat(mapped.stats().shards()).hasSameSizeAs(heap.stats().shards());
            assertThat(composite.stats().documents()).isEqualTo(corpus.docs().size());
        }
    }

    private static List<String> randomNgram(Random rnd, List<List<String>> docs, List<String> vocab) {
        int len = 1 + rnd.nextInt(4);
        if (rnd.nextInt(4) > 0) {
            // sampled from the corpus
            List<String> d = docs.get(rnd.nextInt(docs.size()));
            if (d.size() >= len) {
                int p = rnd.nextInt(d.size() - len + 1);
                return new ArrayList<>(d.subList(p, p + len));
            }
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < len; i++) {
            out.add(rnd.nextInt(15) == 0 ? "unseen" + i : vocab.get(rnd.nextInt(vocab.size())));
        }
        return out;
    }

    private static void checkIndex(
            CorpusIndex index, BruteForceOracle oracle, List<List<String>> docs, Random rnd, TokenizerMode mode) {
        List<String> vocab = new ArrayList<>();
        docs.forEach(vocab::addAll);
        vocab = new ArrayList<>(new java.util.TreeSet<>(vocab));
        vocab.add("w9999"); // unseen
        if (vocab.size() < 2) {
            vocab.add("w0");
        }
        // count
        assertThat(index.count("").count()).isEqualTo(oracle.totalTokens());
        assertThat(index.count(List.of()).count()).isEqualTo(oracle.totalTokens());
        assertThat(index.stats().tokens()).isEqualTo(oracle.totalTokens());
        assertThat(index.count("neverseen").count()).isZero();
        for (int i = 0; i < 60; i++) {
            List<String> ng = randomNgram(rnd, docs, vocab);
            CountResult r = index.count(String.join(" ", ng));
            assertThat(r.count()).as("count %s", ng).isEqualTo(oracle.count(ng));
            assertThat(r.approx()).isFalse();
            assertThat(r.latencyNanos()).isPositive();
            assertThat(index.count(ng).count()).isEqualTo(r.count());
        }
        // prob
        for (int i = 0; i < 20; i++) {
            List<String> ng = randomNgram(rnd, docs, vocab);
            ProbResult p = index.prob(String.join(" ", ng));
            long prefix = oracle.count(ng.subList(0, ng.size() - 1));
            long full = oracle.count(ng);
            assertThat(p.promptCount()).isEqualTo(prefix);
            if (prefix == 0) {
                assertThat(p.prob()).isEqualTo(-1.0);
            } else {
                assertThat(p.continuationCount()).isEqualTo(full);
                assertThat(p.prob()).isEqualTo((double) full / prefix);
            }
        }
        // next tokens, exact (maxSupport large) and sampled
        for (int i = 0; i < 15; i++) {
            List<String> prompt =
                    i == 0 ? List.of() : randomNgram(rnd, docs, vocab).subList(0, 1 + rnd.nextInt(2) - 1);
            if (i > 0 && rnd.nextBoolean()) {
                prompt = randomNgram(rnd, docs, vocab);
            }
            Map<String, Long> expected = oracle.next(prompt);
            long promptCount =
                    expected.values().stream().mapToLong(Long::longValue).sum();
            NextTokenResult r = index.nextTokens(String.join(" ", prompt), 1000, 1_000_000);
            assertThat(r.approx()).isFalse();
            assertThat(r.promptCount()).isEqualTo(promptCount);
            assertThat(r.endOfDocumentCount()).isEqualTo(expected.getOrDefault(BruteForceOracle.END, 0L));
            Map<String, Long> actual = new HashMap<>();
            r.tokens().forEach(t -> actual.put(t.token(), t.count()));
            Map<String, Long> expectedTokens = new HashMap<>(expected);
            expectedTokens.remove(BruteForceOracle.END);
            assertThat(actual).as("next after %s", prompt).isEqualTo(expectedTokens);
            for (int k = 1; k < r.tokens().size(); k++) {
                assertThat(r.tokens().get(k - 1).count())
                        .isGreaterThanOrEqualTo(r.tokens().get(k).count());
            }
            NextTokenResult top2 = index.nextTokens(String.join(" ", prompt), 2, 1_000_000);
            assertThat(top2.tokens())
                    .isEqualTo(r.tokens().subList(0, Math.min(2, r.tokens().size())));
            if (promptCount > 3) {
                NextTokenResult sampled = index.nextTokens(String.join(" ", prompt), 1000, 1);
                assertThat(sampled.approx()).isTrue();
                assertThat(sampled.promptCount()).isEqualTo(promptCount);
                long sum = sampled.endOfDocumentCount()
                        + sampled.tokens().stream().mapToLong(NextToken::count).sum();
                assertThat(sum).isEqualTo(promptCount);
            }
        }
        // CNF, exact
        int shards = index.stats().shards().size();
        for (int i = 0; i < 40; i++) {
            int nc = 1 + rnd.nextInt(3);
            List<List<List<String>>> clauses = new ArrayList<>();
            List<List<String>> raw = new ArrayList<>();
            for (int c = 0; c < nc; c++) {
                int nt = 1 + rnd.nextInt(2);
                List<List<String>> clause = new ArrayList<>();
                List<String> rawClause = new ArrayList<>();
                for (int t = 0; t < nt; t++) {
                    List<String> ng = randomNgram(rnd, docs, vocab);
                    ng = ng.subList(0, Math.min(ng.size(), 1 + rnd.nextInt(2)));
                    clause.add(ng);
                    rawClause.add(String.join(" ", ng));
                }
                clauses.add(clause);
                raw.add(rawClause);
            }
            int window = new int[] {0, 1, 2, 3, 5, 10, 50, 1000}[rnd.nextInt(8)];
            CnfQuery q = new CnfQuery(raw);
            BruteForceOracle.CnfAnswer expected = oracle.cnf(clauses, window, Long.MAX_VALUE);
            CountResult r = index.cnf(q, window, Integer.MAX_VALUE);
            assertThat(r.count()).as("cnf %s window %d", q, window).isEqualTo(expected.count());
            assertThat(r.approx()).isFalse();
            // parse round trip gives the same answer
            assertThat(index.cnf(q.toString(), window, Integer.MAX_VALUE).count())
                    .isEqualTo(r.count());
            // search docs
            SearchDocsResult sd = index.searchDocs(q, window, Integer.MAX_VALUE, 3);
            assertThat(sd.count()).isEqualTo(expected.count());
            assertThat(sd.documents()).isEqualTo(expected.matchesByDoc().size());
            List<Integer> expectedDocs =
                    expected.matchesByDoc().keySet().stream().sorted().limit(3).toList();
            assertThat(sd.docs().stream().map(d -> (int) d.docIndex()).toList()).isEqualTo(expectedDocs);
            for (DocMatch m : sd.docs()) {
                assertThat(m.matches()).isEqualTo(expected.matchesByDoc().get((int) m.docIndex()));
                assertThat(m.docId()).isEqualTo("doc-" + m.docIndex());
                int docLen = docs.get((int) m.docIndex()).size();
                for (Span s : m.spans()) {
                    assertThat(s.start()).isBetween(0, docLen - 1);
                    assertThat(s.end()).isBetween(s.start() + 1, docLen);
                    if (nc == 1 || window == 0) {
                        assertThat(s.end() - s.start()).isLessThanOrEqualTo(4);
                    }
                }
            }
            // subsampling: the flag is set exactly when the engine must sample, exact answers otherwise
            int cap = 1 + rnd.nextInt(6);
            long capPerShard = Math.max(1, (cap + shards - 1) / shards);
            BruteForceOracle.CnfAnswer capped = oracle.cnf(clauses, window, capPerShard);
            CountResult approx = index.cnf(q, window, cap);
            if (nc == 1) {
                assertThat(approx.count()).isEqualTo(expected.count());
                assertThat(approx.approx()).isFalse();
            } else {
                assertThat(approx.approx())
                        .as("approx flag for %s cap %d", q, cap)
                        .isEqualTo(capped.sampled());
                if (!capped.sampled()) {
                    assertThat(approx.count()).isEqualTo(expected.count());
                }
                assertThat(approx.count()).isNotNegative();
                // deterministic
                assertThat(index.cnf(q, window, cap).count()).isEqualTo(approx.count());
            }
        }
        // documents round trip
        for (int d = 0; d < docs.size(); d++) {
            DocumentView v = index.document(d);
            assertThat(v.tokens()).isEqualTo(docs.get(d));
            assertThat(v.docId()).isEqualTo("doc-" + d);
        }
        assertThat(index.tokenizer().mode()).isEqualTo(mode);
    }
}

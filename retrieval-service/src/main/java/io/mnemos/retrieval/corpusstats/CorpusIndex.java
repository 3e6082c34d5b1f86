package io.mnemos.retrieval.corpusstats;

import io.mnemos.retrieval.corpusstats.internal.IndexFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Infini-gram-style corpus statistics over a suffix-array index: exact n-gram counts, CNF co-occurrence counts,
 * n-gram probabilities, next-token distributions and document search.
 *
 * <p>Query strings are tokenized with the index's {@link #tokenizer()}, so matches respect token boundaries
 * ({@code "Par"} does not match inside {@code "Paris"}) and, for {@link TokenizerMode#CASED} indexes, case. A token
 * absent from the vocabulary makes a count 0. N-grams never match across a document boundary.
 *
 * <p>Implementations are immutable and thread-safe for queries; {@link #close()} must not race with queries in flight.
 * Every result carries the engine latency and an {@code approx} flag.
 */
public interface CorpusIndex extends AutoCloseable {

    /** Default co-occurrence window of Infini-gram's API ({@code max_diff_tokens}). */
    int DEFAULT_MAX_DIFF_TOKENS = 100;

    /** Default subsampling cap of Infini-gram's API ({@code max_clause_freq}). */
    int DEFAULT_MAX_CLAUSE_FREQ = 50_000;

    /** Default sampling bound of next-token distributions ({@code max_support}). */
    int DEFAULT_MAX_SUPPORT = 1000;

    /**
     * Opens an index directory written by {@link CorpusIndexBuilder}, memory-mapping its files (indexes larger than
     * the heap work; only the vocabulary and document ids are loaded on the heap).
     *
     * @throws IOException if files are missing, truncated, or of another format version
     */
    static CorpusIndex open(Path dir) throws IOException {
        return IndexFiles.open(dir);
    }

    Tokenizer tokenizer();

    /**
     * Occurrences of the token sequence of {@code ngram} (tokenized; never parsed as CNF, so entity strings containing
     * {@code AND}/{@code OR} are safe). Blank text counts every token ({@link IndexStats#tokens()}); exact.
     */
    CountResult count(String ngram);

    /** Occurrences of an already tokenized n-gram; an empty list counts every token. */
    CountResult count(List<String> tokens);

    /**
     * CNF co-occurrence count with Infini-gram semantics. Per shard, the clause with the fewest occurrences is the
     * anchor; the result is the number of anchor occurrences (match starts) such that every other clause has an
     * occurrence starting within {@code maxDiffTokens} tokens of it (either side) in the same document. A clause
     * with more than {@code ceil(maxClauseFreq / shards)} occurrences in a shard is subsampled (a random contiguous
     * window of each term's suffix-array range, fixed seed) and the shard's count is scaled by the product of the
     * clauses' {@code original / kept} factors, with {@code approx = true}. A query with one clause returns the exact
     * sum of its terms' counts. A clause with no occurrence anywhere gives an exact 0.
     *
     * @param maxDiffTokens window in tokens, {@code >= 0}
     * @param maxClauseFreq subsampling cap over all shards, {@code >= 1}
     * @throws InvalidQueryException if a term tokenizes to nothing
     */
    CountResult cnf(CnfQuery query, int maxDiffTokens, int maxClauseFreq);

    /** Parses {@code query} ({@link CnfQuery#parse}) and evaluates it. */
    default CountResult cnf(String query, int maxDiffTokens, int maxClauseFreq) {
        return cnf(CnfQuery.parse(query), maxDiffTokens, maxClauseFreq);
    }

    /**
     * {@code count(ngram) / count(ngram without its last token)}; for a one-token n-gram the denominator is the total
     * token count. {@code prob = -1} when the prefix does not occur.
     *
     * @throws InvalidQueryException if {@code ngram} has no tokens
     */
    ProbResult prob(String ngram);

    /** {@code P(next | prompt)}; {@code next} must be exactly one token. */
    ProbResult prob(String prompt, String next);

    /**
     * Distribution of the token following {@code prompt} (blank prompt: the unigram distribution). When the prompt
     * occurs more than {@code maxSupport} times, its occurrences are sampled with Infini-gram's power-of-two unit
     * and {@code approx = true}.
     *
     * @param topK maximum entries returned, {@code >= 1}
     * @param maxSupport sampling bound, {@code >= 1}
     */
    NextTokenResult nextTokens(String prompt, int topK, int maxSupport);

    /**
     * Documents matching a CNF query (same semantics and sampling as {@link #cnf}), the first {@code limit} in index
     * order, with the matching spans.
     */
    SearchDocsResult searchDocs(CnfQuery query, int maxDiffTokens, int maxClauseFreq, int limit);

    /** The stored tokens of document {@code docIndex} ({@code 0 <= docIndex < stats().documents()}). */
    DocumentView document(long docIndex);

    IndexStats stats();

    /** Releases memory mappings; queries afterwards fail. */
    @Override
    void close();
}

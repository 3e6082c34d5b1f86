package io.mnemos.retrieval.corpus;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Answer of {@code POST /v1/corpus/query}, in Infini-gram's shape; members that do not apply to the query type are
 * omitted.
 *
 * @param queryType    the query type answered
 * @param index        the corpus name
 * @param latency      time inside the engine, in milliseconds (tokenization included, HTTP excluded)
 * @param count        {@code count}/{@code search_docs}: occurrences (CNF: occurrences of the rarest clause with every
 *                     other clause within {@code max_diff_tokens} in the same document); {@code prob}: {@code cont_cnt}
 * @param approx       true when a clause was subsampled ({@code max_clause_freq}) or {@code ntd} sampled
 *                     ({@code max_support}) and the numbers are estimates
 * @param tokens       the query's tokens as the index tokenizes them ({@code count} of an n-gram, {@code prob},
 *                     {@code ntd})
 * @param cnf          the parsed CNF ({@code count}/{@code search_docs}): clauses ANDed, each a list of OR-ed terms
 * @param promptCnt    {@code prob}/{@code ntd}: occurrences of the prompt
 * @param contCnt      {@code prob}: occurrences of prompt + continuation
 * @param prob         {@code prob}: {@code cont_cnt / prompt_cnt}, {@code -1} if the prompt does not occur
 * @param result       {@code ntd}: next tokens, most frequent first
 * @param endOfDocCnt  {@code ntd}: prompt occurrences that end a document
 * @param distinctNext {@code ntd}: distinct next tokens seen
 * @param documents    {@code search_docs}: distinct documents matching
 * @param docs         {@code search_docs}: the first {@code maxnum} matching documents in index order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CorpusQueryResponse(
        @JsonProperty("query_type") String queryType,
        String index,
        double latency,
        @Nullable Long count,
        boolean approx,
        @Nullable List<String> tokens,
        @Nullable List<List<String>> cnf,
        @JsonProperty("prompt_cnt") @Nullable Long promptCnt,
        @JsonProperty("cont_cnt") @Nullable Long contCnt,
        @Nullable Double prob,
        @Nullable List<NextTokenView> result,
        @JsonProperty("end_of_doc_cnt") @Nullable Long endOfDocCnt,
        @JsonProperty("distinct_next") @Nullable Integer distinctNext,
        @Nullable Long documents,
        @Nullable List<DocView> docs) {

    /**
     * @param token   the next token
     * @param contCnt occurrences of prompt + token (a multiple of the sampling unit when approximate)
     * @param prob    {@code cont_cnt / prompt_cnt}
     */
    public record NextTokenView(String token, @JsonProperty("cont_cnt") long contCnt, double prob) {}

    /**
     * @param docIx   document index in the corpus
     * @param docId   the document's id ({@code <book>#<chunk>} for Gutenberg)
     * @param matches matching occurrences in the document
     * @param spans   up to 16 token spans {@code [start, end)} covering a match
     * @param snippet the tokens around the first span, joined by spaces
     */
    public record DocView(
            @JsonProperty("doc_ix") long docIx,
            @JsonProperty("doc_id") String docId,
            int matches,
            List<int[]> spans,
            String snippet) {}
}

package io.mnemos.retrieval.grounding;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Stage 2 result: every sentence, its tuples, their counts and the rules applied.
 *
 * @param question            the question, if given
 * @param entitySource        {@code given} or {@code extracted}
 * @param flagged             whether any claim was flagged (QuCo: a likely hallucination; retrieve and regenerate)
 * @param firstFlaggedSentence index of the first sentence with a flagged claim (where the reference implementation
 *                            stops its scan); null when none
 * @param cleanText           the sentences before the first flagged one (QuCo's {@code clean_text})
 * @param queries             retrieval queries for every flagged claim ({@code head + " " + relation}), deduplicated, in
 *                            order
 * @param sentences           per sentence
 * @param thresholds          the thresholds and window in force
 * @param engineMillis        time inside the corpus engine (entity extraction's lookups included)
 * @param tookMillis          time of the whole verification
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VerifyResponse(
        @Nullable String question,
        String entitySource,
        boolean flagged,
        @Nullable Integer firstFlaggedSentence,
        String cleanText,
        List<String> queries,
        List<SentenceCheck> sentences,
        Map<String, Number> thresholds,
        double engineMillis,
        double tookMillis) {

    /**
     * @param index   0-based position
     * @param text    the sentence
     * @param status  {@code checked} (tuples evaluated), {@code no-claims} (no entity: accepted as is), {@code answer}
     *                ("the answer is": accepted, ends the check as in the reference), {@code hedge} (a hedging or
     *                negating phrase: stops the check), {@code not-checked} (after a stop)
     * @param rule    why a sentence was not checked
     * @param flagged whether one of its claims is flagged
     * @param claims  its tuples
     */
    public record SentenceCheck(
            int index, String text, String status, @Nullable String rule, boolean flagged, List<ClaimCheck> claims) {}

    /**
     * @param kind      {@code pair} ([head, relation]) or {@code triple} ([head, relation, tail])
     * @param head      the head entity
     * @param relation  the relation words
     * @param tail      the tail (triples)
     * @param query     the corpus query run: the head n-gram (pairs) or {@code head AND tail} (triples)
     * @param count     its count; null when the lookup failed (fail-open: never flags)
     * @param approx    whether the count is a subsampled estimate
     * @param threshold the threshold compared with
     * @param flagged   {@code count < threshold}
     * @param rule      the rule in words, with the numbers
     * @param retrievalQuery the query to retrieve with when flagged
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClaimCheck(
            String kind,
            String head,
            String relation,
            @Nullable String tail,
            String query,
            @Nullable Long count,
            boolean approx,
            double threshold,
            boolean flagged,
            String rule,
            @Nullable String retrievalQuery) {}
}

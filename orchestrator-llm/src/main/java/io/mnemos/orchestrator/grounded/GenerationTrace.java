package io.mnemos.orchestrator.grounded;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Every step of one run of the grounded loop, for the turn's trace.
 *
 * @param outcome        {@code grounded} (the answer is the kept sentences) or {@code fallback} (the pipeline answers
 *                       extractively; {@code fallbackReason} says why)
 * @param stopReason     why the loop ended: {@code end-of-answer}, {@code token-budget}, {@code max-rounds},
 *                       {@code answer-given} ("the answer is"), {@code hedge}, {@code question-echo},
 *                       {@code no-progress}, {@code verify-failed} or {@code llm-degraded}
 * @param fallbackReason why the answer fell back to the extractive one; null when grounded
 * @param tokenBudget    tokens allowed over all calls
 * @param tokensUsed     tokens generated over all calls (kept or not)
 * @param maxRounds      regenerations allowed
 * @param regenerations  regenerations made
 * @param unverified     sentences kept without a verdict because the verify call failed (only with fail-open)
 * @param kept           the sentences kept, in order
 * @param steps          every generation, verification and retrieval, in order
 * @param timings        milliseconds: {@code llm}, {@code verify}, {@code retrieval}, {@code total}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GenerationTrace(
        String outcome,
        String stopReason,
        @Nullable String fallbackReason,
        int tokenBudget,
        int tokensUsed,
        int maxRounds,
        int regenerations,
        int unverified,
        List<String> kept,
        List<Step> steps,
        Map<String, Double> timings) {

    /** One step of the loop; {@code kind} names it in the JSON. */
    public sealed interface Step permits Generation, Verification, Retrieval {
        @JsonProperty("kind")
        String kind();
    }

    /**
     * One LLM call.
     *
     * @param purpose      {@code generate} (continue the answer) or {@code regenerate} (after a flagged sentence)
     * @param round        regenerations before this call
     * @param passages     passages in its prompt
     * @param promptChars  length of the prompt text
     * @param maxTokens    tokens asked for (within the remaining budget)
     * @param outputTokens tokens generated
     * @param finishReason why it ended ({@code stop}, {@code length}, ...), or {@code degraded}
     * @param text         what it generated
     * @param sentences    the complete sentences in it (an unfinished last one at the token limit is dropped)
     * @param error        the LLM failure (kind: message) when degraded
     * @param ms           wall time
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Generation(
            String purpose,
            int round,
            int passages,
            int promptChars,
            int maxTokens,
            int outputTokens,
            String finishReason,
            String text,
            List<String> sentences,
            @Nullable String error,
            double ms)
            implements Step {
        @Override
        @JsonProperty("kind")
        public String kind() {
            return "generation";
        }
    }

    /**
     * One {@code POST /v1/grounding/verify} of one sentence.
     *
     * @param sentence   the sentence
     * @param verdict    {@code kept}, {@code flagged}, {@code hedge} (stops the loop, not kept), {@code answer} (kept,
     *                   stops the loop), {@code unverified} (the call failed; kept when fail-open) or {@code error}
     * @param status     the gate's sentence status ({@code checked}, {@code no-claims}, {@code answer}, {@code hedge})
     * @param claims     the gate's claims with their counts, thresholds and rules
     * @param queries    retrieval queries for the flagged claims
     * @param thresholds the thresholds in force
     * @param error      why the call failed
     * @param ms         wall time of the call
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Verification(
            String sentence,
            String verdict,
            @Nullable String status,
            List<Claim> claims,
            List<String> queries,
            @Nullable Map<String, Object> thresholds,
            @Nullable String error,
            double ms)
            implements Step {
        @Override
        @JsonProperty("kind")
        public String kind() {
            return "verification";
        }
    }

    /**
     * A claim as the gate judged it.
     *
     * @param kind           {@code pair} or {@code triple}
     * @param head           head entity
     * @param relation       relation words
     * @param tail           tail (triples)
     * @param count          corpus count; null when the lookup failed
     * @param threshold      the threshold compared with
     * @param flagged        {@code count < threshold}
     * @param rule           the rule in words
     * @param retrievalQuery the query for a flagged claim
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Claim(
            String kind,
            String head,
            String relation,
            @Nullable String tail,
            @Nullable Long count,
            double threshold,
            boolean flagged,
            String rule,
            @Nullable String retrievalQuery) {}

    /**
     * Document search for a flagged sentence's queries.
     *
     * @param queries the queries
     * @param calls   one per query and collection
     * @param added   passages new to the prompt (ids)
     * @param ms      wall time of all the calls
     */
    public record Retrieval(List<String> queries, List<SearchCall> calls, List<String> added, double ms)
            implements Step {
        @Override
        @JsonProperty("kind")
        public String kind() {
            return "retrieval";
        }
    }

    /**
     * @param collection the collection searched
     * @param query      the query
     * @param status     {@code ok}, {@code empty} or {@code error}
     * @param hits       hits returned
     * @param error      why it failed
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SearchCall(String collection, String query, String status, int hits, @Nullable String error) {}
}

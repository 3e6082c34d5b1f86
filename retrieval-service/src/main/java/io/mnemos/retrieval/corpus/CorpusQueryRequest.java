package io.mnemos.retrieval.corpus;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mnemos.retrieval.corpusstats.CorpusIndex;
import io.mnemos.web.problem.FieldViolation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1/corpus/query}, shaped like the public Infini-gram API (snake_case names).
 *
 * @param index         corpus name; optional (the configured corpus); {@code collections} queries the caller's
 *                      tenant's collection documents
 * @param queryType     {@code count} (an n-gram, or a CNF query such as {@code A AND B}, {@code A OR B AND C}),
 *                      {@code prob}, {@code ntd} or {@code search_docs}
 * @param query         the query text; blank counts every token ({@code count}) or gives the unigram distribution
 *                      ({@code ntd})
 * @param maxDiffTokens CNF co-occurrence window in tokens, 1–1000, default 100
 * @param maxClauseFreq CNF subsampling cap, 1–500,000, default 50,000
 * @param maxSupport    {@code ntd} sampling bound, 1–10,000, default 1000
 * @param maxnum        {@code search_docs}: documents returned, 1–100, default 1; {@code ntd}: next tokens listed,
 *                      1–1000, default 100
 */
public record CorpusQueryRequest(
        @Schema(example = "gutenberg") @Nullable String index,
        @Schema(
                        example = "count",
                        allowableValues = {"count", "prob", "ntd", "search_docs"})
                @JsonProperty("query_type")
                @Nullable
                String queryType,
        @Schema(example = "Elizabeth AND Darcy") @Nullable String query,
        @JsonProperty("max_diff_tokens") @Nullable Integer maxDiffTokens,
        @JsonProperty("max_clause_freq") @Nullable Integer maxClauseFreq,
        @JsonProperty("max_support") @Nullable Integer maxSupport,
        @Nullable Integer maxnum) {

    /** Query types this engine answers. */
    public enum Type {
        COUNT,
        PROB,
        NTD,
        SEARCH_DOCS;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final int MAX_DIFF_TOKENS = 1000;
    static final int MAX_CLAUSE_FREQ = 500_000;
    static final int MAX_SUPPORT = 10_000;

    /** Infini-gram query types we do not implement (named so the error can say so). */
    private static final Set<String> UNSUPPORTED =
            Set.of("infgram_prob", "infgram_ntd", "search_docs_by_ptr", "find", "find_cnf", "get_doc_by_ix");

    /** The type, or null when missing or unknown (then {@link #violations} reports it). */
    @Nullable
    Type type() {
        if (queryType == null) {
            return null;
        }
        for (Type t : Type.values()) {
            if (t.wire().equals(queryType)) {
                return t;
            }
        }
        return null;
    }

    int maxDiffTokensOrDefault() {
        return maxDiffTokens == null ? CorpusIndex.DEFAULT_MAX_DIFF_TOKENS : maxDiffTokens;
    }

    int maxClauseFreqOrDefault() {
        return maxClauseFreq == null ? CorpusIndex.DEFAULT_MAX_CLAUSE_FREQ : maxClauseFreq;
    }

    int maxSupportOrDefault() {
        return maxSupport == null ? CorpusIndex.DEFAULT_MAX_SUPPORT : maxSupport;
    }

    int maxnumOrDefault() {
        if (maxnum != null) {
            return maxnum;
        }
        return type() == Type.NTD ? 100 : 1;
    }

    /** Everything wrong with this request, with JSON field names. */
    List<FieldViolation> violations(int maxQueryLength) {
        List<FieldViolation> errors = new ArrayList<>();
        Type type = type();
        if (queryType == null) {
            errors.add(new FieldViolation("query_type", "is required: one of count, prob, ntd, search_docs"));
        } else if (type == null) {
            errors.add(new FieldViolation(
                    "query_type",
                    UNSUPPORTED.contains(queryType)
                            ? "'" + queryType + "' is not supported by this engine; use count, prob, ntd or search_docs"
                            : "must be one of count, prob, ntd, search_docs"));
        }
        if (query == null) {
            errors.add(new FieldViolation("query", "is required"));
        } else if (query.length() > maxQueryLength) {
            errors.add(new FieldViolation("query", "is longer than " + maxQueryLength + " characters"));
        } else if (query.isBlank() && (type == Type.PROB || type == Type.SEARCH_DOCS)) {
            errors.add(new FieldViolation("query", "must not be blank for " + queryType));
        }
        range(errors, "max_diff_tokens", maxDiffTokens, 1, MAX_DIFF_TOKENS);
        range(errors, "max_clause_freq", maxClauseFreq, 1, MAX_CLAUSE_FREQ);
        range(errors, "max_support", maxSupport, 1, MAX_SUPPORT);
        range(errors, "maxnum", maxnum, 1, type == Type.NTD ? 1000 : 100);
        return errors;
    }

    private static void range(List<FieldViolation> errors, String field, @Nullable Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            errors.add(new FieldViolation(field, "must be between " + min + " and " + max));
        }
    }
}

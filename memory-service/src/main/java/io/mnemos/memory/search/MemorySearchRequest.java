package io.mnemos.memory.search;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * Body of {@code POST /v1/users/{userId}/memory/search}.
 *
 * @param query what to look for; may contain a time expression ("last week", "in May"), which becomes a time filter
 * @param k hits wanted, 1–100 (default 10)
 * @param mode {@code bm25}, {@code dense} or {@code hybrid} (default) for conversation turns
 * @param types memory kinds to search: {@code turn} (default), {@code profile}, {@code experience}
 * @param from inclusive lower bound on the turn timestamp; with {@code to}, overrides a time expression
 * @param to exclusive upper bound on the turn timestamp
 * @param now the reference time for time expressions (default: the server clock)
 * @param timeZone IANA zone in which "yesterday" or "in May" are meant (default UTC)
 * @param queryVector the query already embedded by the caller (e.g. the orchestrator's router), so it is not embedded
 *     again; used for dense/hybrid turn search when it comes from this service's model and {@code query} has no time
 *     expression (otherwise the remaining text is embedded). Profile search still embeds the text
 * @param queryVectorModel the model that made {@code queryVector} ({@code all-MiniLM-L6-v2-int8} here); required with
 *     it. A vector of another model is ignored and the text embedded
 */
public record MemorySearchRequest(
        @Schema(example = "what did I say about tea last week") String query,
        @Schema(example = "10") Integer k,
        @Schema(
                        example = "hybrid",
                        allowableValues = {"bm25", "dense", "hybrid"})
                String mode,
        @Schema(example = "[\"turn\", \"profile\"]") List<String> types,
        Instant from,
        Instant to,
        Instant now,
        @Schema(example = "Europe/Paris") String timeZone,
        @Schema(
                        description = "Optional: the query's embedding, computed by the caller with the model named in"
                                + " queryVectorModel (384 finite values for all-MiniLM-L6-v2-int8), so this service"
                                + " skips embedding the query. A wrong length or non-finite values of this service's"
                                + " model answer 422; a vector of another model is ignored and the text embedded.",
                        example = "[0.0123, -0.0456, 0.0789]")
                float[] queryVector,
        @Schema(
                        description = "The model that computed queryVector; required with it",
                        example = "all-MiniLM-L6-v2-int8")
                String queryVectorModel) {}

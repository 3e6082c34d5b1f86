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
        @Schema(example = "Europe/Paris") String timeZone) {}

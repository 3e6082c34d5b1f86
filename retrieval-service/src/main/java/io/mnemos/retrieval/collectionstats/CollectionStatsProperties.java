package io.mnemos.retrieval.collectionstats;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The per-tenant statistics index over collection documents ({@code mnemos.collection-stats.*}).
 *
 * @param enabled           keep the text store and the indexes; when false writes are not recorded and queries of the
 *                          {@code collections} index get 404
 * @param dir               the per-tenant text store; default {@code <mnemos.data-dir>/collection-stats}
 * @param debounce          a tenant's index is rebuilt this long after its last change (bursts of writes, e.g. a bulk
 *                          job's batches, cost one rebuild)
 * @param maxDelay          but at most this long after the first pending change, so continuous writes cannot starve it
 * @param maxTokensPerShard positions per in-memory suffix-array shard
 * @param retryAfter        {@code Retry-After} of the 503 while a tenant's first index is being built
 */
@Validated
@ConfigurationProperties("mnemos.collection-stats")
public record CollectionStatsProperties(
        @DefaultValue("true") boolean enabled,
        @Nullable String dir,
        @DefaultValue("3s") @NotNull Duration debounce,
        @DefaultValue("30s") @NotNull Duration maxDelay,
        @DefaultValue("4194304") @Min(1024) @Max(1 << 30) int maxTokensPerShard,
        @DefaultValue("2s") @NotNull Duration retryAfter) {

    /** Defaults (tests). */
    public static CollectionStatsProperties defaults() {
        return new CollectionStatsProperties(
                true, null, Duration.ofSeconds(3), Duration.ofSeconds(30), 4_194_304, Duration.ofSeconds(2));
    }
}

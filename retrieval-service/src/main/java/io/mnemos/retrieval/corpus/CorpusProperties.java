package io.mnemos.retrieval.corpus;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The reference corpus behind {@code /v1/corpus/**} and {@code /v1/grounding/**} ({@code mnemos.corpus.*}).
 *
 * @param name              name of the corpus, accepted as {@code index} in queries and shown in the status
 * @param source            the corpus: a Project Gutenberg sample directory ({@code manifest.tsv} + {@code
 *                          gutenberg-shard-*.txt.gz}) or a directory of {@code .txt}/{@code .md} files (one document
 *                          per file). A relative path resolves against the repository root (the nearest ancestor of
 *                          the working directory holding {@code mvnw}), so the default finds the shared data beside
 *                          the checkout
 * @param indexDir          where the index is written and reused after restarts; default {@code
 *                          <mnemos.data-dir>/corpus/<name>}
 * @param buildOnStartup    start building a missing index in the background once the service is up; default false:
 *                          the first corpus or grounding request starts it (so {@code ./mnemos up} stays fast and
 *                          never spends minutes of CPU on an index nobody asked for)
 * @param maxTokensPerShard positions per suffix-array shard. The default 2^22 keeps the build's peak heap near 100 MB
 *                          (the service runs with {@code -Xmx384m}); pointers stay 3 bytes up to 2^24, so the index
 *                          is as small as with bigger shards, while counts do one binary search per shard
 * @param wordsPerDocument  Gutenberg books are split into documents of whole paragraphs of about this many words
 * @param retryAfter        {@code Retry-After} sent with 503 while the index is being built
 * @param maxQueryLength    longest query string accepted, in characters
 */
@Validated
@ConfigurationProperties("mnemos.corpus")
public record CorpusProperties(
        @DefaultValue("gutenberg") @NotBlank String name,
        @DefaultValue("../shared/data/gutenberg") @NotBlank String source,
        @Nullable String indexDir,
        @DefaultValue("false") boolean buildOnStartup,
        @DefaultValue("4194304") @Min(1024) @Max(1 << 30) int maxTokensPerShard,
        @DefaultValue("2000") @Min(50) @Max(100_000) int wordsPerDocument,
        @DefaultValue("15s") @NotNull Duration retryAfter,
        @DefaultValue("2000") @Min(10) @Max(100_000) int maxQueryLength) {}

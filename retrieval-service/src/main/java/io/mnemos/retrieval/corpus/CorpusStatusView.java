package io.mnemos.retrieval.corpus;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mnemos.retrieval.collectionstats.CollectionStatsService;
import io.mnemos.retrieval.corpusstats.IndexStats;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /v1/corpus}: the reference corpus and its index.
 *
 * @param name       the corpus name (accepted as {@code index} in queries)
 * @param state      {@code not_loaded} (nothing asked for it yet: the first corpus or grounding request opens or
 *                   builds it), {@code building}, {@code ready}, {@code missing} (configure the source), {@code
 *                   failed}
 * @param source     the configured source directory: its name for tenants (e.g. {@code gutenberg}), its full path for
 *                   an {@code admin} caller only (server paths are the operator's business; they are in the log)
 * @param indexDir   where the index lives: its directory's name (by default the corpus name), the full path for an
 *                   {@code admin} caller
 * @param progress   build progress while building (and after)
 * @param index      figures of the open index
 * @param problem    what is wrong and how to fix it ({@code missing}, {@code failed})
 * @param collections the caller's tenant index over its collection documents ({@code "index": "collections"})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CorpusStatusView(
        String name,
        String state,
        String source,
        String indexDir,
        @Nullable ProgressView progress,
        @Nullable IndexView index,
        @Nullable String problem,
        CollectionStatsService.@Nullable Status collections) {

    CorpusStatusView withCollections(CollectionStatsService.Status status) {
        return new CorpusStatusView(name, state, source, indexDir, progress, index, problem, status);
    }

    /** @param withPaths whether the caller may see server paths ({@code admin}); others see directory names */
    static CorpusStatusView of(CorpusIndexService service, boolean withPaths) {
        IndexView index = service.current().map(i -> IndexView.of(i.stats())).orElse(null);
        return new CorpusStatusView(
                service.properties().name(),
                service.state().name().toLowerCase(Locale.ROOT),
                withPaths ? service.sourceDirectory().toString() : name(service.sourceDirectory()),
                withPaths ? service.indexDirectory().toString() : name(service.indexDirectory()),
                service.progress().map(ProgressView::of).orElse(null),
                index,
                service.problem().orElse(null),
                null);
    }

    /** A directory's last segment: what a tenant may see of a server path. */
    static String name(Path dir) {
        Path last = dir.getFileName();
        return last == null ? "" : last.toString();
    }

    /**
     * @param phase          builder phase: TOKENIZE, SORT, WRITE, FINISH, DONE
     * @param percent        0–100, estimated from the source size
     * @param documents      documents read so far
     * @param tokens         tokens read so far
     * @param startedAt      build start
     * @param elapsedSeconds seconds since the start
     */
    public record ProgressView(
            String phase, double percent, long documents, long tokens, Instant startedAt, long elapsedSeconds) {
        static ProgressView of(CorpusIndexService.Progress p) {
            return new ProgressView(
                    p.phase(),
                    Math.round(p.percent() * 10) / 10.0,
                    p.documentsRead(),
                    p.tokensRead(),
                    p.startedAt(),
                    Duration.between(p.startedAt(), Instant.now()).toSeconds());
        }
    }

    /**
     * @param tokens        tokens indexed
     * @param documents     documents indexed
     * @param vocabulary    distinct tokens
     * @param shards        suffix-array shards
     * @param bytesOnDisk   size of the index files
     * @param bytesPerToken bytes on disk per token
     * @param tokenizer     {@code CASED} (exact-case matches, as Infini-gram) or {@code FOLDED}
     */
    public record IndexView(
            long tokens,
            long documents,
            long vocabulary,
            int shards,
            long bytesOnDisk,
            double bytesPerToken,
            String tokenizer) {
        static IndexView of(IndexStats s) {
            double bpt = s.bytesPerToken();
            return new IndexView(
                    s.tokens(),
                    s.documents(),
                    s.vocabularySize(),
                    s.shards().size(),
                    s.bytesOnDisk(),
                    Double.isNaN(bpt) ? 0 : Math.round(bpt * 100) / 100.0,
                    s.mode().name());
        }
    }
}

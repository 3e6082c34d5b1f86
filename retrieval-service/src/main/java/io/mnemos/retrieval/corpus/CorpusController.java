package io.mnemos.retrieval.corpus;

import io.mnemos.retrieval.collectionstats.CollectionStatsService;
import io.mnemos.web.problem.ServiceUnavailableProblem;
import io.mnemos.web.security.RequiresScope;
import io.mnemos.web.security.TenantContext;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Corpus statistics over the reference corpus (Infini-gram-style API) and the state of its index. The corpus is
 * shared by all tenants and read-only; building it needs the {@code admin} scope.
 */
@RestController
@RequestMapping(path = "/v1/corpus", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "corpus", description = "Infini-gram-style corpus statistics: counts, CNF co-occurrence, prob, next tokens")
public class CorpusController {
    private final CorpusIndexService corpus;
    private final CorpusQueries queries;
    private final ObjectProvider<CollectionStatsService> collections;

    public CorpusController(
            CorpusIndexService corpus, CorpusQueries queries, ObjectProvider<CollectionStatsService> collections) {
        this.corpus = corpus;
        this.queries = queries;
        this.collections = collections;
    }

    @GetMapping
    @RequiresScope("documents:read")
    @Operation(
            summary = "State of the reference corpus index",
            description = "State (not_loaded, building, ready, missing, failed), build progress, and index figures."
                    + " Does not start a build. `collections`: the caller's tenant index over its collection documents"
                    + " (state empty | building | ready | failed, documents, tokens, builtAt, pendingChanges).")
    public CorpusStatusView status() {
        CorpusStatusView view =
                CorpusStatusView.of(corpus, TenantContext.current().hasScope("admin"));
        CollectionStatsService stats = collections.getIfAvailable();
        return stats == null ? view : view.withCollections(stats.status(TenantContext.tenant()));
    }

    @PostMapping("/build")
    @RequiresScope("admin")
    @Operation(
            summary = "Open or build the index now",
            description = "Opens an existing index or starts building it in the background (also after a failed"
                    + " build). 202 with the state; follow the progress with GET /v1/corpus.")
    public ResponseEntity<CorpusStatusView> build() {
        corpus.startBuild();
        CorpusStatusView view = CorpusStatusView.of(corpus, true); // admin only
        return ResponseEntity.status(
                        corpus.state() == CorpusIndexService.State.READY ? HttpStatus.OK : HttpStatus.ACCEPTED)
                .body(view);
    }

    @PostMapping(path = "/query", consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope("documents:read")
    @Operation(
            summary = "Infini-gram-style query",
            description = "query_type count (n-gram or CNF such as \"A AND B\", \"A OR B AND C\"), prob, ntd or"
                    + " search_docs; the response carries the engine latency in ms. The first request opens or"
                    + " builds the index: 503 with Retry-After while it is being built. With \"index\": \"collections\""
                    + " the query runs over the caller's tenant's collection documents instead (404 when it has none,"
                    + " 503 while its first index is built; later changes are visible a few seconds after they"
                    + " commit).")
    public CorpusQueryResponse query(@RequestBody CorpusQueryRequest request) {
        if (CollectionStatsService.INDEX_NAME.equals(request.index())) {
            CollectionStatsService stats = collections.getIfAvailable();
            if (stats == null || !stats.properties().enabled()) {
                throw new ServiceUnavailableProblem(
                        "collections-index-disabled",
                        "Collection statistics disabled",
                        "Statistics over collection documents are disabled (mnemos.collection-stats.enabled).",
                        null,
                        null);
            }
            String tenant = TenantContext.tenant();
            return queries.run(request, () -> stats.acquire(tenant));
        }
        return queries.run(request);
    }
}

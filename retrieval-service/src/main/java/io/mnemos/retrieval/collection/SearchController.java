package io.mnemos.retrieval.collection;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mnemos.model.MiniLmEmbedder;
import io.mnemos.model.QueryVectors;
import io.mnemos.retrieval.search.HitExplanation;
import io.mnemos.retrieval.search.SearchMode;
import io.mnemos.retrieval.search.SearchResponse;
import io.mnemos.search.Fusion;
import io.mnemos.web.security.RequiresScope;
import io.mnemos.web.security.TenantContext;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Search in one collection of the caller's tenant: BM25, dense (int8 HNSW) or hybrid (fused). */
@RestController
@Tag(name = "Search", description = "BM25, dense and hybrid search in a collection")
public class SearchController {
    private final CollectionService collections;
    private final RetrievalProperties props;
    private final MiniLmEmbedder embedder;

    public SearchController(CollectionService collections, RetrievalProperties props, MiniLmEmbedder embedder) {
        this.collections = collections;
        this.props = props;
        this.embedder = embedder;
    }

    /** A search request. */
    public record SearchBody(
            @Schema(description = "plain text, no query syntax", example = "how is green tea made") @Nullable
                    String query,
            @Schema(description = "number of hits (default 10)", example = "5") @Nullable Integer k,
            @Schema(description = "bm25, dense or hybrid (default)", example = "hybrid") @Nullable String mode,
            @Schema(description = "fusion of hybrid search (default: the service's, convex alpha 0.5)") @Nullable
                    FusionBody fusion,
            @Schema(description = "exact-match metadata filters (all must match); key documentId filters on the id")
                    @Nullable
                    Map<String, String> filters,
            @Schema(description = "add highlighted passages (matches in <b>…</b>)") @Nullable Boolean highlight,
            @Schema(description = "add per-mode ranks and scores") @Nullable Boolean explain,
            @Schema(description = "one hit per document (its best chunk) instead of one per chunk") @Nullable
                    Boolean groupByDocument,
            @Schema(
                            description = "Optional: the query's embedding, computed by the caller with the model"
                                    + " named in queryVectorModel (384 finite values for all-MiniLM-L6-v2-int8), used"
                                    + " by dense and hybrid search instead of embedding the query again (bm25 still"
                                    + " reads the text). A wrong length or non-finite values of this service's model"
                                    + " answer 422; a vector of another model is ignored and the text embedded.",
                            example = "[0.0123, -0.0456, 0.0789]")
                    @Nullable
                    float[] queryVector,
            @Schema(
                            description = "the model that computed queryVector; required with it",
                            example = "all-MiniLM-L6-v2-int8")
                    @Nullable
                    String queryVectorModel) {}

    /** Fusion of hybrid search: {@code rrf} with {@code k}, or {@code convex} with {@code alpha}. */
    public record FusionBody(
            @Schema(description = "rrf or convex", example = "rrf") @Nullable String method,
            @Schema(description = "rrf rank constant (default mnemos.retrieval.search.rrf-k, 60)", example = "60")
                    @Nullable
                    Integer k,
            @Schema(description = "convex weight of the dense score, 0..1 (default mnemos.retrieval.search.alpha, 0.5)")
                    @Nullable
                    Double alpha) {}

    /** One hit: a chunk of a document. */
    public record Hit(
            String documentId,
            String chunkId,
            String title,
            String text,
            double score,
            Map<String, String> metadata,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable List<String> highlights,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable HitExplanation explanation) {}

    /** Hits, best first. */
    public record SearchResult(String collection, String mode, List<Hit> hits, double tookMs) {}

    @PostMapping(path = "/v1/collections/{collection}/search", consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(CollectionController.READ)
    @Operation(
            summary = "Search a collection",
            description = "Near-real-time: documents are searchable as soon as their ingestion returned.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content =
                                    @Content(
                                            examples =
                                                    @ExampleObject(
                                                            value =
                                                                    "{\"query\": \"how is green tea made\", \"k\": 5, \"mode\": \"hybrid\","
                                                                            + " \"fusion\": {\"method\": \"rrf\", \"k\": 60}, \"filters\": {\"lang\":"
                                                                            + " \"en\"}, \"highlight\": true, \"explain\": true}"))),
            responses = @ApiResponse(responseCode = "200", description = "Hits, best first"))
    public SearchResult search(@PathVariable String collection, @RequestBody SearchBody body) {
        RetrievalProperties.Search s = props.search();
        RetrievalProperties.Limits limits = props.limits();
        String query = body.query();
        if (query == null || query.isBlank()) {
            throw RetrievalProblems.invalid("query", "must not be blank");
        }
        if (query.length() > limits.maxQueryChars()) {
            throw RetrievalProblems.invalid(
                    "query", "must be at most " + limits.maxQueryChars() + " characters, got " + query.length());
        }
        int k = body.k() == null ? s.defaultK() : body.k();
        if (k < 1 || k > s.maxK()) {
            throw RetrievalProblems.invalid("k", "must be between 1 and " + s.maxK() + ", got " + k);
        }
        SearchMode mode = mode(body.mode());
        Fusion fusion = fusion(body.fusion(), mode);
        Map<String, String> filters = Inputs.filters(body.filters(), limits);
        boolean highlight = Boolean.TRUE.equals(body.highlight());
        boolean explain = Boolean.TRUE.equals(body.explain());
        float[] queryVector;
        try {
            queryVector = QueryVectors.usable(embedder, body.queryVectorModel(), body.queryVector())
                    .orElse(null);
        } catch (IllegalArgumentException e) {
            throw RetrievalProblems.invalidQueryVector(e.getMessage());
        }
        SearchResponse r = collections.search(TenantContext.tenant(), collection, query, b -> b.k(k).mode(mode)
                .fusion(fusion)
                .filters(filters)
                .highlight(highlight)
                .explain(explain)
                .groupByDocument(Boolean.TRUE.equals(body.groupByDocument()))
                .queryVector(queryVector));
        List<Hit> hits = r.hits().stream()
                .map(h -> new Hit(
                        h.documentId(),
                        h.chunkId(),
                        h.title(),
                        h.text(),
                        h.score(),
                        h.metadata(),
                        highlight ? h.highlights() : null,
                        explain ? h.explanation() : null))
                .toList();
        return new SearchResult(collection, mode.name().toLowerCase(Locale.ROOT), hits, r.tookMicros() / 1000.0);
    }

    static SearchMode mode(@Nullable String mode) {
        if (mode == null) {
            return SearchMode.HYBRID;
        }
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "bm25" -> SearchMode.BM25;
            case "dense" -> SearchMode.DENSE;
            case "hybrid" -> SearchMode.HYBRID;
            default -> throw RetrievalProblems.invalid("mode", "must be bm25, dense or hybrid");
        };
    }

    /** The request's fusion, or null for the service default. */
    @Nullable
    Fusion fusion(@Nullable FusionBody f, SearchMode mode) {
        if (f == null) {
            return null;
        }
        if (mode != SearchMode.HYBRID) {
            throw RetrievalProblems.invalid("fusion", "applies to mode hybrid only");
        }
        String method = f.method() == null ? "" : f.method().toLowerCase(Locale.ROOT);
        return switch (method) {
            case "rrf" -> {
                if (f.alpha() != null) {
                    throw RetrievalProblems.invalid("fusion.alpha", "applies to method convex, not rrf");
                }
                int k = f.k() == null ? props.search().rrfK() : f.k();
                if (k < 1 || k > 10_000) {
                    throw RetrievalProblems.invalid("fusion.k", "must be between 1 and 10000");
                }
                yield Fusion.rrf(k);
            }
            case "convex" -> {
                if (f.k() != null) {
                    throw RetrievalProblems.invalid("fusion.k", "applies to method rrf, not convex");
                }
                double alpha = f.alpha() == null ? props.search().alpha() : f.alpha();
                if (!(alpha >= 0 && alpha <= 1)) {
                    throw RetrievalProblems.invalid("fusion.alpha", "must be between 0 and 1");
                }
                yield Fusion.convex(alpha);
            }
            default -> throw RetrievalProblems.invalid("fusion.method", "must be rrf or convex");
        };
    }
}

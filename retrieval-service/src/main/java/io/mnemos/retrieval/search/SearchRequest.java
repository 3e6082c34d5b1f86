package io.mnemos.retrieval.search;

import io.mnemos.search.Fusion;
import java.util.Map;
import java.util.Objects;

/**
 * A search within one tenant.
 *
 * @param tenant tenant id (required)
 * @param collection collection name; null searches all the tenant's collections
 * @param query the user's query text (required, not blank); plain text, no query syntax
 * @param k number of hits wanted, 1..1000
 * @param mode BM25, DENSE or HYBRID
 * @param filters exact-match metadata filters ({@code key -> value}, all must match); the key {@code documentId}
 *     filters on the document id
 * @param explain add per-mode ranks and scores to each hit
 * @param highlight add highlighted passages (matched query terms in {@code <b>…</b>}) to each hit
 * @param fusion fusion for HYBRID; null = the retriever's default
 * @param groupByDocument one hit per document (its best chunk; document rank = best chunk rank in each mode before
 *     fusion) instead of one per chunk
 * @param queryVector the query already embedded (unit length, the index's model and dimension), used by DENSE and
 *     HYBRID instead of embedding {@code query}; null embeds {@code query}. Callers validate it (see {@code
 *     io.mnemos.model.QueryVectors}); BM25 still reads {@code query}
 */
public record SearchRequest(
        String tenant,
        String collection,
        String query,
        int k,
        SearchMode mode,
        Map<String, String> filters,
        boolean explain,
        boolean highlight,
        Fusion fusion,
        boolean groupByDocument,
        float[] queryVector) {

    public static final int MAX_K = 1000;

    public SearchRequest {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(mode, "mode");
        if (query.isBlank()) {
            throw new IllegalArgumentException("query must not be blank");
        }
        if (k < 1 || k > MAX_K) {
            throw new IllegalArgumentException("k must be in 1.." + MAX_K + ", was " + k);
        }
        filters = filters == null ? Map.of() : Map.copyOf(filters);
    }

    /** Hybrid, top 10, default fusion, per chunk. */
    public static SearchRequest of(String tenant, String collection, String query) {
        return builder(tenant, query).collection(collection).build();
    }

    public static Builder builder(String tenant, String query) {
        return new Builder(tenant, query);
    }

    /** Mutable builder; defaults: k 10, HYBRID, no filters, no explain/highlight, default fusion, per chunk. */
    public static final class Builder {
        private final String tenant;
        private final String query;
        private String collection;
        private int k = 10;
        private SearchMode mode = SearchMode.HYBRID;
        private Map<String, String> filters = Map.of();
        private boolean explain;
        private boolean highlight;
        private Fusion fusion;
        private boolean groupByDocument;
        private float[] queryVector;

        private Builder(String tenant, String query) {
            this.tenant = tenant;
            this.query = query;
        }

        public Builder collection(String c) {
            this.collection = c;
            return this;
        }

        public Builder k(int v) {
            this.k = v;
            return this;
        }

        public Builder mode(SearchMode m) {
            this.mode = m;
            return this;
        }

        public Builder filters(Map<String, String> f) {
            this.filters = f;
            return this;
        }

        public Builder explain(boolean v) {
            this.explain = v;
            return this;
        }

        public Builder highlight(boolean v) {
            this.highlight = v;
            return this;
        }

        public Builder fusion(Fusion f) {
            this.fusion = f;
            return this;
        }

        public Builder groupByDocument(boolean v) {
            this.groupByDocument = v;
            return this;
        }

        /** The query's precomputed unit vector (null: embed the query text). */
        public Builder queryVector(float[] v) {
            this.queryVector = v;
            return this;
        }

        public SearchRequest build() {
            return new SearchRequest(
                    tenant,
                    collection,
                    query,
                    k,
                    mode,
                    filters,
                    explain,
                    highlight,
                    fusion,
                    groupByDocument,
                    queryVector);
        }
    }
}

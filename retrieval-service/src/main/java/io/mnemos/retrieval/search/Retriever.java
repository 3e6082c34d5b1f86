package io.mnemos.retrieval.search;

/**
 * Searches a tenant's indexed chunks.
 *
 * <p>Edge cases: a tenant or collection with no index returns no hits (never an error, never creates anything); a
 * query whose words are all stop words returns no BM25 hits (dense still runs); hits are ordered by descending score,
 * ties by index order; at most {@code k} hits. Results only ever come from the request's tenant. Implementations are
 * thread-safe.
 */
public interface Retriever {

    /**
     * Runs the search.
     *
     * @throws IllegalArgumentException for an invalid tenant id or request
     */
    SearchResponse search(SearchRequest request);

    /** Hybrid search with default fusion, top {@code k} chunks. */
    default SearchResponse search(String tenant, String collection, String query, int k) {
        return search(
                SearchRequest.builder(tenant, query).collection(collection).k(k).build());
    }
}

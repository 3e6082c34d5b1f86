package io.mnemos.retrieval.collection;

import io.mnemos.retrieval.search.Retriever;
import io.mnemos.retrieval.search.SearchHit;
import io.mnemos.retrieval.search.SearchRequest;
import io.mnemos.retrieval.search.SearchResponse;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The {@link Retriever} for other packages (the grounding gate): collections are named as clients name them. The index
 * keys chunks by collection id (see {@link CollectionService}); this resolves the request's collection name in the
 * tenant's collections and names the hits' collections back. An unknown collection has no hits; a request without a
 * collection searches all the tenant's collections.
 */
public final class CollectionRetriever implements Retriever {
    private final Retriever index;
    private final CollectionStore store;

    public CollectionRetriever(Retriever index, CollectionStore store) {
        this.index = Objects.requireNonNull(index);
        this.store = Objects.requireNonNull(store);
    }

    @Override
    public SearchResponse search(SearchRequest r) {
        long start = System.nanoTime();
        Map<String, String> names;
        String key = null;
        if (r.collection() != null) {
            Optional<Collection> c = store.find(r.tenant(), r.collection());
            if (c.isEmpty()) {
                return SearchResponse.empty((System.nanoTime() - start) / 1000);
            }
            key = c.get().id().toString();
            names = Map.of(key, c.get().name());
        } else {
            names = store.list(r.tenant()).stream()
                    .collect(Collectors.toMap(c -> c.collection().id().toString(), c -> c.collection()
                            .name()));
        }
        SearchResponse response = index.search(new SearchRequest(
                r.tenant(),
                key,
                r.query(),
                r.k(),
                r.mode(),
                r.filters(),
                r.explain(),
                r.highlight(),
                r.fusion(),
                r.groupByDocument(),
                r.queryVector()));
        List<SearchHit> hits = response.hits().stream()
                .filter(h -> names.containsKey(h.collection())) // chunks of a collection deleted meanwhile
                .map(h -> new SearchHit(
                        names.get(h.collection()),
                        h.documentId(),
                        h.chunkId(),
                        h.title(),
                        h.text(),
                        h.score(),
                        h.metadata(),
                        h.highlights(),
                        h.explanation()))
                .toList();
        return new SearchResponse(hits, (System.nanoTime() - start) / 1000);
    }
}

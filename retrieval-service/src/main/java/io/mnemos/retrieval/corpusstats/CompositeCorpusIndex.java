package io.mnemos.retrieval.corpusstats;

import io.mnemos.retrieval.corpusstats.internal.IndexPart;
import io.mnemos.retrieval.corpusstats.internal.ShardedCorpusIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * Several indexes queried as one: counts, co-occurrences and distributions are summed over the shards of all
 * members, as Infini-gram sums over shards. The intended use is a large on-disk main index plus small in-memory
 * delta indexes of recently added documents ({@link CorpusIndexBuilder#buildInMemory}), merged into a rebuilt main
 * index in the background later. Each member keeps its own vocabulary; query tokens are looked up per member.
 *
 * <p>Documents are numbered member after member. The subsampling cap of {@link #cnf} is divided over all shards of all
 * members. Members must share the tokenizer mode. Closing a composite does not close its members.
 */
public final class CompositeCorpusIndex implements CorpusIndex {

    private final List<CorpusIndex> members;
    private final ShardedCorpusIndex engine;

    private CompositeCorpusIndex(List<CorpusIndex> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a composite index needs at least one member");
        }
        this.members = List.copyOf(members);
        List<IndexPart> parts = new ArrayList<>();
        for (CorpusIndex m : members) {
            parts.addAll(partsOf(m));
        }
        this.engine = new ShardedCorpusIndex(parts, false);
    }

    public static CompositeCorpusIndex of(CorpusIndex... members) {
        return new CompositeCorpusIndex(List.of(members));
    }

    public static CompositeCorpusIndex of(List<? extends CorpusIndex> members) {
        return new CompositeCorpusIndex(List.copyOf(members));
    }

    /** A new composite with {@code index} appended (e.g. a further delta). */
    public CompositeCorpusIndex with(CorpusIndex index) {
        List<CorpusIndex> next = new ArrayList<>(members);
        next.add(index);
        return new CompositeCorpusIndex(next);
    }

    public List<CorpusIndex> members() {
        return members;
    }

    private static List<IndexPart> partsOf(CorpusIndex index) {
        if (index instanceof ShardedCorpusIndex s) {
            return s.parts();
        }
        if (index instanceof CompositeCorpusIndex c) {
            return c.engine.parts();
        }
        throw new IllegalArgumentException(
                "unsupported index implementation: " + index.getClass().getName());
    }

    @Override
    public Tokenizer tokenizer() {
        return engine.tokenizer();
    }

    @Override
    public CountResult count(String ngram) {
        return engine.count(ngram);
    }

    @Override
    public CountResult count(List<String> tokens) {
        return engine.count(tokens);
    }

    @Override
    public CountResult cnf(CnfQuery query, int maxDiffTokens, int maxClauseFreq) {
        return engine.cnf(query, maxDiffTokens, maxClauseFreq);
    }

    @Override
    public ProbResult prob(String ngram) {
        return engine.prob(ngram);
    }

    @Override
    public ProbResult prob(String prompt, String next) {
        return engine.prob(prompt, next);
    }

    @Override
    public NextTokenResult nextTokens(String prompt, int topK, int maxSupport) {
        return engine.nextTokens(prompt, topK, maxSupport);
    }

    @Override
    public SearchDocsResult searchDocs(CnfQuery query, int maxDiffTokens, int maxClauseFreq, int limit) {
        return engine.searchDocs(query, maxDiffTokens, maxClauseFreq, limit);
    }

    @Override
    public DocumentView document(long docIndex) {
        return engine.document(docIndex);
    }

    @Override
    public IndexStats stats() {
        return engine.stats();
    }

    /** Does nothing: members are owned by the caller. */
    @Override
    public void close() {}
}

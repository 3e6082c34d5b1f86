package io.mnemos.retrieval.corpusstats.internal;

import io.mnemos.retrieval.corpusstats.TokenizerMode;
import java.util.List;

/**
 * One built index: a vocabulary, its shards and document ids. A {@link ShardedCorpusIndex} queries one or more parts
 * (a composite of a main index and delta indexes has several, each with its own vocabulary).
 *
 * @param bytesOnDisk all files of the part (0 in memory)
 * @param resource closed with the part (the memory-mapping arena), may be null
 */
public record IndexPart(
        Vocabulary vocab,
        TokenizerMode mode,
        List<Shard> shards,
        String[] docIds,
        long bytesOnDisk,
        AutoCloseable resource) {

    public IndexPart {
        shards = List.copyOf(shards);
        long docs = 0;
        for (Shard s : shards) {
            docs += s.docCount();
        }
        if (docs != docIds.length) {
            throw new IllegalArgumentException(
                    "shards hold " + docs + " documents but " + docIds.length + " ids given");
        }
    }

    public long tokens() {
        long t = 0;
        for (Shard s : shards) {
            t += s.length() - s.docCount();
        }
        return t;
    }
}

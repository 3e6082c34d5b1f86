package io.mnemos.retrieval.corpusstats;

import java.util.List;

/**
 * Size and layout of an index.
 *
 * @param mode tokenizer mode the index was built with
 * @param tokens total tokens (document separators excluded); {@code count("")} returns this
 * @param documents total documents
 * @param vocabularySize distinct token strings (the separator excluded); summed over the members of a composite
 * @param shards per-shard figures, in query order
 * @param bytesOnDisk all files of the index (0 for in-memory indexes)
 */
public record IndexStats(
        TokenizerMode mode,
        long tokens,
        long documents,
        long vocabularySize,
        List<ShardStats> shards,
        long bytesOnDisk) {

    public IndexStats {
        shards = List.copyOf(shards);
    }

    /** Bytes on disk per token; NaN for an empty or in-memory index. */
    public double bytesPerToken() {
        return tokens == 0 || bytesOnDisk == 0 ? Double.NaN : (double) bytesOnDisk / tokens;
    }
}

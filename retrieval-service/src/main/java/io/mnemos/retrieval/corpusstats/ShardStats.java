package io.mnemos.retrieval.corpusstats;

/**
 * One suffix-array shard.
 *
 * @param positions token array length including one document separator per document
 * @param tokens real tokens (positions minus separators)
 * @param documents documents in this shard
 * @param tokenWidth bytes per stored token id (1–4, from the largest id in the shard)
 * @param pointerWidth bytes per suffix-array pointer (1–4, from the shard length)
 * @param bytes bytes of this shard's files on disk (0 for an in-memory shard)
 */
public record ShardStats(long positions, long tokens, long documents, int tokenWidth, int pointerWidth, long bytes) {}

package io.mnemos.retrieval.search;

import java.util.List;
import java.util.Map;

/**
 * One result: a chunk (or, with {@link SearchRequest#groupByDocument()}, a document represented by its best chunk).
 *
 * @param collection the chunk's collection
 * @param documentId its document
 * @param chunkId the chunk ({@code documentId#n})
 * @param title the document title
 * @param text the chunk text
 * @param score the final score (BM25, vector similarity, or fused score); higher is better
 * @param metadata the document's metadata
 * @param highlights highlighted passages of the text, best first; empty unless requested
 * @param explanation per-mode ranks and scores; null unless requested
 */
public record SearchHit(
        String collection,
        String documentId,
        String chunkId,
        String title,
        String text,
        double score,
        Map<String, String> metadata,
        List<String> highlights,
        HitExplanation explanation) {}

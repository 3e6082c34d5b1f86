package io.mnemos.retrieval.index;

/** Names of the Lucene fields of a chunk document (one Lucene document per chunk). */
public final class IndexFields {
    private IndexFields() {}

    /** Tenant id: keyword, stored. Redundant with the per-tenant directory; every query filters on it as well. */
    public static final String TENANT = "tenant";
    /** Collection name: keyword, stored. */
    public static final String COLLECTION = "collection";
    /** Document id: keyword, stored. */
    public static final String DOCUMENT_ID = "documentId";
    /**
     * {@code collection + '\u0000' + documentId}: keyword (the term {@code updateDocuments} and deletes use) and sorted
     * doc values (per-document grouping of hits without reading stored fields).
     */
    public static final String DOC_KEY = "docKey";
    /** Chunk id ({@code documentId#n}): keyword, stored. */
    public static final String CHUNK_ID = "chunkId";
    /** Chunk ordinal within its document: stored int. */
    public static final String ORDINAL = "ordinal";
    /** Title: analysed (BM25), stored. */
    public static final String TITLE = "title";
    /** Body text: analysed (BM25) with positions and offsets (highlighting from postings), stored. */
    public static final String TEXT = "text";
    /**
     * The chunk with its neighbouring chunks' text: analysed (BM25, frequencies, no positions), not stored. Lets BM25
     * score a chunk with document-level evidence (terms spread over adjacent chunks) at a bounded index cost.
     */
    public static final String CONTEXT = "context";
    /** Dense vector: HNSW, dot product over unit vectors (= cosine). */
    public static final String VECTOR = "vector";
    /** Prefix of metadata fields: {@code meta.<key>} keyword, stored. */
    public static final String META_PREFIX = "meta.";

    public static String docKey(String collection, String documentId) {
        return collection + '\u0000' + documentId;
    }
}

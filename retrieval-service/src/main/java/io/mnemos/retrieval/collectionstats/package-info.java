/**
 * Per-tenant corpus statistics over the documents ingested into collections: a small suffix-array index per tenant,
 * rebuilt in the background from a per-tenant text store a few seconds after the tenant's documents change, and
 * swapped in atomically. Queried through {@code POST /v1/corpus/query} with {@code "index": "collections"} and by the
 * grounding gate with {@code "corpus": "collections" | "both"}.
 */
package io.mnemos.retrieval.collectionstats;

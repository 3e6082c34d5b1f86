/**
 * The reference corpus behind corpus statistics: {@link io.mnemos.retrieval.corpus.CorpusIndexService} opens the
 * suffix-array index (see {@code corpusstats}) from the data directory or builds it lazily in the background (503 with
 * {@code Retry-After} meanwhile), and {@link io.mnemos.retrieval.corpus.CorpusController} exposes Infini-gram-shaped
 * queries ({@code POST /v1/corpus/query}) and the index state ({@code GET /v1/corpus}). The corpus is shared by all
 * tenants and read-only. Design: docs/grounding.md.
 */
package io.mnemos.retrieval.corpus;

/**
 * Corpus statistics in the style of Infini-gram: a word-level {@link io.mnemos.retrieval.corpusstats.Tokenizer},
 * SA-IS suffix arrays over the token ids, built per shard ({@link io.mnemos.retrieval.corpusstats.CorpusIndexBuilder})
 * into flat little-endian files that are memory-mapped for queries
 * ({@link io.mnemos.retrieval.corpusstats.CorpusIndex#open}).
 *
 * <p>A count is two binary searches over each shard's suffix array (the range of suffixes that start with the
 * n-gram), summed over shards. CNF co-occurrence ({@code A OR B AND C}) collects the positions of every clause from
 * those ranges, anchors on the rarest clause and keeps the anchor occurrences that have every other clause within a
 * token window inside the same document, subsampling clauses above a cap as Infini-gram does. See
 * {@code docs/corpus-stats.md} for the file format, the exact semantics and measured figures.
 *
 * <p>Plain Java, no Spring: the HTTP layer wraps {@link io.mnemos.retrieval.corpusstats.CorpusIndex}.
 */
package io.mnemos.retrieval.corpusstats;

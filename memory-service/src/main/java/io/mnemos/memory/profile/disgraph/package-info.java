/**
 * DisGraph: a per-user in-memory distance graph for profile retrieval (SPEC §7.2).
 *
 * <p>Nodes are fact embeddings; each node links to its nearest neighbours by cosine distance (a single-layer
 * navigable small-world graph, built incrementally: a new node is linked to the diverse nearest neighbours found by a
 * beam search, and they link back, keeping their {@code maxDegree} closest). A query starts from the best few of a
 * reservoir sample of "pivot" nodes (a cheap stand-in for HNSW's upper layers), runs a best-first beam search of width
 * {@code ef}, then expands the result by at most {@code h} hops, admitting nodes within cosine distance {@code τ} of
 * the query. Deleted nodes stay in the graph as routing points and are never returned. {@link
 * io.mnemos.memory.profile.disgraph.DisGraph#exactSearch} is the brute-force baseline.
 *
 * <p>Vectors are stored as float32, or, with {@code quantized}, as int8 with one scale per vector (4× less memory, a
 * small recall cost): enough for a million 384-d nodes in well under 1 GB of heap. Dot products go through Lucene's
 * {@code VectorUtil}, which uses the Panama vector API when {@code jdk.incubator.vector} is present.
 */
package io.mnemos.memory.profile.disgraph;

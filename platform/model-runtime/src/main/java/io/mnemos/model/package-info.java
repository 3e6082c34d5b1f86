/**
 * Text embeddings for Mnemos, in-process and offline, with no Spring dependency.
 *
 * <ul>
 *   <li>{@link io.mnemos.model.Embedder}: the seam; L2-normalised vectors, thread-safe.
 *   <li>{@link io.mnemos.model.MiniLmEmbedder}: int8 all-MiniLM-L6-v2 through ONNX Runtime, with the model and tokenizer
 *       read from LangChain4j's jar, a 256-token window (LangChain4j's own wrapper stops at 128), lazy loading and
 *       batched {@code embedAll}.
 *   <li>{@link io.mnemos.model.CachingEmbedder}: a bounded text → vector cache in front of any embedder.
 *   <li>{@link io.mnemos.model.BatchingEmbedder}: coalesces concurrent single-text calls into batches (measure before
 *       using it; see the module README).
 * </ul>
 *
 * <p>Services wire these as singletons themselves, e.g. {@code new CachingEmbedder(new MiniLmEmbedder(), 10_000)}.
 */
package io.mnemos.model;

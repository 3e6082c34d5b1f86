package io.mnemos.model;

import java.util.List;

/**
 * Turns text into dense vectors for semantic search.
 *
 * <p>Vectors are L2-normalised, so cosine similarity equals the dot product. Implementations are thread-safe. Text
 * longer than the model's input window is truncated by the model ({@link #maxInputTokens()}); callers that care chunk
 * first.
 */
public interface Embedder {
    /**
     * Embeds every text, in order.
     *
     * @param texts the texts; may be empty (returns an empty list); no element may be null
     * @return one vector of length {@link #dimension()} per text, in the same order
     */
    List<float[]> embedAll(List<String> texts);

    /** Embeds one text. */
    default float[] embed(String text) {
        return embedAll(List.of(text)).getFirst();
    }

    /** Length of every vector this embedder returns. */
    int dimension();

    /** Word pieces the model reads before truncating. */
    int maxInputTokens();

    /**
     * Names the model behind the vectors: two embedders with the same id give comparable vectors, so a query vector
     * computed by one service can be searched by another ({@link QueryVectors}). Decorators return their delegate's
     * id. The default, the implementing class's name, keeps unrelated implementations (test fakes) apart.
     */
    default String modelId() {
        return getClass().getName();
    }
}

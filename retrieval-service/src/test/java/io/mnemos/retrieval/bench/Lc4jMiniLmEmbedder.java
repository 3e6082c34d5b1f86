package io.mnemos.retrieval.bench;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.mnemos.model.Embedder;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-only {@link Embedder} over LangChain4j's int8 all-MiniLM-L6-v2 (its tokenizer truncates at 128 tokens). Used
 * where the platform's {@code MiniLmEmbedder} is not available.
 */
public final class Lc4jMiniLmEmbedder implements Embedder {
    private final AllMiniLmL6V2QuantizedEmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();

    @Override
    public List<float[]> embedAll(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        List<float[]> out = new ArrayList<>(texts.size());
        int batch = 256;
        for (int i = 0; i < texts.size(); i += batch) {
            List<TextSegment> seg = texts.subList(i, Math.min(texts.size(), i + batch)).stream()
                    .map(TextSegment::from)
                    .toList();
            model.embedAll(seg).content().forEach(e -> out.add(e.vector()));
        }
        return out;
    }

    @Override
    public float[] embed(String text) {
        return model.embed(text).content().vector();
    }

    @Override
    public int dimension() {
        return 384;
    }

    @Override
    public int maxInputTokens() {
        return 128;
    }
}

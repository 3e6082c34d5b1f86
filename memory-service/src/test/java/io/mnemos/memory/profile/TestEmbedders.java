package io.mnemos.memory.profile;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.mnemos.model.Embedder;
import io.mnemos.model.MiniLmEmbedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Embedders for tests: a deterministic bag-of-words fake, the platform's {@link MiniLmEmbedder} (int8
 * all-MiniLM-L6-v2, in-process ONNX), and the same model through LangChain4j's stock class.
 */
public final class TestEmbedders {

    private static volatile Embedder miniLm;
    private static volatile Embedder langChain4j;

    private TestEmbedders() {}

    /**
     * Hashes lower-case words (and word bigrams) into {@code dimension} buckets and normalises: texts sharing words
     * are similar, others nearly orthogonal. Deterministic, instant.
     */
    public static Embedder fake(int dimension) {
        return new Embedder() {
            @Override
            public List<float[]> embedAll(List<String> texts) {
                List<float[]> out = new ArrayList<>();
                for (String t : texts) {
                    float[] v = new float[dimension];
                    String[] words = t.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+");
                    String prev = null;
                    for (String w : words) {
                        if (w.isEmpty()) {
                            continue;
                        }
                        bump(v, w, 1f);
                        if (prev != null) {
                            bump(v, prev + " " + w, 0.5f);
                        }
                        prev = w;
                    }
                    double n = 0;
                    for (float x : v) {
                        n += x * x;
                    }
                    if (n == 0) {
                        v[0] = 1;
                        n = 1;
                    }
                    float inv = (float) (1 / Math.sqrt(n));
                    for (int i = 0; i < v.length; i++) {
                        v[i] *= inv;
                    }
                    out.add(v);
                }
                return out;
            }

            private void bump(float[] v, String token, float weight) {
                int h = token.hashCode() * 0x9E3779B9;
                v[Math.floorMod(h, dimension)] += (h & 0x10000) == 0 ? weight : -weight;
            }

            @Override
            public int dimension() {
                return dimension;
            }

            @Override
            public int maxInputTokens() {
                return 512;
            }
        };
    }

    /** The platform's {@link MiniLmEmbedder} (384-d, normalised); one per JVM. */
    public static Embedder miniLm() {
        if (miniLm == null) {
            synchronized (TestEmbedders.class) {
                if (miniLm == null) {
                    miniLm = new MiniLmEmbedder();
                }
            }
        }
        return miniLm;
    }

    /** The same int8 all-MiniLM-L6-v2 through LangChain4j's {@code AllMiniLmL6V2QuantizedEmbeddingModel}. */
    public static Embedder langChain4jMiniLm() {
        if (langChain4j == null) {
            synchronized (TestEmbedders.class) {
                if (langChain4j == null) {
                    AllMiniLmL6V2QuantizedEmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();
                    langChain4j = new Embedder() {
                        @Override
                        public List<float[]> embedAll(List<String> texts) {
                            if (texts.isEmpty()) {
                                return List.of();
                            }
                            return model
                                    .embedAll(texts.stream()
                                            .map(TextSegment::from)
                                            .toList())
                                    .content()
                                    .stream()
                                    .map(e -> e.vector())
                                    .toList();
                        }

                        @Override
                        public int dimension() {
                            return 384;
                        }

                        @Override
                        public int maxInputTokens() {
                            return 126;
                        }
                    };
                }
            }
        }
        return langChain4j;
    }
}

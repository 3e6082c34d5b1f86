package io.mnemos.retrieval.corpus;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mnemos.retrieval.corpusstats.BuildProgress;
import io.mnemos.retrieval.corpusstats.CorpusIndex;
import io.mnemos.retrieval.corpusstats.CorpusIndexBuilder;
import io.mnemos.retrieval.corpusstats.Document;
import io.mnemos.retrieval.corpusstats.TokenizerMode;
import io.mnemos.retrieval.corpusstats.gutenberg.GutenbergCorpus;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Owns the reference corpus's suffix-array index: opens it from {@code indexDir} on first use, or builds it there in
 * the background from {@code source} and answers 503 (with {@code Retry-After} and the progress) until it is ready.
 * The index is memory-mapped, so it costs little heap once open; a build runs on one background thread with bounded
 * heap (see {@link CorpusProperties#maxTokensPerShard()}), is written atomically (a half-built index is never seen),
 * and is reused after restarts.
 *
 * <p>The corpus is a platform-wide, read-only reference (a stand-in for a pre-training corpus, as in QuCo-RAG), not
 * tenant data: every tenant queries the same statistics.
 */
@Service
public class CorpusIndexService {
    private static final Logger log = LoggerFactory.getLogger(CorpusIndexService.class);

    /** Lifecycle states, as shown by {@code GET /v1/corpus}. */
    public enum State {
        /** Nothing has asked for the index yet. */
        NOT_LOADED,
        /** The source directory is missing or unreadable and no index exists: configuration needed. */
        MISSING,
        BUILDING,
        READY,
        FAILED
    }

    /**
     * Build progress.
     *
     * @param phase          current builder phase
     * @param percent        0–100 (estimated from the source size; 100 once done)
     * @param documentsRead  documents tokenized so far
     * @param tokensRead     tokens produced so far
     * @param startedAt      when the build started
     */
    public record Progress(String phase, double percent, long documentsRead, long tokensRead, Instant startedAt) {}

    private final CorpusProperties props;
    private final Path sourceDir;
    private final Path indexDir;

    private volatile State state = State.NOT_LOADED;
    private volatile @Nullable CorpusIndex index;
    private volatile @Nullable Progress progress;
    private volatile @Nullable String problem;
    private volatile @Nullable Thread builder;
    private volatile boolean closed;
    private volatile int lastLoggedDecile = -1;

    /** Opens the corpus source (a seam for tests that need a slow or failing build). */
    @FunctionalInterface
    interface SourceOpener {
        CorpusSource open(Path dir, int wordsPerDocument) throws IOException;
    }

    private final SourceOpener opener;

    @Autowired
    public CorpusIndexService(
            CorpusProperties props,
            @Value("${mnemos.data-dir:.data/retrieval-service}") String dataDir,
            ObjectProvider<MeterRegistry> meters) {
        this(props, dataDir, meters.getIfAvailable(SimpleMeterRegistry::new), CorpusSource::open);
    }

    CorpusIndexService(CorpusProperties props, String dataDir, MeterRegistry registry, SourceOpener opener) {
        this.opener = opener;
        this.props = props;
        this.sourceDir = GutenbergCorpus.resolve(props.source());
        this.indexDir = props.indexDir() == null || props.indexDir().isBlank()
                ? Path.of(dataDir)
                        .resolve("corpus")
                        .resolve(props.name())
                        .toAbsolutePath()
                        .normalize()
                : Path.of(props.indexDir()).toAbsolutePath().normalize();
        Gauge.builder("mnemos.corpus.index.ready", this, s -> s.state == State.READY ? 1 : 0)
                .description("1 when the reference corpus index is open")
                .register(registry);
        Gauge.builder("mnemos.corpus.index.build.percent", this, s -> {
                    Progress p = s.progress;
                    return p == null ? 0 : p.percent();
                })
                .description("progress of the reference corpus index build")
                .register(registry);
    }

    /** Starts a background build after startup when {@code mnemos.corpus.build-on-startup} is set. */
    @EventListener(ApplicationReadyEvent.class)
    void onReady() {
        if (props.buildOnStartup()) {
            log.info("mnemos.corpus.build-on-startup is set: preparing the corpus index in the background");
            Thread.ofPlatform().daemon().name("corpus-index-open").start(this::tryAcquire);
        }
    }

    private void tryAcquire() {
        try {
            acquire();
        } catch (RuntimeException e) {
            // state and logs already say why
        }
    }

    public CorpusProperties properties() {
        return props;
    }

    public Path sourceDirectory() {
        return sourceDir;
    }

    public Path indexDirectory() {
        return indexDir;
    }

    public State state() {
        return state;
    }

    public Optional<Progress> progress() {
        return Optional.ofNullable(progress);
    }

    /** Why the index is missing or failed, if it is. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** The open index, if ready; never starts anything. */
    public Optional<CorpusIndex> current() {
        return Optional.ofNullable(index);
    }

    /**
     * The index, opening or starting to build it if needed.
     *
     * @throws CorpusUnavailableException while it is being built, when the corpus is missing, or after a failed build
     */
    public CorpusIndex acquire() {
        CorpusIndex ready = index;
        if (ready != null) {
            return ready;
        }
        synchronized (this) {
            if (index != null) {
                return index;
            }
            if (closed) {
                throw new CorpusUnavailableException(
                        State.FAILED, "The service is shutting down.", null, props.retryAfter());
            }
            if (state == State.NOT_LOADED || state == State.MISSING) {
                load();
            }
            if (index != null) {
                return index;
            }
            throw new CorpusUnavailableException(state, problem, progress, props.retryAfter());
        }
    }

    /**
     * Starts a build now unless one is running or the index is open (an explicit request, e.g. after a failed
     * build or to build before the first query).
     *
     * @return the state after the call
     */
    public synchronized State startBuild() {
        if (state == State.BUILDING || state == State.READY) {
            return state;
        }
        if (state == State.NOT_LOADED) {
            load();
            return state;
        }
        beginBuild();
        return state;
    }

    /** Waits until the index is ready (tests, tools); false on timeout or when the build cannot succeed. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                acquire();
                return true;
            } catch (CorpusUnavailableException e) {
                if (e.state() != State.BUILDING) {
                    return false;
                }
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** Opens an existing index, or checks the source and starts a build. Called with the lock held. */
    private void load() {
        if (Files.isRegularFile(indexDir.resolve("manifest.properties"))) {
            try {
                CorpusIndex opened = CorpusIndex.open(indexDir);
                var stats = opened.stats();
                index = opened;
                problem = null;
                state = State.READY;
                log.info(
                        "Corpus index '{}' opened from {}: {} tokens, {} documents, {} shards",
                        props.name(),
                        indexDir,
                        stats.tokens(),
                        stats.documents(),
                        stats.shards().size());
                return;
            } catch (IOException | RuntimeException e) {
                log.warn("Corpus index in {} cannot be opened ({}); rebuilding it", indexDir, e.getMessage());
            }
        }
        beginBuild();
    }

    private void beginBuild() {
        CorpusSource source;
        try {
            source = opener.open(sourceDir, props.wordsPerDocument());
        } catch (IOException | RuntimeException e) {
            boolean known = state == State.MISSING;
            state = State.MISSING;
            // Shown to every tenant (GET /v1/corpus, 503 problems): no server paths; the log has them and the cause.
            problem = "The reference corpus '" + CorpusStatusView.name(sourceDir) + "' cannot be read."
                    + " Set mnemos.corpus.source (environment MNEMOS_CORPUS_SOURCE) to a Project Gutenberg sample"
                    + " directory (manifest.tsv + gutenberg-shard-*.txt.gz) or a directory of .txt/.md files,"
                    + " or place a built index in mnemos.corpus.index-dir; the service log says why it failed.";
            if (!known) {
                log.warn(
                        "Corpus index '{}' unavailable: the source {} cannot be read ({}) and there is no index in {}",
                        props.name(),
                        sourceDir,
                        e.getMessage(),
                        indexDir);
            }
            return;
        }
        Instant started = Instant.now();
        progress = new Progress("TOKENIZE", 0, 0, 0, started);
        problem = null;
        state = State.BUILDING;
        lastLoggedDecile = -1;
        log.info(
                "Building corpus index '{}' from {} into {} in the background (roughly {} tokens; queries get 503"
                        + " until it is ready)",
                props.name(),
                source.describe(),
                indexDir,
                source.expectedTokens());
        Thread t = Thread.ofPlatform()
                .daemon()
                .name("corpus-index-build")
                .priority(Thread.MIN_PRIORITY)
                .unstarted(() -> build(source, started));
        builder = t;
        t.start();
    }

    private void build(CorpusSource source, Instant started) {
        try (CorpusSource.DocumentIterator docs = source.documents()) {
            CorpusIndexBuilder.BuildSummary summary = CorpusIndexBuilder.create()
                    .tokenizerMode(TokenizerMode.CASED)
                    .maxTokensPerShard(props.maxTokensPerShard())
                    .expectedTokens(source.expectedTokens())
                    .overwrite(true)
                    .progress(e -> onProgress(e, started))
                    .build(cancellable(docs), indexDir);
            CorpusIndex opened = CorpusIndex.open(indexDir);
            synchronized (this) {
                if (closed) {
                    opened.close();
                    return;
                }
                index = opened;
                state = State.READY;
                progress = new Progress(
                        "DONE",
                        100,
                        summary.stats().documents(),
                        summary.stats().tokens(),
                        started);
            }
            log.info(
                    "Corpus index '{}' ready after {} s: {} tokens, {} documents, {} bytes on disk ({} per token)",
                    props.name(),
                    summary.elapsedNanos() / 1_000_000_000,
                    summary.stats().tokens(),
                    summary.stats().documents(),
                    summary.stats().bytesOnDisk(),
                    String.format(java.util.Locale.ROOT, "%.2f", summary.stats().bytesPerToken()));
        } catch (CancellationException e) {
            log.info("Corpus index build cancelled (shutdown)");
            state = State.FAILED;
            problem = "the build was cancelled by a shutdown";
        } catch (Exception | OutOfMemoryError e) {
            state = State.FAILED;
            // e's message may hold server paths: only its type is shown, the log has the rest
            problem = "The corpus index build failed (" + e.getClass().getSimpleName()
                    + "). Fix the cause (see the service log), then POST /v1/corpus/build to try again.";
            log.error("Corpus index build for '{}' failed", props.name(), e);
        } finally {
            builder = null;
        }
    }

    private void onProgress(BuildProgress.Event e, Instant started) {
        double percent = e.phase() == BuildProgress.Phase.DONE ? 100 : Math.max(0, Math.min(99.9, e.percent()));
        progress = new Progress(e.phase().name(), percent, e.documentsRead(), e.tokensRead(), started);
        int decile = (int) (percent / 10);
        if (decile > lastLoggedDecile) {
            lastLoggedDecile = decile;
            log.info(
                    "Corpus index build: {}% ({}, {} documents, {} tokens, {} s)",
                    String.format(java.util.Locale.ROOT, "%.0f", percent),
                    e.phase(),
                    e.documentsRead(),
                    e.tokensRead(),
                    Duration.between(started, Instant.now()).toSeconds());
        }
    }

    private Iterator<Document> cancellable(Iterator<Document> docs) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                if (closed || Thread.currentThread().isInterrupted()) {
                    throw new CancellationException("corpus index build cancelled");
                }
                return docs.hasNext();
            }

            @Override
            public Document next() {
                return docs.next();
            }
        };
    }

    @PreDestroy
    synchronized void close() {
        closed = true;
        Thread t = builder;
        if (t != null) {
            t.interrupt();
        }
        CorpusIndex open = index;
        index = null;
        if (open != null) {
            open.close();
        }
    }
}

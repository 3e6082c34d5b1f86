package io.mnemos.retrieval.collectionstats;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mnemos.retrieval.collection.DocumentsChanged;
import io.mnemos.retrieval.corpusstats.CorpusIndex;
import io.mnemos.retrieval.corpusstats.CorpusIndexBuilder;
import io.mnemos.retrieval.corpusstats.Document;
import io.mnemos.retrieval.corpusstats.TokenizerMode;
import io.mnemos.web.problem.NotFoundProblem;
import io.mnemos.web.problem.ServiceUnavailableProblem;
import jakarta.annotation.PreDestroy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * One small statistics index per tenant over the full text of all its collections' documents (document ids {@code
 * collection/documentId}), so one tenant's documents never change another tenant's counts.
 *
 * <p><b>Source.</b> After a write transaction of {@code CollectionService} commits, the {@link DocumentsChanged} event
 * updates the tenant's {@link TenantTextStore} (written or replaced documents rewrite their file, deletes remove it).
 * The chunks in Lucene are not the source because they overlap by a sentence, which would double counts. The store is
 * updated after the commit, so a crash between the two loses that change for the statistics (a rewrite of the document
 * repairs it); search is not affected.
 *
 * <p><b>Rebuild.</b> A change marks the tenant dirty and (re)schedules a full rebuild of its index {@code debounce}
 * after the last change, but no later than {@code maxDelay} after the first pending one. Rebuilds run on one
 * background thread, in memory (the indexes are small: ≈ 8 bytes per token), and the new index replaces the old with
 * one volatile write: queries keep using the previous version until then, never a half-built one. Deletes and
 * replacements are reflected because the whole tenant is rebuilt from its current files. After a restart a tenant's
 * index is rebuilt on its first use.
 */
@Service
public class CollectionStatsService {
    private static final Logger log = LoggerFactory.getLogger(CollectionStatsService.class);

    /** Name accepted as {@code index} in corpus queries. */
    public static final String INDEX_NAME = "collections";

    /** A tenant's index as queries see it. */
    public enum State {
        /** The tenant has no documents. */
        EMPTY,
        /** The first index is being built (later rebuilds keep the state READY: the old version answers). */
        BUILDING,
        READY,
        FAILED
    }

    /**
     * What {@code GET /v1/corpus} shows for the caller's tenant.
     *
     * @param state          see {@link State}
     * @param documents      documents in the current index
     * @param tokens         tokens in the current index
     * @param builtAt        when the current index was swapped in
     * @param pendingChanges document changes not yet in the current index
     * @param rebuilding     a rebuild is running now
     * @param problem        why the last rebuild failed
     */
    public record Status(
            String state,
            long documents,
            long tokens,
            @Nullable Instant builtAt,
            long pendingChanges,
            boolean rebuilding,
            @Nullable String problem) {}

    /** An index version; {@code index} is null when the tenant had no documents. */
    private record Version(@Nullable CorpusIndex index, long documents, long tokens, Instant builtAt) {}

    private static final class Tenant {
        final String id;
        volatile @Nullable Version current;
        final AtomicLong pending = new AtomicLong();
        volatile boolean building;
        volatile @Nullable String problem;
        // guarded by this
        @Nullable
        ScheduledFuture<?> scheduled;

        long firstPendingNanos;

        Tenant(String id) {
            this.id = id;
        }
    }

    private final CollectionStatsProperties props;
    private final TenantTextStore store;
    private final ConcurrentHashMap<String, Tenant> tenants = new ConcurrentHashMap<>();
    private final ScheduledExecutorService executor;
    private final Timer buildTimer;

    @Autowired
    public CollectionStatsService(
            CollectionStatsProperties props,
            @Value("${mnemos.data-dir:.data/retrieval-service}") String dataDir,
            ObjectProvider<MeterRegistry> meters) {
        this(
                props,
                new TenantTextStore(
                        props.dir() == null || props.dir().isBlank()
                                ? Path.of(dataDir).resolve("collection-stats")
                                : Path.of(props.dir())),
                meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    public CollectionStatsService(CollectionStatsProperties props, TenantTextStore store, MeterRegistry registry) {
        this.props = props;
        this.store = store;
        this.executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("collection-stats").factory());
        this.buildTimer = Timer.builder("mnemos.collectionstats.build")
                .description("rebuilds of per-tenant collection statistics indexes")
                .register(registry);
        Gauge.builder("mnemos.collectionstats.pending", tenants, ts -> ts.values().stream()
                        .mapToLong(t -> t.pending.get())
                        .sum())
                .description("document changes not yet in the collection statistics indexes")
                .register(registry);
        Gauge.builder("mnemos.collectionstats.tokens", tenants, ts -> ts.values().stream()
                        .mapToLong(t -> {
                            Version v = t.current;
                            return v == null ? 0 : v.tokens();
                        })
                        .sum())
                .description("tokens in all open collection statistics indexes")
                .register(registry);
    }

    public CollectionStatsProperties properties() {
        return props;
    }

    /** Applies a committed change to the text store and schedules the tenant's rebuild. Never fails the caller. */
    @TransactionalEventListener
    public void onDocumentsChanged(DocumentsChanged event) {
        if (!props.enabled()) {
            return;
        }
        try {
            if (event.collectionDeleted()) {
                store.deleteCollection(event.tenant(), event.collectionId());
            }
            for (String id : event.deleted()) {
                store.delete(event.tenant(), event.collectionId(), id);
            }
            for (DocumentsChanged.Written w : event.written()) {
                store.write(event.tenant(), event.collectionId(), event.collection(), w.id(), w.title(), w.text());
            }
        } catch (RuntimeException e) {
            // the documents are committed and searchable; only their statistics are behind
            log.error("collection statistics of tenant {}: recording a change failed", event.tenant(), e);
            tenant(event.tenant()).problem = "recording a document change failed: " + e;
        }
        int changes = Math.max(1, event.written().size() + event.deleted().size());
        changed(event.tenant(), changes);
    }

    /** Marks {@code changes} document changes of the tenant pending and (re)schedules its rebuild. */
    void changed(String tenantId, int changes) {
        Tenant t = tenant(tenantId);
        t.pending.addAndGet(changes);
        schedule(t, props.debounce());
    }

    private Tenant tenant(String id) {
        return tenants.computeIfAbsent(id, Tenant::new);
    }

    private void schedule(Tenant t, Duration debounce) {
        synchronized (t) {
            long now = System.nanoTime();
            if (t.firstPendingNanos == 0) {
                t.firstPendingNanos = now;
            }
            long latest = t.firstPendingNanos + props.maxDelay().toNanos() - now;
            long delay = Math.max(0, Math.min(debounce.toNanos(), latest));
            if (t.scheduled != null) {
                t.scheduled.cancel(false); // a running rebuild finishes; this change gets the next one
            }
            t.scheduled = executor.schedule(() -> rebuild(t), delay, TimeUnit.NANOSECONDS);
        }
    }

    /** Rebuilds a tenant's index from its current files and swaps it in. Runs on the single background thread. */
    private void rebuild(Tenant t) {
        long seen;
        synchronized (t) {
            t.firstPendingNanos = 0;
            seen = t.pending.get();
        }
        t.building = true;
        long t0 = System.nanoTime();
        try {
            List<Path> files = store.files(t.id);
            log.info("collection statistics of tenant {}: rebuilding from {} documents", t.id, files.size());
            Version next;
            if (files.isEmpty()) {
                next = new Version(null, 0, 0, Instant.now());
            } else {
                Iterator<Path> it = files.iterator();
                int[] read = {0};
                Iterator<Document> docs = new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Document next() {
                        if (++read[0] % 1000 == 0) {
                            log.info(
                                    "collection statistics of tenant {}: {}/{} documents read",
                                    t.id,
                                    read[0],
                                    files.size());
                        }
                        return TenantTextStore.read(it.next());
                    }
                };
                CorpusIndex index = CorpusIndexBuilder.create()
                        .tokenizerMode(TokenizerMode.CASED)
                        .maxTokensPerShard(props.maxTokensPerShard())
                        .buildInMemory(docs);
                next = new Version(
                        index, index.stats().documents(), index.stats().tokens(), Instant.now());
            }
            // the swap: queries that already hold the old version finish on it (heap index: nothing to close)
            t.current = next;
            t.pending.addAndGet(-seen);
            t.problem = null;
            long nanos = System.nanoTime() - t0;
            buildTimer.record(nanos, TimeUnit.NANOSECONDS);
            log.info(
                    "collection statistics of tenant {}: index swapped in after {} ms ({} documents, {} tokens; {}"
                            + " changes still pending)",
                    t.id,
                    nanos / 1_000_000,
                    next.documents(),
                    next.tokens(),
                    t.pending.get());
        } catch (RuntimeException | OutOfMemoryError e) {
            t.problem = "the rebuild failed: " + e;
            log.error("collection statistics of tenant {}: rebuild failed (the previous version stays)", t.id, e);
        } finally {
            t.building = false;
        }
    }

    /** The tenant's current index version, starting its first build (after a restart) when it has stored documents. */
    private Tenant load(String tenantId) {
        Tenant t = tenants.get(tenantId);
        if (t != null) {
            return t;
        }
        Tenant created = new Tenant(tenantId);
        Tenant prior = tenants.putIfAbsent(tenantId, created);
        if (prior != null) {
            return prior;
        }
        if (props.enabled() && store.hasDocuments(tenantId)) {
            created.pending.incrementAndGet();
            schedule(created, Duration.ZERO);
        } else {
            created.current = new Version(null, 0, 0, Instant.now());
        }
        return created;
    }

    /**
     * The tenant's index for queries: the last version swapped in, even while a newer one is being built.
     *
     * @throws NotFoundProblem           404 {@code collections-index-empty} when the tenant has no documents
     * @throws ServiceUnavailableProblem 503 {@code collections-index-building} (with {@code Retry-After}) while its
     *                                   first index is built, {@code collections-index-failed} after a failed build
     */
    public CorpusIndex acquire(String tenantId) {
        return find(tenantId)
                .orElseThrow(() -> new NotFoundProblem(
                        "collections-index-empty",
                        "No collection documents",
                        "The tenant has no documents in its collections, so its collections statistics index is empty. Ingest"
                                + " documents with POST /v1/collections/{c}/documents; they are counted a few seconds later"
                                + " (GET /v1/corpus shows the state)."));
    }

    /**
     * Like {@link #acquire} but empty instead of 404 when the tenant has no documents (grounding with {@code both}).
     */
    public Optional<CorpusIndex> find(String tenantId) {
        Tenant t = load(tenantId);
        Version v = t.current;
        if (v != null && v.index() != null) {
            return Optional.of(v.index());
        }
        if (t.problem != null && !t.building) {
            throw failed(t);
        }
        if (t.pending.get() > 0 || t.building) {
            throw new ServiceUnavailableProblem(
                    "collections-index-building",
                    "Collection statistics index is being built",
                    "The statistics index over this tenant's collection documents is being (re)built after recent"
                            + " changes (" + t.pending.get() + " pending). Retry after the Retry-After delay; GET"
                            + " /v1/corpus shows its state.",
                    props.retryAfter(),
                    null);
        }
        return Optional.empty();
    }

    private ServiceUnavailableProblem failed(Tenant t) {
        return new ServiceUnavailableProblem(
                "collections-index-failed",
                "Collection statistics index build failed",
                "The statistics index over this tenant's collection documents could not be built (" + t.problem
                        + "). It is rebuilt on the next document change; see the service log.",
                null,
                null);
    }

    /** The tenant's state for {@code GET /v1/corpus}; starts its first build after a restart, like a query. */
    public Status status(String tenantId) {
        Tenant t = load(tenantId);
        Version v = t.current;
        String state;
        if (v != null && v.index() != null) {
            state = State.READY.name();
        } else if (t.problem != null && !t.building) {
            state = State.FAILED.name();
        } else if (t.pending.get() > 0 || t.building) {
            state = State.BUILDING.name();
        } else {
            state = State.EMPTY.name();
        }
        return new Status(
                state.toLowerCase(java.util.Locale.ROOT),
                v == null ? 0 : v.documents(),
                v == null ? 0 : v.tokens(),
                v == null ? null : v.builtAt(),
                Math.max(0, t.pending.get()),
                t.building,
                t.problem);
    }

    /** Waits until the tenant has no pending changes and no rebuild running (tests). */
    public boolean awaitIdle(String tenantId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Tenant t = load(tenantId);
            if (t.pending.get() <= 0 && !t.building) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    @PreDestroy
    public void close() {
        executor.shutdownNow();
    }
}

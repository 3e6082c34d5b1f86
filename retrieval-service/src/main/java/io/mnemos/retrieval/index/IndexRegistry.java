package io.mnemos.retrieval.index;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens tenant indexes lazily, hands them out for the duration of a callback, refreshes them in the background and
 * closes (commits) those idle for {@link IndexSettings#idleTimeout()}.
 *
 * <p>Thread-safe. An index is never closed while a callback uses it: callbacks hold a lease, and idle eviction only
 * retires an index with no lease; a caller that races with eviction transparently gets a freshly opened instance.
 */
public final class IndexRegistry implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(IndexRegistry.class);

    private final IndexSettings settings;
    private final Path tenantsDir;
    private final ConcurrentHashMap<String, TenantIndex> open = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private volatile boolean closed;

    public IndexRegistry(IndexSettings settings) {
        this.settings = settings;
        this.tenantsDir = settings.dataDir().resolve("tenants");
        try {
            Files.createDirectories(tenantsDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mnemos-index-registry");
            t.setDaemon(true);
            return t;
        });
        long idleMs = settings.idleTimeout().toMillis();
        if (idleMs > 0) {
            long period = Math.max(100, Math.min(idleMs / 2, 30_000));
            scheduler.scheduleWithFixedDelay(this::closeIdleQuietly, period, period, TimeUnit.MILLISECONDS);
        }
        long refreshMs = settings.refreshInterval().toMillis();
        if (refreshMs > 0) {
            scheduler.scheduleWithFixedDelay(this::refreshAll, refreshMs, refreshMs, TimeUnit.MILLISECONDS);
        }
    }

    public IndexSettings settings() {
        return settings;
    }

    /** Runs {@code fn} on the tenant's index, creating the index if it does not exist. */
    public <T> T write(String tenant, Function<TenantIndex, T> fn) {
        TenantIndex idx = lease(tenant, true);
        try {
            return fn.apply(idx);
        } finally {
            idx.release();
        }
    }

    /** Runs {@code fn} on the tenant's index if it exists (open or on disk); empty otherwise. Never creates one. */
    public <T> Optional<T> read(String tenant, Function<TenantIndex, T> fn) {
        TenantIndex idx = lease(tenant, false);
        if (idx == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(fn.apply(idx));
        } finally {
            idx.release();
        }
    }

    /** Whether the tenant has an index (open, or committed on disk). */
    public boolean exists(String tenant) {
        validate(tenant);
        return open.containsKey(tenant) || existsOnDisk(tenant);
    }

    /** Tenants whose index is open now. */
    public Set<String> openTenants() {
        return new TreeSet<>(open.keySet());
    }

    /** Closes and deletes a tenant's index with all its data. */
    public void deleteTenant(String tenant) {
        validate(tenant);
        open.compute(tenant, (k, idx) -> {
            if (idx != null) {
                idx.retire();
                closeQuietly(idx);
            }
            deleteRecursively(tenantsDir.resolve(tenant));
            return null;
        });
    }

    /** Closes the indexes idle for longer than the idle timeout; returns how many. */
    public int closeIdle() {
        return closeIdle(settings.idleTimeout().toNanos());
    }

    int closeIdle(long idleNanos) {
        int n = 0;
        for (var e : open.entrySet()) {
            TenantIndex idx = e.getValue();
            if (idx.retireIfIdle(idleNanos)) {
                open.compute(e.getKey(), (k, v) -> {
                    if (v == idx) {
                        closeQuietly(idx);
                        return null;
                    }
                    return v;
                });
                n++;
            }
        }
        return n;
    }

    private void closeIdleQuietly() {
        try {
            int n = closeIdle();
            if (n > 0) {
                log.debug("closed {} idle tenant indexes", n);
            }
        } catch (RuntimeException e) {
            log.warn("idle index eviction failed", e);
        }
    }

    private void refreshAll() {
        for (TenantIndex idx : open.values()) {
            if (idx.tryLease()) {
                try {
                    idx.maybeRefresh();
                } catch (RuntimeException e) {
                    log.warn("refresh of tenant {} failed", idx.tenant(), e);
                } finally {
                    idx.release();
                }
            }
        }
    }

    private TenantIndex lease(String tenant, boolean create) {
        validate(tenant);
        while (true) {
            if (closed) {
                throw new IllegalStateException("index registry is closed");
            }
            TenantIndex idx = open.get(tenant);
            if (idx == null) {
                if (!create && !existsOnDisk(tenant)) {
                    return null;
                }
                idx = open.computeIfAbsent(tenant, this::openIndex);
            }
            if (idx.tryLease()) {
                return idx;
            }
            Thread.onSpinWait(); // retired by eviction; it leaves the map once closed
        }
    }

    private TenantIndex openIndex(String tenant) {
        try {
            return new TenantIndex(tenant, tenantsDir.resolve(tenant), settings);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open index of tenant " + tenant, e);
        }
    }

    private boolean existsOnDisk(String tenant) {
        Path dir = tenantsDir.resolve(tenant);
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(p -> p.getFileName().toString().startsWith("segments_"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void validate(String tenant) {
        if (tenant == null || !TenantIndex.TENANT_ID.matcher(tenant).matches()) {
            throw new IllegalArgumentException("invalid tenant id (letters, digits, '_', '-', 1-64): " + tenant);
        }
    }

    private static void closeQuietly(TenantIndex idx) {
        try {
            idx.close();
        } catch (IOException | RuntimeException e) {
            log.warn("closing index of tenant {} failed", idx.tenant(), e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Commits and closes every open index (waits up to 10 s for running callbacks). */
    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (String tenant : Set.copyOf(open.keySet())) {
            TenantIndex idx = open.get(tenant);
            if (idx == null) {
                continue;
            }
            while (!idx.retireIfIdle(0) && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            idx.retire();
            closeQuietly(idx);
            open.remove(tenant, idx);
        }
    }
}

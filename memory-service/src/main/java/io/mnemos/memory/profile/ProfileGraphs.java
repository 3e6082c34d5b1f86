package io.mnemos.memory.profile;

import io.mnemos.memory.profile.disgraph.DisGraph;
import io.mnemos.memory.profile.disgraph.DisGraphParams;
import io.mnemos.memory.profile.disgraph.GraphHit;
import io.mnemos.memory.profile.disgraph.GraphSearchResult;
import io.mnemos.model.Embedder;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.apache.lucene.util.VectorUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory DisGraphs, one per (tenant, user), built from the {@link ProfileStore} (the source of truth) and kept in
 * step with writes made through {@link ProfileService}. Users idle for longer than the idle timeout, and the least
 * recently used beyond {@code maxUsers}, are evicted; the next query builds them again.
 *
 * <p>Building a user's graph costs minutes at 100k facts, so a query never waits for it: the first query of a user
 * whose graph is not built starts the build on the builder executor and is answered by an exact scan of the user's
 * stored vectors (one PostgreSQL read and a dot product per fact: milliseconds at 10k facts), as are the queries that
 * arrive while the build runs. Writes that commit during a build are queued and applied to the new graph before it is
 * used. {@link #warm} builds a graph ahead of its first query (start-up warm-up of recently active users).
 *
 * <p>Facts stored without an embedding (or with one of another dimension) are embedded while building and the vectors
 * saved back; the exact scan skips them until then. Deletions are tombstones; a graph with more than a quarter of its
 * nodes deleted is rebuilt from its live vectors. Writes made by another process are not seen until the user's graph is
 * evicted or {@link #invalidate}d (route each user's writes to one instance, or invalidate on a change event).
 */
public final class ProfileGraphs implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProfileGraphs.class);

    private final ProfileStore store;
    private final Embedder embedder;
    private final DisGraphParams params;
    private final Duration idleTimeout;
    private final int maxUsers;
    private final Clock clock;
    private final Executor builder;
    private final ConcurrentHashMap<Key, UserGraph> graphs = new ConcurrentHashMap<>();

    /** Builds graphs in the calling thread: the first query of a user waits for the build (tests, benchmarks). */
    public ProfileGraphs(
            ProfileStore store,
            Embedder embedder,
            DisGraphParams params,
            Duration idleTimeout,
            int maxUsers,
            Clock clock) {
        this(store, embedder, params, idleTimeout, maxUsers, clock, null);
    }

    /**
     * @param builder where graphs are built; {@code null}: in the calling thread (the first query waits for the build)
     */
    public ProfileGraphs(
            ProfileStore store,
            Embedder embedder,
            DisGraphParams params,
            Duration idleTimeout,
            int maxUsers,
            Clock clock,
            Executor builder) {
        this.store = Objects.requireNonNull(store, "store");
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        this.params = Objects.requireNonNull(params, "params");
        this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
        this.maxUsers = maxUsers;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.builder = builder;
    }

    private record Key(String tenant, String userId) {}

    /** Stops the builder executor if it is an {@link java.util.concurrent.ExecutorService} (builds in flight stop). */
    @Override
    public void close() {
        if (builder instanceof java.util.concurrent.ExecutorService s) {
            s.shutdownNow();
        }
    }

    /**
     * Top-{@code k} current facts of the user for a query vector: DisGraph search (beam + expansion), or an exact scan
     * while the user's graph is being built; then re-ranking by confidence and dropping the weaker side of open
     * contradictions.
     */
    public ProfileQueryResult search(String tenant, String userId, float[] query, int k) {
        Key key = new Key(tenant, userId);
        UserGraph g = touch(key);
        if (!g.loaded) {
            if (builder != null) {
                startBuild(key, g);
                return exactSearch(tenant, userId, query, k);
            }
            buildNow(key, g);
        }
        long t0 = System.nanoTime();
        g.lock.readLock().lock();
        try {
            if (g.graph == null || k <= 0) {
                return new ProfileQueryResult(List.of(), (System.nanoTime() - t0) / 1_000, 0, 0);
            }
            // Over-fetch a little: contested losers are dropped after re-ranking.
            GraphSearchResult r = g.graph.search(query, k + Math.min(k, 4));
            List<ProfileHit> hits = new ArrayList<>();
            for (GraphHit h : r.hits()) {
                ProfileFact f = g.facts.get(g.nodeFacts.get(h.node()));
                if (f != null) {
                    hits.add(hit(f, h.similarity(), h.hops(), g.conflicts));
                }
            }
            return new ProfileQueryResult(
                    rerank(hits, g.facts, g.conflicts, k), (System.nanoTime() - t0) / 1_000, 0, g.facts.size());
        } finally {
            g.lock.readLock().unlock();
        }
    }

    /** Exact top-k over the user's stored vectors (while the graph is not built); same scores and re-ranking. */
    private ProfileQueryResult exactSearch(String tenant, String userId, float[] query, int k) {
        long t0 = System.nanoTime();
        if (k <= 0) {
            return new ProfileQueryResult(List.of(), 0, 0, 0);
        }
        List<ProfileStore.FactVector> rows = store.currentWithVectors(tenant, userId);
        int want = k + Math.min(k, 4);
        PriorityQueue<Scored> top = new PriorityQueue<>(Comparator.comparingDouble(Scored::similarity));
        Map<UUID, ProfileFact> facts = new HashMap<>();
        for (ProfileStore.FactVector row : rows) {
            facts.put(row.fact().id(), row.fact());
            float[] v = row.vector();
            if (v == null || v.length != query.length) {
                continue;
            }
            top.add(new Scored(row.fact(), VectorUtil.dotProduct(query, v)));
            if (top.size() > want) {
                top.poll();
            }
        }
        Map<UUID, Set<UUID>> conflicts = new HashMap<>();
        for (Contradiction c : store.contradictions(tenant, userId, true)) {
            addConflict(conflicts, facts, c.factA(), c.factB());
        }
        List<ProfileHit> hits = new ArrayList<>();
        for (Scored s : top) {
            hits.add(hit(s.fact(), s.similarity(), 0, conflicts));
        }
        return new ProfileQueryResult(
                rerank(hits, facts, conflicts, k), (System.nanoTime() - t0) / 1_000, 0, rows.size());
    }

    private record Scored(ProfileFact fact, float similarity) {}

    private static ProfileHit hit(ProfileFact f, float similarity, int hops, Map<UUID, Set<UUID>> conflicts) {
        double score = similarity * (0.5 + 0.5 * f.confidence());
        return new ProfileHit(f, similarity, score, hops, conflicts.containsKey(f.id()));
    }

    /** Best score first; of two contradicting facts only the preferred one is kept; at most {@code k}. */
    private static List<ProfileHit> rerank(
            List<ProfileHit> hits, Map<UUID, ProfileFact> facts, Map<UUID, Set<UUID>> conflicts, int k) {
        hits.sort(Comparator.comparingDouble(ProfileHit::score).reversed());
        List<ProfileHit> kept = new ArrayList<>();
        Set<UUID> dropped = new HashSet<>();
        for (ProfileHit h : hits) {
            UUID id = h.fact().id();
            if (dropped.contains(id)) {
                continue;
            }
            for (UUID rival : conflicts.getOrDefault(id, Set.of())) {
                ProfileFact other = facts.get(rival);
                if (other != null && preferred(other, h.fact())) {
                    dropped.add(id);
                } else {
                    dropped.add(rival);
                }
            }
            if (!dropped.contains(id) && kept.size() < k) {
                kept.add(h);
            }
        }
        return kept;
    }

    /** Of two contradicting facts, the one to show: more confident, then more recently observed. */
    static boolean preferred(ProfileFact a, ProfileFact b) {
        int c = Double.compare(a.confidence(), b.confidence());
        if (c != 0) {
            return c > 0;
        }
        return a.lastObservedAt().isAfter(b.lastObservedAt());
    }

    /** Applies a stored upsert to the user's graph, if it is built or being built. */
    void apply(String tenant, UpsertOutcome outcome, float[] vector) {
        Key key = new Key(tenant, outcome.fact().userId());
        if (!graphs.containsKey(key)) {
            return;
        }
        float[] v = outcome.fact().isActive() && vector == null
                ? embedder.embed(outcome.fact().embeddingText())
                : vector;
        change(key, g -> {
            for (ProfileFact old : outcome.superseded()) {
                g.removeFact(old.id());
            }
            ProfileFact f = outcome.fact();
            if (f.isActive()) {
                if (g.factNodes.containsKey(f.id())) {
                    g.facts.put(f.id(), f);
                } else {
                    g.addFact(f, v, params);
                }
            }
            for (Contradiction c : outcome.contradictions()) {
                g.addConflict(c.factA(), c.factB());
            }
            g.compactIfNeeded(params);
        });
    }

    /** Removes facts that stopped being current from the user's graph, if built or being built. */
    void removeFacts(String tenant, String userId, List<UUID> factIds) {
        change(new Key(tenant, userId), g -> {
            factIds.forEach(g::removeFact);
            g.compactIfNeeded(params);
        });
    }

    /** Runs a change on a built graph now, or queues it for the graph being built (changes are idempotent). */
    private void change(Key key, Consumer<UserGraph> op) {
        UserGraph g = graphs.get(key);
        if (g == null) {
            return;
        }
        g.lock.writeLock().lock();
        try {
            if (g.loaded) {
                op.accept(g);
            } else if (g.building) {
                g.pending.add(op);
            }
        } finally {
            g.lock.writeLock().unlock();
        }
    }

    /** Drops the user's graph; the next query builds it again from the store. */
    public void invalidate(String tenant, String userId) {
        graphs.remove(new Key(tenant, userId));
    }

    /**
     * Builds the user's graph ahead of its first query, on the builder executor (in the calling thread without one);
     * does nothing if it is built or being built.
     */
    public void warm(String tenant, String userId) {
        Key key = new Key(tenant, userId);
        UserGraph g = touch(key);
        if (builder != null) {
            startBuild(key, g);
        } else {
            buildNow(key, g);
        }
    }

    /** Whether the user's graph is built (queries use it rather than the exact scan). */
    public boolean isBuilt(String tenant, String userId) {
        UserGraph g = graphs.get(new Key(tenant, userId));
        return g != null && g.loaded;
    }

    /** Evicts graphs not used for longer than the idle timeout; returns how many. */
    public int evictIdle() {
        long cutoff = clock.millis() - idleTimeout.toMillis();
        int[] n = {0};
        graphs.entrySet().removeIf(e -> {
            boolean idle = e.getValue().lastAccess < cutoff;
            n[0] += idle ? 1 : 0;
            return idle;
        });
        return n[0];
    }

    /** Users whose graph is in memory (built or being built). */
    public int loadedUsers() {
        return graphs.size();
    }

    /** Facts in the user's graph, building it if needed (waits for the build). */
    public int size(String tenant, String userId) {
        Key key = new Key(tenant, userId);
        UserGraph g = touch(key);
        if (!g.loaded) {
            buildNow(key, g);
        }
        g.lock.readLock().lock();
        try {
            return g.facts.size();
        } finally {
            g.lock.readLock().unlock();
        }
    }

    private UserGraph touch(Key key) {
        UserGraph g = graphs.computeIfAbsent(key, x -> new UserGraph());
        g.lastAccess = clock.millis();
        return g;
    }

    /** Starts building on the builder executor unless built or being built. */
    private void startBuild(Key key, UserGraph g) {
        g.lock.writeLock().lock();
        try {
            if (g.loaded || g.building) {
                return;
            }
            g.building = true;
        } finally {
            g.lock.writeLock().unlock();
        }
        try {
            builder.execute(() -> build(key, g));
        } catch (RuntimeException e) {
            // executor saturated or shut down: the next query tries again, meanwhile exact scans answer
            g.lock.writeLock().lock();
            try {
                g.building = false;
                g.pending.clear();
            } finally {
                g.lock.writeLock().unlock();
            }
            log.warn("could not start building the profile graph of tenant={}: {}", key.tenant(), e.toString());
        }
    }

    /** Builds in the calling thread (waiting for a build already running elsewhere is not needed: both are correct). */
    private void buildNow(Key key, UserGraph g) {
        g.lock.writeLock().lock();
        try {
            if (g.loaded) {
                return;
            }
            g.building = true;
        } finally {
            g.lock.writeLock().unlock();
        }
        build(key, g);
    }

    /**
     * Reads the user's facts and builds a new graph without holding the user's lock (queries meanwhile scan exactly,
     * writes are queued), then installs it and applies the queued writes.
     */
    private void build(Key key, UserGraph g) {
        long t0 = System.nanoTime();
        UserGraph fresh = new UserGraph();
        try {
            load(key.tenant(), key.userId(), fresh);
        } catch (RuntimeException e) {
            g.lock.writeLock().lock();
            try {
                g.building = false;
                g.pending.clear();
            } finally {
                g.lock.writeLock().unlock();
            }
            log.warn("building the profile graph of tenant={} failed: {}", key.tenant(), e.toString());
            if (builder == null) {
                throw e;
            }
            return;
        }
        g.lock.writeLock().lock();
        try {
            if (!g.loaded) {
                g.install(fresh);
                g.pending.forEach(op -> op.accept(g));
                g.loaded = true;
            }
            g.pending.clear();
            g.building = false;
        } finally {
            g.lock.writeLock().unlock();
        }
        log.debug(
                "built profile graph: tenant={} facts={} in {} ms",
                key.tenant(),
                fresh.facts.size(),
                (System.nanoTime() - t0) / 1_000_000);
        if (graphs.size() > maxUsers) {
            evictLeastRecentlyUsed(key);
        }
    }

    private void evictLeastRecentlyUsed(Key keep) {
        evictIdle();
        while (graphs.size() > maxUsers) {
            graphs.entrySet().stream()
                    .filter(e -> !e.getKey().equals(keep))
                    .min(Comparator.comparingLong(e -> e.getValue().lastAccess))
                    .ifPresentOrElse(e -> graphs.remove(e.getKey(), e.getValue()), () -> graphs.clear());
        }
    }

    private void load(String tenant, String userId, UserGraph g) {
        List<ProfileStore.FactVector> rows = store.currentWithVectors(tenant, userId);
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            float[] v = rows.get(i).vector();
            if (v == null || v.length != embedder.dimension()) {
                missing.add(i);
            }
        }
        Map<Integer, float[]> embedded = new HashMap<>();
        if (!missing.isEmpty()) {
            List<float[]> vectors = embedder.embedAll(missing.stream()
                    .map(i -> rows.get(i).fact().embeddingText())
                    .toList());
            for (int j = 0; j < missing.size(); j++) {
                int i = missing.get(j);
                embedded.put(i, vectors.get(j));
                store.saveVector(tenant, rows.get(i).fact().id(), vectors.get(j));
            }
        }
        g.reset(embedder.dimension(), params, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            g.addFact(rows.get(i).fact(), embedded.getOrDefault(i, rows.get(i).vector()), params);
        }
        for (Contradiction c : store.contradictions(tenant, userId, true)) {
            g.addConflict(c.factA(), c.factB());
        }
    }

    private static void addConflict(Map<UUID, Set<UUID>> conflicts, Map<UUID, ProfileFact> facts, UUID a, UUID b) {
        if (facts.containsKey(a) && facts.containsKey(b)) {
            conflicts.computeIfAbsent(a, x -> new HashSet<>()).add(b);
            conflicts.computeIfAbsent(b, x -> new HashSet<>()).add(a);
        }
    }

    /** One user's graph and the facts behind its nodes. Guarded by {@link #lock}. */
    private static final class UserGraph {
        final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
        volatile boolean loaded;
        boolean building;
        final List<Consumer<UserGraph>> pending = new ArrayList<>();
        volatile long lastAccess;
        DisGraph graph;
        int dimension;
        Map<UUID, ProfileFact> facts = new HashMap<>();
        Map<UUID, Integer> factNodes = new HashMap<>();
        List<UUID> nodeFacts = new ArrayList<>();
        Map<UUID, Set<UUID>> conflicts = new HashMap<>();

        void reset(int dim, DisGraphParams params, int expected) {
            dimension = dim;
            graph = new DisGraph(dim, params, expected);
            facts.clear();
            factNodes.clear();
            nodeFacts.clear();
            conflicts.clear();
        }

        /** Takes over a graph built elsewhere. */
        void install(UserGraph built) {
            dimension = built.dimension;
            graph = built.graph;
            facts = built.facts;
            factNodes = built.factNodes;
            nodeFacts = built.nodeFacts;
            conflicts = built.conflicts;
        }

        void addFact(ProfileFact f, float[] vector, DisGraphParams params) {
            if (graph == null) {
                reset(vector.length, params, 16);
            }
            int node = graph.add(vector);
            while (nodeFacts.size() <= node) {
                nodeFacts.add(null);
            }
            nodeFacts.set(node, f.id());
            factNodes.put(f.id(), node);
            facts.put(f.id(), f);
        }

        void removeFact(UUID id) {
            Integer node = factNodes.remove(id);
            if (node != null) {
                graph.remove(node);
                nodeFacts.set(node, null);
            }
            facts.remove(id);
            Set<UUID> rivals = conflicts.remove(id);
            if (rivals != null) {
                for (UUID r : rivals) {
                    Set<UUID> back = conflicts.get(r);
                    if (back != null) {
                        back.remove(id);
                        if (back.isEmpty()) {
                            conflicts.remove(r);
                        }
                    }
                }
            }
        }

        void addConflict(UUID a, UUID b) {
            ProfileGraphs.addConflict(conflicts, facts, a, b);
        }

        void compactIfNeeded(DisGraphParams params) {
            if (graph == null || graph.size() < 64 || graph.liveSize() * 4 > graph.size() * 3) {
                return;
            }
            DisGraph old = graph;
            List<UUID> oldNodes = new ArrayList<>(nodeFacts);
            graph = new DisGraph(dimension, params, old.liveSize());
            factNodes.clear();
            nodeFacts.clear();
            for (int node = 0; node < oldNodes.size(); node++) {
                UUID id = oldNodes.get(node);
                if (id != null && !old.isDeleted(node)) {
                    int n = graph.add(old.vector(node));
                    while (nodeFacts.size() <= n) {
                        nodeFacts.add(null);
                    }
                    nodeFacts.set(n, id);
                    factNodes.put(id, n);
                }
            }
        }
    }
}

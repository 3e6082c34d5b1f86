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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The in-memory DisGraphs, one per (tenant, user), built lazily from the {@link ProfileStore} (the source of truth)
 * on first use and kept in step with writes made through {@link ProfileService}. Users idle for longer than the idle
 * timeout, and the least recently used beyond {@code maxUsers}, are evicted; the next query rebuilds them.
 *
 * <p>Facts stored without an embedding (or with one of another dimension) are embedded while loading and the vectors
 * saved back. Deletions are tombstones; a graph with more than a quarter of its nodes deleted is rebuilt from its live
 * vectors. Writes made by another process are not seen until the user's graph is evicted or {@link #invalidate}d
 * (route each user's writes to one instance, or invalidate on a change event).
 */
public final class ProfileGraphs {

    private final ProfileStore store;
    private final Embedder embedder;
    private final DisGraphParams params;
    private final Duration idleTimeout;
    private final int maxUsers;
    private final Clock clock;
    private final ConcurrentHashMap<Key, UserGraph> graphs = new ConcurrentHashMap<>();

    public ProfileGraphs(
            ProfileStore store,
            Embedder embedder,
            DisGraphParams params,
            Duration idleTimeout,
            int maxUsers,
            Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        this.params = Objects.requireNonNull(params, "params");
        this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
        this.maxUsers = maxUsers;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private record Key(String tenant, String userId) {}

    /**
     * Top-{@code k} current facts of the user for a query vector: DisGraph search (beam + expansion), then re-ranking by
     * confidence and dropping the weaker side of open contradictions.
     */
    public ProfileQueryResult search(String tenant, String userId, float[] query, int k) {
        UserGraph g = acquire(tenant, userId);
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
                if (f == null) {
                    continue;
                }
                double score = h.similarity() * (0.5 + 0.5 * f.confidence());
                hits.add(new ProfileHit(f, h.similarity(), score, h.hops(), g.conflicts.containsKey(f.id())));
            }
            hits.sort(Comparator.comparingDouble(ProfileHit::score).reversed());
            List<ProfileHit> kept = new ArrayList<>();
            Set<UUID> dropped = new HashSet<>();
            for (ProfileHit h : hits) {
                UUID id = h.fact().id();
                if (dropped.contains(id)) {
                    continue;
                }
                Set<UUID> rivals = g.conflicts.getOrDefault(id, Set.of());
                for (UUID rival : rivals) {
                    ProfileFact other = g.facts.get(rival);
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
            return new ProfileQueryResult(kept, (System.nanoTime() - t0) / 1_000, 0, g.facts.size());
        } finally {
            g.lock.readLock().unlock();
        }
    }

    /** Of two contradicting facts, the one to show: more confident, then more recently observed. */
    static boolean preferred(ProfileFact a, ProfileFact b) {
        int c = Double.compare(a.confidence(), b.confidence());
        if (c != 0) {
            return c > 0;
        }
        return a.lastObservedAt().isAfter(b.lastObservedAt());
    }

    /** Applies a stored upsert to the user's graph, if it is loaded. */
    void apply(String tenant, UpsertOutcome outcome, float[] vector) {
        UserGraph g = graphs.get(new Key(tenant, outcome.fact().userId()));
        if (g == null) {
            return;
        }
        g.lock.writeLock().lock();
        try {
            if (!g.loaded) {
                return;
            }
            for (ProfileFact old : outcome.superseded()) {
                g.removeFact(old.id());
            }
            ProfileFact f = outcome.fact();
            if (f.isActive()) {
                if (g.factNodes.containsKey(f.id())) {
                    g.facts.put(f.id(), f);
                } else {
                    g.addFact(f, vector != null ? vector : embedder.embed(f.embeddingText()), params);
                }
            }
            for (Contradiction c : outcome.contradictions()) {
                g.addConflict(c.factA(), c.factB());
            }
            g.compactIfNeeded(params);
        } finally {
            g.lock.writeLock().unlock();
        }
    }

    /** Removes facts that stopped being current from the user's graph, if loaded; clears their conflicts. */
    void removeFacts(String tenant, String userId, List<UUID> factIds) {
        UserGraph g = graphs.get(new Key(tenant, userId));
        if (g == null) {
            return;
        }
        g.lock.writeLock().lock();
        try {
            if (g.loaded) {
                factIds.forEach(g::removeFact);
                g.compactIfNeeded(params);
            }
        } finally {
            g.lock.writeLock().unlock();
        }
    }

    /** Drops the user's graph; the next query rebuilds it from the store. */
    public void invalidate(String tenant, String userId) {
        graphs.remove(new Key(tenant, userId));
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

    /** Users whose graph is in memory. */
    public int loadedUsers() {
        return graphs.size();
    }

    /** Facts in the user's graph, loading it if needed. */
    public int size(String tenant, String userId) {
        UserGraph g = acquire(tenant, userId);
        g.lock.readLock().lock();
        try {
            return g.facts.size();
        } finally {
            g.lock.readLock().unlock();
        }
    }

    private UserGraph acquire(String tenant, String userId) {
        Key key = new Key(tenant, userId);
        UserGraph g = graphs.computeIfAbsent(key, k -> new UserGraph());
        g.lastAccess = clock.millis();
        if (!g.loaded) {
            g.lock.writeLock().lock();
            try {
                if (!g.loaded) {
                    load(tenant, userId, g);
                    g.loaded = true;
                }
            } finally {
                g.lock.writeLock().unlock();
            }
            if (graphs.size() > maxUsers) {
                evictLeastRecentlyUsed(key);
            }
        }
        return g;
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

    /** One user's graph and the facts behind its nodes. Guarded by {@link #lock}. */
    private static final class UserGraph {
        final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
        volatile boolean loaded;
        volatile long lastAccess;
        DisGraph graph;
        int dimension;
        final Map<UUID, ProfileFact> facts = new HashMap<>();
        final Map<UUID, Integer> factNodes = new HashMap<>();
        final List<UUID> nodeFacts = new ArrayList<>();
        final Map<UUID, Set<UUID>> conflicts = new HashMap<>();

        void reset(int dim, DisGraphParams params, int expected) {
            dimension = dim;
            graph = new DisGraph(dim, params, expected);
            facts.clear();
            factNodes.clear();
            nodeFacts.clear();
            conflicts.clear();
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
            if (facts.containsKey(a) && facts.containsKey(b)) {
                conflicts.computeIfAbsent(a, x -> new HashSet<>()).add(b);
                conflicts.computeIfAbsent(b, x -> new HashSet<>()).add(a);
            }
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

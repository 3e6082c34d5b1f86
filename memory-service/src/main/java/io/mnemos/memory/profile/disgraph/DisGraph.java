package io.mnemos.memory.profile.disgraph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.lucene.util.VectorUtil;

/**
 * A single-layer navigable k-NN graph over unit vectors with cosine similarity; see the package documentation.
 *
 * <p>Node ids are dense ints assigned by {@link #add} in insertion order. Thread-safe: searches run concurrently under
 * a read lock, {@link #add} and {@link #remove} take the write lock.
 */
public final class DisGraph {

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final int dimension;
    private final DisGraphParams params;
    private final int stride;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final SplittableRandom random;

    private float[][] floats;
    private byte[][] bytes;
    private float[] scales;
    private int[] adjacency;
    private int size;
    private final BitSet deleted = new BitSet();
    private int deletedCount;
    private final int[] pivots;
    private int pivotCount;

    /**
     * @param dimension length of every vector
     * @param params build and search parameters
     * @param expectedSize initial capacity (the graph grows as needed)
     */
    public DisGraph(int dimension, DisGraphParams params, int expectedSize) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be positive");
        }
        this.dimension = dimension;
        this.params = params;
        this.stride = params.maxDegree() + 1;
        this.random = new SplittableRandom(params.seed());
        int capacity = Math.max(16, expectedSize);
        if (params.quantized()) {
            bytes = new byte[capacity][];
            scales = new float[capacity];
        } else {
            floats = new float[capacity][];
        }
        adjacency = new int[capacity * stride];
        pivots = new int[params.pivots()];
    }

    public int dimension() {
        return dimension;
    }

    public DisGraphParams params() {
        return params;
    }

    /** Nodes ever added, deleted ones included. */
    public int size() {
        lock.readLock().lock();
        try {
            return size;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Nodes not deleted. */
    public int liveSize() {
        lock.readLock().lock();
        try {
            return size - deletedCount;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Adds a vector (normalised here if it is not unit length) and links it into the graph.
     *
     * @return its node id
     */
    public int add(float[] vector) {
        if (vector.length != dimension) {
            throw new IllegalArgumentException("Expected dimension " + dimension + ", got " + vector.length);
        }
        Query q = prepare(vector);
        lock.writeLock().lock();
        try {
            int node = size;
            ensureCapacity(node + 1);
            store(node, q);
            size++;
            if (node > 0) {
                Scratch s = SCRATCH.get().reset(size);
                MinHeap found = beam(q, entries(q, s), params.efConstruction(), s);
                int n = found.size();
                int[] cand = new int[n];
                float[] sims = new float[n];
                for (int i = n - 1; i >= 0; i--) {
                    sims[i] = found.peekKey();
                    cand[i] = found.pop();
                }
                int[] chosen = diverse(cand, sims, params.links());
                int base = node * stride;
                adjacency[base] = chosen.length;
                for (int i = 0; i < chosen.length; i++) {
                    adjacency[base + 1 + i] = chosen[i];
                    linkBack(chosen[i], node);
                }
            }
            samplePivot(node);
            return node;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Marks a node deleted: it keeps routing searches but is never returned.
     *
     * @return {@code false} if it was already deleted or does not exist
     */
    public boolean remove(int node) {
        lock.writeLock().lock();
        try {
            if (node < 0 || node >= size || deleted.get(node)) {
                return false;
            }
            deleted.set(node);
            deletedCount++;
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    public boolean isDeleted(int node) {
        lock.readLock().lock();
        try {
            return deleted.get(node);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The stored vector (dequantized when quantized). */
    public float[] vector(int node) {
        lock.readLock().lock();
        try {
            if (floats != null) {
                return floats[node].clone();
            }
            float[] v = new float[dimension];
            for (int i = 0; i < dimension; i++) {
                v[i] = bytes[node][i] * scales[node];
            }
            return v;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Searches with the default beam width for the graph's size ({@link DisGraphParams#efFor}) and expansion. */
    public GraphSearchResult search(float[] query, int k) {
        return search(query, k, params.efFor(liveSize()), params.expansionHops(), params.expansionRadius());
    }

    /**
     * Approximate top-{@code k} by cosine similarity: beam search of width {@code max(ef, k)} from the best pivots, then
     * expansion of at most {@code hops} hops from the top {@code k} through nodes within cosine distance
     * {@code radius} of the query.
     *
     * @return at most {@code k} live nodes, best first; empty for an empty graph or {@code k ≤ 0}
     */
    public GraphSearchResult search(float[] query, int k, int ef, int hops, float radius) {
        long t0 = System.nanoTime();
        if (k <= 0) {
            return new GraphSearchResult(List.of(), 0, 0, 0);
        }
        Query q = prepare(query);
        lock.readLock().lock();
        try {
            if (size - deletedCount == 0) {
                return new GraphSearchResult(List.of(), 0, 0, micros(t0));
            }
            Scratch s = SCRATCH.get().reset(size);
            if (hops > 0) {
                s.rememberAbove = 1 - radius;
            }
            MinHeap found = beam(q, entries(q, s), Math.max(ef, k), s);
            int n = found.size();
            int[] nodes = new int[n];
            float[] sims = new float[n];
            for (int i = n - 1; i >= 0; i--) {
                sims[i] = found.peekKey();
                nodes[i] = found.pop();
            }
            int expanded = 0;
            Map<Integer, float[]> extra = null;
            if (hops > 0 && n > 0) {
                extra = expand(q, nodes, sims, Math.min(k, n), hops, radius, s);
                expanded = extra.size();
            }
            List<GraphHit> hits = merge(nodes, sims, extra, k);
            return new GraphSearchResult(hits, s.distances, expanded, micros(t0));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Exact top-{@code k} by scanning every live node (the brute-force baseline; same similarity as the graph). */
    public GraphSearchResult exactSearch(float[] query, int k) {
        long t0 = System.nanoTime();
        if (k <= 0) {
            return new GraphSearchResult(List.of(), 0, 0, 0);
        }
        Query q = prepare(query);
        lock.readLock().lock();
        try {
            MinHeap top = new MinHeap(k + 1);
            for (int node = 0; node < size; node++) {
                if (deleted.get(node)) {
                    continue;
                }
                float sim = similarity(q, node);
                if (top.size() < k) {
                    top.push(sim, node);
                } else if (sim > top.peekKey()) {
                    top.pop();
                    top.push(sim, node);
                }
            }
            GraphHit[] hits = new GraphHit[top.size()];
            for (int i = hits.length - 1; i >= 0; i--) {
                float sim = top.peekKey();
                hits[i] = new GraphHit(top.pop(), sim, 0);
            }
            return new GraphSearchResult(List.of(hits), size - deletedCount, 0, micros(t0));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Neighbours of a node (a copy). */
    public int[] neighbours(int node) {
        lock.readLock().lock();
        try {
            int base = node * stride;
            return Arrays.copyOfRange(adjacency, base + 1, base + 1 + adjacency[base]);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Rough heap footprint of vectors and links, in bytes. */
    public long memoryBytes() {
        lock.readLock().lock();
        try {
            long perVector = floats != null ? 16L + 4L * dimension : 16L + dimension + 4;
            return size * perVector + 4L * adjacency.length + 8L * (floats != null ? floats.length : bytes.length);
        } finally {
            lock.readLock().unlock();
        }
    }

    // ---- search internals ----

    private MinHeap beam(Query q, int[] entries, int ef, Scratch s) {
        MinHeap candidates = s.candidates;
        MinHeap results = s.results;
        candidates.clear();
        results.clear();
        for (int e : entries) {
            if (!s.visit(e)) {
                continue;
            }
            float sim = similarity(q, e);
            s.distances++;
            s.remember(e, sim);
            candidates.push(-sim, e);
            offer(results, ef, sim, e);
        }
        while (!candidates.isEmpty()) {
            float best = -candidates.peekKey();
            int c = candidates.pop();
            if (results.size() >= ef && best < results.peekKey()) {
                break;
            }
            int base = c * stride;
            int degree = adjacency[base];
            for (int i = 1; i <= degree; i++) {
                int nb = adjacency[base + i];
                if (!s.visit(nb)) {
                    continue;
                }
                float sim = similarity(q, nb);
                s.distances++;
                s.remember(nb, sim);
                if (results.size() < ef || sim > results.peekKey()) {
                    candidates.push(-sim, nb);
                    offer(results, ef, sim, nb);
                }
            }
        }
        return results;
    }

    private void offer(MinHeap results, int ef, float sim, int node) {
        if (deleted.get(node)) {
            return;
        }
        results.push(sim, node);
        if (results.size() > ef) {
            results.pop();
        }
    }

    /**
     * Expansion: breadth-first from the top {@code seeds} results, at most {@code hops} hops, only through (and only
     * admitting) nodes within {@code radius} cosine distance of the query. Nodes the beam already scored are reused.
     *
     * @return admitted nodes not among the beam results: node → {similarity, hop}
     */
    private Map<Integer, float[]> expand(
            Query q, int[] nodes, float[] sims, int seeds, int hops, float radius, Scratch s) {
        float minSim = 1 - radius;
        Map<Integer, float[]> admitted = new HashMap<>();
        BitSet inResults = new BitSet();
        for (int node : nodes) {
            inResults.set(node);
        }
        BitSet traversed = new BitSet();
        int[] frontier = Arrays.copyOf(nodes, seeds);
        int frontierSize = seeds;
        for (int i = 0; i < seeds; i++) {
            traversed.set(nodes[i]);
        }
        for (int hop = 1; hop <= hops && frontierSize > 0; hop++) {
            int[] next = new int[16];
            int nextSize = 0;
            for (int f = 0; f < frontierSize; f++) {
                int base = frontier[f] * stride;
                int degree = adjacency[base];
                for (int i = 1; i <= degree; i++) {
                    int nb = adjacency[base + i];
                    if (traversed.get(nb)) {
                        continue;
                    }
                    traversed.set(nb);
                    float sim;
                    if (s.visit(nb)) {
                        sim = similarity(q, nb);
                        s.distances++;
                    } else {
                        Float known = s.scored.get(nb);
                        if (known == null) {
                            continue; // scored by the beam and outside the radius
                        }
                        sim = known;
                    }
                    if (sim < minSim) {
                        continue;
                    }
                    if (!deleted.get(nb) && !inResults.get(nb)) {
                        admitted.putIfAbsent(nb, new float[] {sim, hop});
                    }
                    if (nextSize == next.length) {
                        next = Arrays.copyOf(next, nextSize * 2);
                    }
                    next[nextSize++] = nb;
                }
            }
            frontier = next;
            frontierSize = nextSize;
        }
        return admitted;
    }

    private static List<GraphHit> merge(int[] nodes, float[] sims, Map<Integer, float[]> extra, int k) {
        List<GraphHit> all = new ArrayList<>(nodes.length + (extra == null ? 0 : extra.size()));
        for (int i = 0; i < nodes.length; i++) {
            all.add(new GraphHit(nodes[i], sims[i], 0));
        }
        if (extra != null) {
            extra.forEach((node, v) -> all.add(new GraphHit(node, v[0], (int) v[1])));
            all.sort((a, b) -> Float.compare(b.similarity(), a.similarity()));
        }
        return List.copyOf(all.subList(0, Math.min(k, all.size())));
    }

    /** The best {@code entryPoints} pivots for the query (deleted pivots still route). */
    private int[] entries(Query q, Scratch s) {
        int want = params.entryPoints();
        MinHeap best = new MinHeap(want + 1);
        for (int i = 0; i < pivotCount; i++) {
            int p = pivots[i];
            float sim = similarity(q, p);
            s.distances++;
            if (best.size() < want) {
                best.push(sim, p);
            } else if (sim > best.peekKey()) {
                best.pop();
                best.push(sim, p);
            }
        }
        if (best.isEmpty()) {
            return new int[] {0};
        }
        int[] e = new int[best.size()];
        for (int i = e.length - 1; i >= 0; i--) {
            e[i] = best.pop();
        }
        return e;
    }

    // ---- build internals ----

    /** HNSW's neighbour-selection heuristic: prefer candidates closer to the base than to any already chosen one. */
    private int[] diverse(int[] cand, float[] sims, int m) {
        int[] chosen = new int[Math.min(m, cand.length)];
        int count = 0;
        int[] pruned = new int[cand.length];
        int prunedCount = 0;
        for (int i = 0; i < cand.length && count < chosen.length; i++) {
            boolean keep = true;
            for (int j = 0; j < count; j++) {
                if (similarity(cand[i], chosen[j]) > sims[i]) {
                    keep = false;
                    break;
                }
            }
            if (keep) {
                chosen[count++] = cand[i];
            } else {
                pruned[prunedCount++] = cand[i];
            }
        }
        for (int i = 0; i < prunedCount && count < chosen.length; i++) {
            chosen[count++] = pruned[i];
        }
        return Arrays.copyOf(chosen, count);
    }

    /**
     * Adds {@code node} to {@code target}'s links. When full, drops the least useful link: scanning from the farthest,
     * the first neighbour that is closer to another (nearer) neighbour than to the target, else the farthest.
     */
    private void linkBack(int target, int node) {
        int base = target * stride;
        int degree = adjacency[base];
        if (degree < params.maxDegree()) {
            adjacency[base + 1 + degree] = node;
            adjacency[base] = degree + 1;
            return;
        }
        int n = degree + 1;
        int[] nbs = new int[n];
        float[] sims = new float[n];
        for (int i = 0; i < degree; i++) {
            nbs[i] = adjacency[base + 1 + i];
        }
        nbs[degree] = node;
        for (int i = 0; i < n; i++) {
            sims[i] = similarity(target, nbs[i]);
        }
        sortDescending(nbs, sims);
        int drop = n - 1;
        outer:
        for (int i = n - 1; i > 0; i--) {
            for (int j = 0; j < i; j++) {
                if (similarity(nbs[i], nbs[j]) > sims[i]) {
                    drop = i;
                    break outer;
                }
            }
        }
        int w = 0;
        for (int i = 0; i < n; i++) {
            if (i != drop) {
                adjacency[base + 1 + w++] = nbs[i];
            }
        }
        adjacency[base] = w;
    }

    private static void sortDescending(int[] nodes, float[] sims) {
        for (int i = 1; i < nodes.length; i++) {
            float s = sims[i];
            int v = nodes[i];
            int j = i - 1;
            while (j >= 0 && sims[j] < s) {
                sims[j + 1] = sims[j];
                nodes[j + 1] = nodes[j];
                j--;
            }
            sims[j + 1] = s;
            nodes[j + 1] = v;
        }
    }

    private void samplePivot(int node) {
        if (pivotCount < pivots.length) {
            pivots[pivotCount++] = node;
        } else {
            int j = random.nextInt(node + 1);
            if (j < pivots.length) {
                pivots[j] = node;
            }
        }
    }

    private void ensureCapacity(int needed) {
        int capacity = adjacency.length / stride;
        if (needed <= capacity) {
            return;
        }
        int grown = Math.max(needed, capacity + (capacity >> 1));
        adjacency = Arrays.copyOf(adjacency, grown * stride);
        if (floats != null) {
            floats = Arrays.copyOf(floats, grown);
        } else {
            bytes = Arrays.copyOf(bytes, grown);
            scales = Arrays.copyOf(scales, grown);
        }
    }

    // ---- vectors ----

    private record Query(float[] f, byte[] b, float scale) {}

    private Query prepare(float[] v) {
        float[] unit = normalised(v);
        if (!params.quantized()) {
            return new Query(unit, null, 0);
        }
        float max = 0;
        for (float x : unit) {
            max = Math.max(max, Math.abs(x));
        }
        float scale = max == 0 ? 1 : max / 127f;
        byte[] b = new byte[unit.length];
        for (int i = 0; i < unit.length; i++) {
            b[i] = (byte) Math.round(unit[i] / scale);
        }
        return new Query(unit, b, scale);
    }

    private void store(int node, Query q) {
        if (floats != null) {
            floats[node] = q.f();
        } else {
            bytes[node] = q.b();
            scales[node] = q.scale();
        }
    }

    private float similarity(Query q, int node) {
        if (floats != null) {
            return VectorUtil.dotProduct(q.f(), floats[node]);
        }
        return VectorUtil.dotProduct(q.b(), bytes[node]) * q.scale() * scales[node];
    }

    private float similarity(int a, int b) {
        if (floats != null) {
            return VectorUtil.dotProduct(floats[a], floats[b]);
        }
        return VectorUtil.dotProduct(bytes[a], bytes[b]) * scales[a] * scales[b];
    }

    /** A unit-length copy (the input itself when already unit length). */
    static float[] normalised(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        if (Math.abs(norm - 1) < 1e-4 || norm == 0) {
            return v;
        }
        float inv = (float) (1 / Math.sqrt(norm));
        float[] u = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            u[i] = v[i] * inv;
        }
        return u;
    }

    private static long micros(long t0) {
        return (System.nanoTime() - t0) / 1_000;
    }

    /** Per-thread search state: generation-stamped visited marks, heaps, and scores of the current query. */
    private static final class Scratch {
        int[] marks = new int[0];
        int generation;
        int distances;
        final MinHeap candidates = new MinHeap(256);
        final MinHeap results = new MinHeap(256);
        final Map<Integer, Float> scored = new HashMap<>();
        float rememberAbove = Float.POSITIVE_INFINITY;

        Scratch reset(int capacity) {
            if (marks.length < capacity) {
                marks = new int[Math.max(capacity, marks.length + (marks.length >> 1))];
                generation = 0;
            }
            if (++generation == Integer.MAX_VALUE) {
                Arrays.fill(marks, 0);
                generation = 1;
            }
            distances = 0;
            scored.clear();
            rememberAbove = Float.POSITIVE_INFINITY;
            return this;
        }

        boolean visit(int node) {
            if (marks[node] == generation) {
                return false;
            }
            marks[node] = generation;
            return true;
        }

        void remember(int node, float sim) {
            if (sim >= rememberAbove) {
                scored.put(node, sim);
            }
        }
    }
}

package io.mnemos.memory.profile.disgraph;

import java.util.SplittableRandom;

/**
 * Deterministic synthetic unit vectors shaped like sentence embeddings of profile facts: a two-level mixture (topics
 * ≈ attributes, sub-topics ≈ values) plus per-point noise. Vector {@code i} can be regenerated on its own, so a million
 * of them never have to be held as float32 to compute exact ground truth.
 */
public final class SyntheticVectors {

    private final int dimension;
    private final long seed;
    private final float[][] subCenters;
    private final float noise;

    /**
     * @param topics top-level clusters
     * @param subTopics sub-clusters per topic
     * @param noise norm of the Gaussian noise added to a sub-topic centre (0.6 gives cos ≈ 0.85 to the centre)
     */
    public SyntheticVectors(int dimension, int topics, int subTopics, float noise, long seed) {
        this.dimension = dimension;
        this.seed = seed;
        this.noise = noise;
        SplittableRandom r = new SplittableRandom(seed);
        subCenters = new float[topics * subTopics][];
        for (int t = 0; t < topics; t++) {
            float[] top = unitGaussian(r, dimension);
            for (int s = 0; s < subTopics; s++) {
                float[] u = unitGaussian(r, dimension);
                float[] c = new float[dimension];
                for (int i = 0; i < dimension; i++) {
                    c[i] = top[i] + 0.9f * u[i];
                }
                subCenters[t * subTopics + s] = normalise(c);
            }
        }
    }

    /** Plain isotropic Gaussian directions (no cluster structure: the hard case for graph search). */
    public static float[] uniform(SplittableRandom r, int dimension) {
        return unitGaussian(r, dimension);
    }

    public int dimension() {
        return dimension;
    }

    /** Data vector {@code i}. */
    public float[] vector(long i) {
        return point(new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i));
    }

    /** Query vector {@code i} (drawn from the same distribution, disjoint from the data). */
    public float[] query(long i) {
        return point(new SplittableRandom(~seed * 0xC2B2AE3D27D4EB4FL + i));
    }

    private float[] point(SplittableRandom r) {
        float[] c = subCenters[r.nextInt(subCenters.length)];
        float[] g = unitGaussian(r, dimension);
        float[] v = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            v[i] = c[i] + noise * g[i];
        }
        return normalise(v);
    }

    static float[] unitGaussian(SplittableRandom r, int dimension) {
        float[] v = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            v[i] = (float) gaussian(r);
        }
        return normalise(v);
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        double w = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * w);
    }

    static float[] normalise(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        float inv = (float) (1 / Math.sqrt(n));
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
        return v;
    }
}

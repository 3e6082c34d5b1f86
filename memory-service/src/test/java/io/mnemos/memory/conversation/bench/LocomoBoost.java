package io.mnemos.memory.conversation.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Benchmarks only: a small gradient-boosted ranker (RankNet pairwise gradients, Newton leaf values, depth-2 trees on
 * 16 quantile thresholds per feature), the non-linear counterpart of {@link LocomoRerank#trainPairwise}.
 */
final class LocomoBoost {

    /** A depth-2 tree: root split, then one split per side; leaves hold values. */
    record Tree(int f, double t, int fl, double tl, int fr, double tr, double[] leaves) {
        double apply(double[] x) {
            if (x[f] <= t) {
                return x[fl] <= tl ? leaves[0] : leaves[1];
            }
            return x[fr] <= tr ? leaves[2] : leaves[3];
        }
    }

    final List<Tree> trees = new ArrayList<>();
    final double shrinkage;

    private LocomoBoost(double shrinkage) {
        this.shrinkage = shrinkage;
    }

    double score(double[] x) {
        double s = 0;
        for (Tree t : trees) {
            s += shrinkage * t.apply(x);
        }
        return s;
    }

    /** {@code groups}: per question, its rows; {@code labels}: gold or not, same shape. */
    static LocomoBoost train(List<double[][]> groups, List<boolean[]> labels, int rounds, double shrinkage) {
        List<double[]> rows = new ArrayList<>();
        List<int[]> range = new ArrayList<>();
        for (double[][] g : groups) {
            range.add(new int[] {rows.size(), rows.size() + g.length});
            rows.addAll(Arrays.asList(g));
        }
        int n = rows.size();
        int nf = rows.getFirst().length;
        double[][] thresholds = new double[nf][];
        for (int j = 0; j < nf; j++) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = rows.get(i)[j];
            }
            Arrays.sort(v);
            thresholds[j] = new double[15];
            for (int k = 1; k <= 15; k++) {
                thresholds[j][k - 1] = v[(int) ((long) k * (n - 1) / 16)];
            }
        }
        LocomoBoost model = new LocomoBoost(shrinkage);
        double[] f = new double[n];
        for (int round = 0; round < rounds; round++) {
            double[] grad = new double[n];
            double[] hess = new double[n];
            for (int qi = 0; qi < groups.size(); qi++) {
                int from = range.get(qi)[0];
                boolean[] y = labels.get(qi);
                for (int a = 0; a < y.length; a++) {
                    if (!y[a]) {
                        continue;
                    }
                    for (int b = 0; b < y.length; b++) {
                        if (y[b]) {
                            continue;
                        }
                        double rho = 1 / (1 + Math.exp(f[from + a] - f[from + b]));
                        grad[from + a] += rho;
                        grad[from + b] -= rho;
                        double h = rho * (1 - rho);
                        hess[from + a] += h;
                        hess[from + b] += h;
                    }
                }
            }
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            int[] root = bestSplit(rows, grad, hess, all, thresholds);
            int[][] sides = partition(rows, all, root[0], thresholds[root[0]][root[1]]);
            int[] left = bestSplit(rows, grad, hess, sides[0], thresholds);
            int[] right = bestSplit(rows, grad, hess, sides[1], thresholds);
            int[][] l = partition(rows, sides[0], left[0], thresholds[left[0]][left[1]]);
            int[][] r = partition(rows, sides[1], right[0], thresholds[right[0]][right[1]]);
            double[] leaves = {
                leaf(grad, hess, l[0]), leaf(grad, hess, l[1]), leaf(grad, hess, r[0]), leaf(grad, hess, r[1])
            };
            Tree t = new Tree(
                    root[0],
                    thresholds[root[0]][root[1]],
                    left[0],
                    thresholds[left[0]][left[1]],
                    right[0],
                    thresholds[right[0]][right[1]],
                    leaves);
            model.trees.add(t);
            for (int i = 0; i < n; i++) {
                f[i] += shrinkage * t.apply(rows.get(i));
            }
        }
        return model;
    }

    private static double leaf(double[] g, double[] h, int[] idx) {
        double sg = 0;
        double sh = 0;
        for (int i : idx) {
            sg += g[i];
            sh += h[i];
        }
        return sg / (sh + 1.0); // Newton step, with an L2 of 1 on the leaf value
    }

    private static int[][] partition(List<double[]> rows, int[] idx, int f, double t) {
        int nl = 0;
        for (int i : idx) {
            if (rows.get(i)[f] <= t) {
                nl++;
            }
        }
        int[] l = new int[nl];
        int[] r = new int[idx.length - nl];
        int a = 0;
        int b = 0;
        for (int i : idx) {
            if (rows.get(i)[f] <= t) {
                l[a++] = i;
            } else {
                r[b++] = i;
            }
        }
        return new int[][] {l, r};
    }

    /** {feature, threshold index} maximising the Newton gain. */
    private static int[] bestSplit(List<double[]> rows, double[] g, double[] h, int[] idx, double[][] thresholds) {
        double tg = 0;
        double th = 0;
        for (int i : idx) {
            tg += g[i];
            th += h[i];
        }
        double best = Double.NEGATIVE_INFINITY;
        int[] out = {0, 0};
        int nt = thresholds[0].length;
        for (int f = 0; f < thresholds.length; f++) {
            double[] bg = new double[nt + 1];
            double[] bh = new double[nt + 1];
            for (int i : idx) {
                double v = rows.get(i)[f];
                int k = 0;
                while (k < nt && v > thresholds[f][k]) {
                    k++;
                }
                bg[k] += g[i];
                bh[k] += h[i];
            }
            double lg = 0;
            double lh = 0;
            for (int k = 0; k < nt; k++) {
                lg += bg[k];
                lh += bh[k];
                double rg = tg - lg;
                double rh = th - lh;
                double gain = lg * lg / (lh + 1) + rg * rg / (rh + 1);
                if (gain > best) {
                    best = gain;
                    out = new int[] {f, k};
                }
            }
        }
        return out;
    }
}

package io.mnemos.retrieval.corpusstats.internal;

import java.util.Arrays;

/** Sorting of non-negative int arrays (token positions): LSD radix sort for large inputs. */
final class IntSort {

    private static final int RADIX_THRESHOLD = 4096;

    private IntSort() {}

    /** Sorts {@code a[0..n)} ascending; every value must be in {@code [0, bound)}. */
    static void sort(int[] a, int n, int bound) {
        if (n < RADIX_THRESHOLD) {
            Arrays.sort(a, 0, n);
            return;
        }
        int bits = 32 - Integer.numberOfLeadingZeros(Math.max(1, bound - 1));
        int passes = (bits + 11) / 12;
        int digit = (bits + passes - 1) / passes;
        int buckets = 1 << digit;
        int mask = buckets - 1;
        int[] tmp = new int[n];
        int[] count = new int[buckets];
        int[] src = a;
        int[] dst = tmp;
        for (int pass = 0, shift = 0; pass < passes; pass++, shift += digit) {
            Arrays.fill(count, 0);
            for (int i = 0; i < n; i++) {
                count[(src[i] >>> shift) & mask]++;
            }
            int sum = 0;
            for (int b = 0; b < buckets; b++) {
                int c = count[b];
                count[b] = sum;
                sum += c;
            }
            for (int i = 0; i < n; i++) {
                int v = src[i];
                dst[count[(v >>> shift) & mask]++] = v;
            }
            int[] t = src;
            src = dst;
            dst = t;
        }
        if (src != a) {
            System.arraycopy(src, 0, a, 0, n);
        }
    }
}

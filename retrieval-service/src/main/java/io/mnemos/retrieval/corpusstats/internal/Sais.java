package io.mnemos.retrieval.corpusstats.internal;

import java.util.Arrays;

/**
 * Linear-time suffix array construction by induced sorting (SA-IS, Nong, Zhang and Chan 2009) over an {@code int}
 * alphabet.
 *
 * <p>The input is {@code t[0..n)} with every symbol in {@code [0, k)}. A virtual sentinel, smaller than every symbol,
 * is assumed after {@code t[n-1]}, so a suffix that is a proper prefix of another sorts first (the order a
 * byte-wise {@code memcmp} of token ids would give). Memory: the output {@code int[n]}, one byte per symbol for the
 * S/L types, two {@code int[k]} bucket arrays, and at most {@code n} further ints for the reduced problems (each
 * recursion level works on at most half as many symbols as the one above).
 */
public final class Sais {

    private Sais() {}

    /** Suffix array of {@code t[0..n)}, symbols in {@code [0, k)}. */
    public static int[] suffixArray(int[] t, int n, int k) {
        if (n < 0 || n > t.length) {
            throw new IllegalArgumentException("n out of range: " + n);
        }
        if (k <= 0 && n > 0) {
            throw new IllegalArgumentException("alphabet size must be positive: " + k);
        }
        int[] sa = new int[n];
        if (n > 0) {
            sais(t, n, k, sa);
        }
        return sa;
    }

    private static void sais(int[] t, int n, int k, int[] sa) {
        if (n == 1) {
            sa[0] = 0;
            return;
        }
        // S-type: true. The last symbol is L-type because the virtual sentinel is smaller.
        boolean[] stype = new boolean[n];
        for (int i = n - 2; i >= 0; i--) {
            stype[i] = t[i] < t[i + 1] || (t[i] == t[i + 1] && stype[i + 1]);
        }
        int[] counts = new int[k];
        for (int i = 0; i < n; i++) {
            counts[t[i]]++;
        }
        int[] bkt = new int[k];

        // Stage 1: sort the LMS substrings by induction.
        Arrays.fill(sa, -1);
        bucketEnds(counts, bkt);
        for (int i = 1; i < n; i++) {
            if (stype[i] && !stype[i - 1]) {
                sa[--bkt[t[i]]] = i;
            }
        }
        induceL(t, sa, n, stype, counts, bkt);
        induceS(t, sa, n, stype, counts, bkt);

        // Compact the sorted LMS positions into sa[0..m).
        int m = 0;
        for (int i = 0; i < n; i++) {
            int p = sa[i];
            if (p > 0 && stype[p] && !stype[p - 1]) {
                sa[m++] = p;
            }
        }
        // Name the LMS substrings; names are stored at sa[m + pos/2] (LMS positions are >= 2 apart, m <= n/2).
        Arrays.fill(sa, m, n, -1);
        int names = 0;
        int prev = -1;
        for (int i = 0; i < m; i++) {
            int pos = sa[i];
            if (prev < 0 || !lmsSubstringsEqual(t, n, stype, prev, pos)) {
                names++;
            }
            prev = pos;
            sa[m + (pos >> 1)] = names - 1;
        }
        int[] reduced = new int[m];
        int j = 0;
        for (int i = m; i < n; i++) {
            if (sa[i] >= 0) {
                reduced[j++] = sa[i];
            }
        }

        // Stage 2: sort the reduced problem (recursively if names are not unique).
        int[] reducedSa = new int[m];
        if (names < m) {
            sais(reduced, m, names, reducedSa);
        } else {
            for (int i = 0; i < m; i++) {
                reducedSa[reduced[i]] = i;
            }
        }
        // Map reduced indices back to LMS positions (reuse `reduced` for the positions in text order).
        j = 0;
        for (int i = 1; i < n; i++) {
            if (stype[i] && !stype[i - 1]) {
                reduced[j++] = i;
            }
        }
        for (int i = 0; i < m; i++) {
            reducedSa[i] = reduced[reducedSa[i]];
        }

        // Stage 3: induce the full order from the sorted LMS suffixes.
        Arrays.fill(sa, -1);
        bucketEnds(counts, bkt);
        for (int i = m - 1; i >= 0; i--) {
            int p = reducedSa[i];
            sa[--bkt[t[p]]] = p;
        }
        induceL(t, sa, n, stype, counts, bkt);
        induceS(t, sa, n, stype, counts, bkt);
    }

    private static boolean lmsSubstringsEqual(int[] t, int n, boolean[] stype, int a, int b) {
        for (int d = 0; ; d++) {
            int ia = a + d;
            int ib = b + d;
            if (ia == n || ib == n) {
                return false; // the virtual sentinel is unique
            }
            if (t[ia] != t[ib] || stype[ia] != stype[ib]) {
                return false;
            }
            if (d > 0) {
                boolean lmsA = stype[ia] && !stype[ia - 1];
                boolean lmsB = stype[ib] && !stype[ib - 1];
                if (lmsA || lmsB) {
                    return lmsA && lmsB;
                }
            }
        }
    }

    private static void induceL(int[] t, int[] sa, int n, boolean[] stype, int[] counts, int[] bkt) {
        bucketStarts(counts, bkt);
        // The virtual sentinel comes first; its predecessor n-1 is L-type.
        sa[bkt[t[n - 1]]++] = n - 1;
        for (int i = 0; i < n; i++) {
            int j = sa[i] - 1;
            if (j >= 0 && !stype[j]) {
                sa[bkt[t[j]]++] = j;
            }
        }
    }

    private static void induceS(int[] t, int[] sa, int n, boolean[] stype, int[] counts, int[] bkt) {
        bucketEnds(counts, bkt);
        for (int i = n - 1; i >= 0; i--) {
            int j = sa[i] - 1;
            if (j >= 0 && stype[j]) {
                sa[--bkt[t[j]]] = j;
            }
        }
    }

    private static void bucketStarts(int[] counts, int[] bkt) {
        int sum = 0;
        for (int c = 0; c < counts.length; c++) {
            bkt[c] = sum;
            sum += counts[c];
        }
    }

    private static void bucketEnds(int[] counts, int[] bkt) {
        int sum = 0;
        for (int c = 0; c < counts.length; c++) {
            sum += counts[c];
            bkt[c] = sum;
        }
    }
}

package io.mnemos.retrieval.corpusstats.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SaisTest {

    /** Naive suffix sort; a suffix that is a prefix of another sorts first. */
    static int[] naive(int[] t) {
        int n = t.length;
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> {
            while (a < n && b < n) {
                if (t[a] != t[b]) {
                    return Integer.compare(t[a], t[b]);
                }
                a++;
                b++;
            }
            return a == n ? (b == n ? 0 : -1) : 1;
        });
        return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }

    private static void check(int[] t, int k) {
        assertThat(Sais.suffixArray(t, t.length, k)).as(Arrays.toString(t)).isEqualTo(naive(t));
    }

    @Test
    void randomInputsMatchNaiveSort() {
        Random rnd = new Random(1);
        for (int iter = 0; iter < 3000; iter++) {
            int n = rnd.nextInt(iter < 2000 ? 40 : 600);
            int k = 1 + rnd.nextInt(iter % 3 == 0 ? 2 : 60);
            int[] t = new int[n];
            for (int i = 0; i < n; i++) {
                t[i] = rnd.nextInt(k);
            }
            check(t, k);
        }
    }

    @Test
    void degenerateInputs() {
        check(new int[0], 1);
        check(new int[] {0}, 1);
        check(new int[] {3}, 4);
        for (int n : new int[] {2, 3, 7, 64, 1000}) {
            int[] same = new int[n];
            Arrays.fill(same, 2);
            check(same, 3); // all equal
            int[] inc = new int[n];
            int[] dec = new int[n];
            int[] alt = new int[n];
            int[] periodic = new int[n];
            for (int i = 0; i < n; i++) {
                inc[i] = i;
                dec[i] = n - 1 - i;
                alt[i] = i % 2;
                periodic[i] = (i % 3 == 2) ? 0 : 1;
            }
            check(inc, n);
            check(dec, n);
            check(alt, 2);
            check(periodic, 2);
        }
        // separators at document starts, as the builder produces
        check(new int[] {0, 1, 2, 1, 2, 0, 1, 2, 0, 0, 1}, 3);
    }

    @Test
    void fibonacciWordAndRepeatsRecurseDeeply() {
        StringBuilder a = new StringBuilder("1");
        StringBuilder b = new StringBuilder("0");
        while (b.length() < 5000) {
            StringBuilder c = new StringBuilder(b).append(a);
            a = b;
            b = c;
        }
        int[] t = b.chars().map(ch -> ch - '0').toArray();
        check(t, 2);
        Random rnd = new Random(7);
        int[] unit = new int[13];
        for (int i = 0; i < unit.length; i++) {
            unit[i] = rnd.nextInt(5);
        }
        int[] rep = new int[unit.length * 200 + 3];
        for (int i = 0; i < rep.length; i++) {
            rep[i] = unit[i % unit.length];
        }
        check(rep, 5);
    }

    @Test
    void largeInputIsASortedPermutation() {
        Random rnd = new Random(3);
        int n = 300_000;
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            // Zipf-ish with long repeats
            t[i] = i % 5000 < 2500 ? (int) Math.floor(Math.pow(rnd.nextDouble(), 3) * 1000) : t[i % 2500];
        }
        int[] sa = Sais.suffixArray(t, n, 1000);
        boolean[] seen = new boolean[n];
        for (int p : sa) {
            assertThat(seen[p]).isFalse();
            seen[p] = true;
        }
        for (int r = 1; r < n; r++) {
            int a = sa[r - 1];
            int b = sa[r];
            while (a < n && b < n && t[a] == t[b]) {
                a++;
                b++;
            }
            boolean less = a == n || (b < n && t[a] < t[b]);
            assertThat(less).as("rank %d", r).isTrue();
        }
    }
}

package io.mnemos.retrieval.corpusstats.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IntSortTest {

    @Test
    void sortsLikeArraysSort() {
        Random rnd = new Random(5);
        for (int bound : new int[] {1, 2, 1000, 1 << 16, 1 << 24, Integer.MAX_VALUE}) {
            for (int n : new int[] {0, 1, 100, 5000, 100_000}) {
                int[] a = new int[n + 3];
                for (int i = 0; i < a.length; i++) {
                    a[i] = rnd.nextInt(bound);
                }
                int[] expected = a.clone();
                Arrays.sort(expected, 0, n);
                IntSort.sort(a, n, bound);
                assertThat(a).isEqualTo(expected);
            }
        }
    }
}

package io.mnemos.memory.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnemos.memory.conversation.SearchMode;
import io.mnemos.memory.conversation.TurnHit;
import io.mnemos.search.Fusion;
import java.time.Instant;
import java.util.UUID;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** How turn scores are mapped to [0, 1] before they are merged with other kinds of memory. */
class MemorySearchScoresTest {

    private static TurnHit hit(double score) {
        return new TurnHit(UUID.randomUUID(), null, UUID.randomUUID(), null, "user", "t", Instant.EPOCH, score, 1, 1);
    }

    @Test
    void aloneTheModeScoreIsKept() {
        assertThat(MemorySearchService.turnScore(SearchMode.BM25, Fusion.convex(0.3), hit(7.5), 7.5, false))
                .isEqualTo(7.5);
    }

    @Test
    void mixedScoresAreMappedToACosineLikeScale() {
        Offset<Double> eps = Offset.offset(1e-9);
        // Lucene's dot-product score (1 + cos) / 2 = 0.9 -> cos 0.8
        assertThat(MemorySearchService.turnScore(SearchMode.DENSE, Fusion.convex(0.3), hit(0.9), 0.9, true))
                .isEqualTo(0.8, eps);
        // negative cosine -> 0
        assertThat(MemorySearchService.turnScore(SearchMode.DENSE, Fusion.convex(0.3), hit(0.4), 0.9, true))
                .isZero();
        // BM25 relative to the best of its list
        assertThat(MemorySearchService.turnScore(SearchMode.BM25, Fusion.convex(0.3), hit(3), 6, true))
                .isEqualTo(0.5, eps);
        // RRF divided by its maximum 2 / (k + 1): rank 1 in both lists -> 1
        double best = 2.0 / 61;
        assertThat(MemorySearchService.turnScore(SearchMode.HYBRID, Fusion.rrf(60), hit(best), best, true))
                .isEqualTo(1.0, eps);
        assertThat(MemorySearchService.turnScore(SearchMode.HYBRID, Fusion.convex(0.3), hit(0.42), 0.9, true))
                .isEqualTo(0.42, eps);
    }
}

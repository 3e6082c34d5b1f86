package io.mnemos.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mnemos.search.RankFusion.Candidate;
import io.mnemos.search.RankFusion.Fused;
import java.util.List;
import org.junit.jupiter.api.Test;

class RankFusionTest {

    private static List<Candidate<String>> list(Object... keyScore) {
        var out = new java.util.ArrayList<Candidate<String>>();
        for (int i = 0; i < keyScore.length; i += 2) {
            out.add(new Candidate<>((String) keyScore[i], ((Number) keyScore[i + 1]).doubleValue()));
        }
        return out;
    }

    @Test
    void rrfSumsReciprocalRanks() {
        List<Fused<String>> f = RankFusion.fuse(list("a", 9, "b", 5), list("b", 0.9, "c", 0.8), Fusion.rrf(60));
        assertThat(f).extracting(Fused::key).containsExactly("b", "a", "c");
        assertThat(f.getFirst().score()).isEqualTo(1.0 / 62 + 1.0 / 61, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(f.getFirst().lexicalRank()).isEqualTo(2);
        assertThat(f.getFirst().denseRank()).isEqualTo(1);
        // a (lexical rank 1) and c (dense rank 2): a has the better score
        assertThat(f.get(1).score()).isGreaterThan(f.get(2).score());
    }

    @Test
    void convexNormalisesEachListAndMissingCountsZero() {
        // lexical: a=10 (1.0), b=4 (0.0); dense: b=0.9 (1.0), c=0.5 (0.0)
        List<Fused<String>> f = RankFusion.fuse(list("a", 10, "b", 4), list("b", 0.9, "c", 0.5), Fusion.convex(0.7));
        assertThat(f).extracting(Fused::key).containsExactly("b", "a", "c");
        assertThat(f.get(0).score()).isEqualTo(0.7, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(f.get(1).score()).isEqualTo(0.3, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(f.get(2).score()).isZero();
    }

    @Test
    void equalScoresNormaliseToOneAndTiesBreakByBestRank() {
        List<Fused<String>> f = RankFusion.fuse(list("a", 3, "b", 3), list(), Fusion.convex(0.5));
        assertThat(f).extracting(Fused::score).containsExactly(0.5, 0.5);
        assertThat(f).extracting(Fused::key).containsExactly("a", "b");
    }

    @Test
    void weightedRrfScalesEachListsTerm() {
        // a: lexical rank 1 only; c: dense rank 1 only. Plain RRF ties them; a dense weight of 2 puts c first.
        List<Fused<String>> plain = RankFusion.fuse(list("a", 9), list("c", 0.8), Fusion.rrf(10));
        assertThat(plain.get(0).score()).isEqualTo(plain.get(1).score());
        List<Fused<String>> f = RankFusion.fuse(list("a", 9), list("c", 0.8), Fusion.rrf(10, 1, 2));
        assertThat(f).extracting(Fused::key).containsExactly("c", "a");
        assertThat(f.get(0).score()).isEqualTo(2.0 / 11, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(f.get(1).score()).isEqualTo(1.0 / 11, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(Fusion.rrf(10, 1, 2).describe()).isEqualTo("rrf(k=10, lexical=1.0, dense=2.0)");
        assertThat(new Fusion.Rrf(60)).isEqualTo(Fusion.rrf(60, 1, 1));
    }

    @Test
    void zScoreUsesMeanAndDeviationAndMissingGetsTheListsLowest() {
        // lexical a=10, b=4, d=1: mean 5, sd sqrt(14) -> a 1.336, b -0.267, d -1.069 (lowest)
        // dense b=0.9, c=0.5: mean 0.7, sd 0.2 -> b 1, c -1 (lowest)
        List<Fused<String>> f = RankFusion.fuse(
                list("a", 10, "b", 4, "d", 1),
                list("b", 0.9, "c", 0.5),
                Fusion.convex(0.5, Fusion.Normalization.Z_SCORE));
        double sd = Math.sqrt(14);
        double za = 5 / sd;
        double zb = -1 / sd;
        double zd = -4 / sd;
        // d (lexical's lowest, dense missing) and c (lexical missing, dense's lowest) tie; c has the better rank
        assertThat(f).extracting(Fused::key).containsExactly("b", "a", "c", "d");
        var off = org.assertj.core.data.Offset.offset(1e-9);
        assertThat(f.get(0).score()).isEqualTo(0.5 * zb + 0.5 * 1, off);
        assertThat(f.get(1).score()).isEqualTo(0.5 * za + 0.5 * -1, off); // a missing from dense: dense's lowest
        assertThat(f.get(2).score()).isEqualTo(0.5 * zd + 0.5 * -1, off); // c missing from lexical: lexical's lowest
        assertThat(f.get(3).score()).isEqualTo(0.5 * zd + 0.5 * -1, off);
        assertThat(Fusion.convex(0.5, Fusion.Normalization.Z_SCORE).describe()).isEqualTo("convex(alpha=0.5, z_score)");
    }

    @Test
    void zScoreOfEqualScoresIsZero() {
        List<Fused<String>> f =
                RankFusion.fuse(list("a", 3, "b", 3), list("a", 0.5), Fusion.convex(0.5, Fusion.Normalization.Z_SCORE));
        assertThat(f).extracting(Fused::score).containsExactly(0.0, 0.0);
    }

    @Test
    void singleListsKeepScores() {
        assertThat(RankFusion.lexicalOnly(list("a", 2.5)).getFirst().score()).isEqualTo(2.5);
        assertThat(RankFusion.denseOnly(list("x", 0.25)).getFirst().denseRank()).isEqualTo(1);
        assertThat(RankFusion.fuse(List.<Candidate<String>>of(), List.of(), Fusion.rrf()))
                .isEmpty();
    }

    @Test
    void duplicateKeysAndBadParametersAreRejected() {
        assertThatThrownBy(() -> RankFusion.fuse(list("a", 1, "a", 0.5), list(), Fusion.rrf()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fusion.convex(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fusion.rrf(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fusion.rrf(60, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fusion.rrf(60, -1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fusion.rrf(60, Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fusion.convex(0.5, null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Fusion.rrf().describe()).isEqualTo("rrf(k=60)");
    }
}

package io.mnemos.memory.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FactReconcilerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private final FactReconciler reconciler = new FactReconciler(AttributeCatalog.defaults(), Duration.ofMinutes(10));

    @Test
    void sameValueAndPolarityMergesWithNoisyOrConfidence() {
        ProfileFact f = fact("food.preference", "Sushi", Polarity.POSITIVE, 0.7, "chat", T0);
        var d = reconciler.decide(
                obs("food.preference", "sushi!", Polarity.POSITIVE, 0.6, "chat", T0.plusSeconds(5)), List.of(f));
        assertThat(d).isInstanceOf(FactReconciler.Merge.class);
        FactReconciler.Merge m = (FactReconciler.Merge) d;
        assertThat(m.target()).isEqualTo(f);
        assertThat(m.newConfidence()).isCloseTo(1 - 0.3 * 0.4, org.assertj.core.data.Offset.offset(1e-9));
        ProfileFact merged = f.merged(m.newConfidence(), T0.minusSeconds(60), T0.plusSeconds(5));
        assertThat(merged.validFrom()).isEqualTo(T0.minusSeconds(60));
        assertThat(merged.evidenceCount()).isEqualTo(2);
        assertThat(merged.version()).isEqualTo(f.version() + 1);
    }

    @Test
    void mergedConfidenceIsCapped() {
        assertThat(FactReconciler.combine(0.98, 0.98)).isEqualTo(FactReconciler.MAX_CONFIDENCE);
    }

    @Test
    void newExclusiveValueLongAfterFromSameSourceSupersedes() {
        ProfileFact paris = fact("location.home", "Paris", Polarity.POSITIVE, 0.8, "chat", T0);
        var d = (FactReconciler.Insert) reconciler.decide(
                obs("location.home", "Berlin", Polarity.POSITIVE, 0.8, "chat", T0.plus(Duration.ofDays(30))),
                List.of(paris));
        assertThat(d.supersede()).containsExactly(paris);
        assertThat(d.contradict()).isEmpty();
        assertThat(d.newerThanObservation()).isNull();
    }

    @Test
    void newExclusiveValueWithinWindowContradicts() {
        ProfileFact paris = fact("location.home", "Paris", Polarity.POSITIVE, 0.8, "chat", T0);
        var d = (FactReconciler.Insert) reconciler.decide(
                obs("location.home", "Berlin", Polarity.POSITIVE, 0.8, "chat", T0.plusSeconds(120)), List.of(paris));
        assertThat(d.supersede()).isEmpty();
        assertThat(d.contradict()).singleElement().satisfies(c -> {
            assertThat(c.existing()).isEqualTo(paris);
            assertThat(c.reason()).contains("exclusive value").contains("within");
        });
    }

    @Test
    void conflictFromAnotherSourceContradictsEvenMuchLater() {
        ProfileFact paris = fact("location.home", "Paris", Polarity.POSITIVE, 0.8, "crm-import", T0);
        var d = (FactReconciler.Insert) reconciler.decide(
                obs("location.home", "Berlin", Polarity.POSITIVE, 0.8, "chat", T0.plus(Duration.ofDays(90))),
                List.of(paris));
        assertThat(d.contradict()).singleElement().satisfies(c -> assertThat(c.reason())
                .contains("different sources"));
    }

    @Test
    void oppositePolarityOfSameValueContradictsWhenCloseAndSupersedesWhenLater() {
        ProfileFact likes = fact("food.preference", "sushi", Polarity.POSITIVE, 0.8, "chat", T0);
        var close = (FactReconciler.Insert) reconciler.decide(
                obs("food.preference", "Sushi", Polarity.NEGATIVE, 0.8, "chat", T0.plusSeconds(30)), List.of(likes));
        assertThat(close.contradict()).singleElement().satisfies(c -> assertThat(c.reason())
                .contains("opposite polarity"));
        var later = (FactReconciler.Insert) reconciler.decide(
                obs("food.preference", "Sushi", Polarity.NEGATIVE, 0.8, "chat", T0.plus(Duration.ofDays(2))),
                List.of(likes));
        assertThat(later.supersede()).containsExactly(likes);
    }

    @Test
    void multiValuedAttributeKeepsDifferentValues() {
        ProfileFact sushi = fact("food.preference", "sushi", Polarity.POSITIVE, 0.8, "chat", T0);
        var d = (FactReconciler.Insert) reconciler.decide(
                obs("food.preference", "ramen", Polarity.POSITIVE, 0.8, "chat", T0.plusSeconds(5)), List.of(sushi));
        assertThat(d.supersede()).isEmpty();
        assertThat(d.contradict()).isEmpty();
    }

    @Test
    void denialOfAnotherValueOfExclusiveAttributeDoesNotConflict() {
        ProfileFact paris = fact("location.home", "Paris", Polarity.POSITIVE, 0.8, "chat", T0);
        var d = (FactReconciler.Insert) reconciler.decide(
                obs("location.home", "Berlin", Polarity.NEGATIVE, 0.8, "chat", T0.plusSeconds(5)), List.of(paris));
        assertThat(d.supersede()).isEmpty();
        assertThat(d.contradict()).isEmpty();
    }

    @Test
    void lateOlderObservationGoesStraightToHistory() {
        ProfileFact berlin = fact("location.home", "Berlin", Polarity.POSITIVE, 0.8, "chat", T0);
        var d = (FactReconciler.Insert) reconciler.decide(
                obs("location.home", "Paris", Polarity.POSITIVE, 0.8, "chat", T0.minus(Duration.ofDays(10))),
                List.of(berlin));
        assertThat(d.newerThanObservation()).isEqualTo(berlin);
        assertThat(d.supersede()).isEmpty();
    }

    @Test
    void inactiveAndOtherAttributesAreIgnored() {
        ProfileFact old = fact("location.home", "Paris", Polarity.POSITIVE, 0.8, "chat", T0)
                .withStatus(FactStatus.SUPERSEDED, T0.plusSeconds(1), UUID.randomUUID(), T0.plusSeconds(1));
        ProfileFact other = fact("location.origin", "Lyon", Polarity.POSITIVE, 0.8, "chat", T0);
        var d = reconciler.decide(
                obs("location.home", "Berlin", Polarity.POSITIVE, 0.8, "chat", T0.plusSeconds(5)), List.of(old, other));
        assertThat(d).isEqualTo(new FactReconciler.Insert(List.of(), List.of(), null));
    }

    @Test
    void catalogCardinalityAndNormalisation() {
        AttributeCatalog c = AttributeCatalog.defaults();
        assertThat(c.cardinality("food.preference")).isEqualTo(AttributeCatalog.Cardinality.MULTI);
        assertThat(c.cardinality("health.allergy")).isEqualTo(AttributeCatalog.Cardinality.MULTI);
        assertThat(c.cardinality("location.home")).isEqualTo(AttributeCatalog.Cardinality.SINGLE);
        assertThat(c.cardinality("favourite.colour")).isEqualTo(AttributeCatalog.Cardinality.SINGLE);
        assertThat(AttributeCatalog.normalizeAttribute(" Food Preference ")).isEqualTo("food_preference");
        assertThat(AttributeCatalog.normalizeValue("The Beatles!")).isEqualTo("beatles");
        assertThat(AttributeCatalog.normalizeValue("  Thai   food. ")).isEqualTo("thai food");
    }

    static ProfileFact fact(String attr, String value, Polarity p, double conf, String source, Instant at) {
        return JdbcProfileStore.newFact(
                UUID.randomUUID(), "t", new ProfileUpsert("u", attr, value, p, conf, source, null, at, null), null, at);
    }

    static ProfileUpsert obs(String attr, String value, Polarity p, double conf, String source, Instant at) {
        return new ProfileUpsert("u", attr, value, p, conf, source, "turn-1", at, null);
    }
}

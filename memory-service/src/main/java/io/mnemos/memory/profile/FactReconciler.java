package io.mnemos.memory.profile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decides what one observation does to the current facts of its attribute: merge, insert, supersede or contradict.
 * Pure logic; {@link ProfileStore} implementations apply the decision atomically.
 *
 * <p>Rules, for an observation {@code o} and the current facts {@code F} of the same user and attribute:
 *
 * <ol>
 *   <li><b>Duplicate</b>: a fact in {@code F} with the same normalised value and polarity → merge: confidence becomes
 *       the noisy-OR {@code 1 − (1 − c₁)(1 − c₂)} (capped at {@value #MAX_CONFIDENCE}), evidence count + 1, the
 *       earliest {@code validFrom} and latest observation time are kept.
 *   <li><b>Conflicts</b>: facts in {@code F} with the same value and the opposite polarity, and, when the attribute is
 *       {@link AttributeCatalog.Cardinality#SINGLE} and {@code o} is positive, positive facts with another value.
 *   <li>Each conflict becomes a <b>contradiction</b> when {@code o} comes from another source than the fact, or when
 *       the two observations are less than the contradiction window apart (the user said both "recently": we cannot
 *       tell which is right); otherwise the old fact is <b>superseded</b> (the user changed their mind) — unless the
 *       observation is the older of the two, in which case it is stored directly as history.
 *   <li>With no duplicate and no conflict, the observation is <b>inserted</b>.
 * </ol>
 */
public final class FactReconciler {

    /** Upper bound of merged confidence: repetition never makes a fact certain. */
    public static final double MAX_CONFIDENCE = 0.99;

    private final AttributeCatalog catalog;
    private final Duration contradictionWindow;

    /**
     * @param catalog which attributes are exclusive
     * @param contradictionWindow conflicting observations from one source closer than this are a contradiction, not a
     *     change of mind
     */
    public FactReconciler(AttributeCatalog catalog, Duration contradictionWindow) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.contradictionWindow = Objects.requireNonNull(contradictionWindow, "contradictionWindow");
        if (contradictionWindow.isNegative()) {
            throw new IllegalArgumentException("contradictionWindow must not be negative");
        }
    }

    /** The decision for one observation. */
    public sealed interface Decision {}

    /** Merge the observation into {@code target}. */
    public record Merge(ProfileFact target, double newConfidence) implements Decision {}

    /**
     * Insert a new fact; supersede {@code supersede}; open a contradiction with each of {@code contradict}. When
     * {@code newerThanObservation} is set, the observation is older than a conflicting current fact from the same source
     * (a late or replayed message): the new fact goes straight into history, superseded by that fact, and nothing else
     * changes.
     */
    public record Insert(List<ProfileFact> supersede, List<Conflict> contradict, ProfileFact newerThanObservation)
            implements Decision {
        public Insert {
            supersede = List.copyOf(supersede);
            contradict = List.copyOf(contradict);
        }
    }

    /** A current fact the new one conflicts with, and why it is a contradiction rather than a change. */
    public record Conflict(ProfileFact existing, String reason) {}

    /**
     * Decides.
     *
     * @param o the observation
     * @param current the current ({@link FactStatus#ACTIVE}) facts of the same tenant, user and attribute; others are
     *     ignored
     */
    public Decision decide(ProfileUpsert o, List<ProfileFact> current) {
        String value = o.normalizedValue();
        List<ProfileFact> active = current.stream()
                .filter(ProfileFact::isActive)
                .filter(f -> f.attribute().equals(o.attribute()))
                .toList();
        for (ProfileFact f : active) {
            if (f.normalizedValue().equals(value) && f.polarity() == o.polarity()) {
                return new Merge(f, combine(f.confidence(), o.confidence()));
            }
        }
        boolean exclusive = catalog.cardinality(o.attribute()) == AttributeCatalog.Cardinality.SINGLE;
        List<ProfileFact> supersede = new ArrayList<>();
        List<Conflict> contradict = new ArrayList<>();
        ProfileFact newer = null;
        for (ProfileFact f : active) {
            String kind;
            if (f.normalizedValue().equals(value)) {
                kind = "opposite polarity";
            } else if (exclusive && o.polarity() == Polarity.POSITIVE && f.polarity() == Polarity.POSITIVE) {
                kind = "exclusive value";
            } else {
                continue;
            }
            if (!f.source().equals(o.source())) {
                contradict.add(
                        new Conflict(f, kind + ", different sources (" + f.source() + " vs " + o.source() + ")"));
            } else if (Duration.between(f.lastObservedAt(), o.observedAt())
                            .abs()
                            .compareTo(contradictionWindow)
                    < 0) {
                contradict.add(new Conflict(f, kind + ", observed within " + contradictionWindow));
            } else if (o.observedAt().isBefore(f.lastObservedAt())) {
                newer = newer == null ? f : newer;
            } else {
                supersede.add(f);
            }
        }
        if (newer != null && contradict.isEmpty()) {
            return new Insert(List.of(), List.of(), newer);
        }
        return new Insert(supersede, contradict, null);
    }

    /** Noisy-OR of two independent confidences, capped at {@link #MAX_CONFIDENCE}. */
    public static double combine(double a, double b) {
        return Math.min(MAX_CONFIDENCE, 1 - (1 - a) * (1 - b));
    }
}

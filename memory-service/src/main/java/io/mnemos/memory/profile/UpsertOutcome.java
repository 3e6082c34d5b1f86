package io.mnemos.memory.profile;

import java.util.List;

/**
 * What an upsert did.
 *
 * @param kind the decision
 * @param fact the fact that now carries the observation (the merged fact or the new one)
 * @param superseded facts that stopped being current because of it (already in their new state)
 * @param contradictions contradictions opened by it
 */
public record UpsertOutcome(
        Kind kind, ProfileFact fact, List<ProfileFact> superseded, List<Contradiction> contradictions) {

    /** The decision taken for one observation. */
    public enum Kind {
        /** A new fact; nothing else changed. */
        INSERTED,
        /** Same attribute, value and polarity as a current fact: merged into it. */
        MERGED,
        /** A new fact that replaced one or more current facts. */
        SUPERSEDED,
        /** A new fact that conflicts with current facts; contradictions were opened (it may also supersede some). */
        CONTRADICTED,
        /** An explicit edit of a current fact that kept its value (confidence or source changed in place). */
        UPDATED
    }

    public UpsertOutcome {
        superseded = List.copyOf(superseded);
        contradictions = List.copyOf(contradictions);
    }
}

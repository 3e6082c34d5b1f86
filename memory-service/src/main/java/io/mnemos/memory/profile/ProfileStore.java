package io.mnemos.memory.profile;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Durable profile facts and contradictions: the source of truth behind {@link ProfileService}.
 *
 * <p>Every method is scoped to a tenant: a fact or contradiction of another tenant is never returned, changed or
 * deleted (it behaves exactly like a missing one). Implementations are thread-safe; {@link #upsert} is atomic per
 * (tenant, user, attribute) and applies {@link FactReconciler}'s decision. Methods that change an existing row take
 * the version the caller read and throw {@link org.springframework.dao.OptimisticLockingFailureException} when the row
 * changed since.
 */
public interface ProfileStore {

    /**
     * Merges one observation into the profile (see {@link FactReconciler} for the rules). The embedding in the request,
     * if any, is stored with a newly inserted fact and ignored on a merge.
     */
    UpsertOutcome upsert(String tenant, ProfileUpsert observation);

    /** The fact, whatever its status; empty if missing or another tenant's. */
    Optional<ProfileFact> get(String tenant, UUID factId);

    /** The user's current facts, ordered by attribute, then {@code validFrom}. Empty for an unknown user. */
    List<ProfileFact> current(String tenant, String userId);

    /** Every fact of the user, any status, by attribute then {@code validFrom}. Empty for an unknown user. */
    List<ProfileFact> all(String tenant, String userId);

    /** Every fact of one attribute of the user, any status, oldest first (by {@code validFrom}, then creation). */
    List<ProfileFact> history(String tenant, String userId, String attribute);

    /**
     * The user's current facts with their stored embeddings (the vector is {@code null} for facts stored without one),
     * for rebuilding the in-memory graph.
     */
    List<FactVector> currentWithVectors(String tenant, String userId);

    /** Stores (or replaces) the embedding of a fact. Does nothing if the fact is missing or another tenant's. */
    void saveVector(String tenant, UUID factId, float[] vector);

    /**
     * Withdraws a current fact: status {@link FactStatus#RETRACTED}, {@code validTo} now; open contradictions that
     * involve it become {@link ContradictionStatus#OBSOLETE}.
     *
     * @return the updated fact; empty if missing or another tenant's
     * @throws IllegalStateException if the fact is not current
     */
    Optional<ProfileFact> retract(String tenant, UUID factId, long expectedVersion);

    /**
     * Edits a current fact on a caller's explicit request. Same value and polarity: its confidence (and source) change
     * in place ({@link UpsertOutcome.Kind#UPDATED}). Another value or polarity: a new fact replaces it and it becomes
     * {@link FactStatus#SUPERSEDED}, so history is kept ({@link UpsertOutcome.Kind#SUPERSEDED}).
     *
     * @return the outcome; empty if the fact is missing or another tenant's
     * @throws org.springframework.dao.OptimisticLockingFailureException if it is no longer at {@code expectedVersion}
     * @throws IllegalStateException if it is not current, or another current fact already holds the new value
     * @throws IllegalArgumentException if {@code edit} is about another user or attribute
     */
    Optional<UpsertOutcome> replace(String tenant, UUID factId, long expectedVersion, ProfileUpsert edit);

    /** Deletes a fact for good (its contradictions too; links to it from other facts are cleared). */
    boolean delete(String tenant, UUID factId);

    /** Deletes every fact and contradiction of a user; returns the number of facts deleted. */
    int deleteUser(String tenant, String userId);

    /** The user's contradictions, newest first; only {@link ContradictionStatus#OPEN} ones if {@code openOnly}. */
    List<Contradiction> contradictions(String tenant, String userId, boolean openOnly);

    /** One contradiction; empty if missing or another tenant's. */
    Optional<Contradiction> contradiction(String tenant, UUID contradictionId);

    /**
     * Resolves an open contradiction in favour of {@code winnerFactId}: the other fact becomes
     * {@link FactStatus#REJECTED} (superseded by the winner), the contradiction {@link ContradictionStatus#RESOLVED},
     * and other open contradictions of the loser {@link ContradictionStatus#OBSOLETE}.
     *
     * @return the resolved contradiction and the rejected fact; empty if the contradiction is missing or another
     *     tenant's
     * @throws IllegalArgumentException if the winner is not one of its two facts
     * @throws IllegalStateException if it is not open
     */
    Optional<Resolution> resolve(String tenant, UUID contradictionId, UUID winnerFactId, long expectedVersion);

    /** A stored fact and its embedding ({@code null} if none). */
    record FactVector(ProfileFact fact, float[] vector) {}

    /** A user of a tenant. */
    record TenantUser(String tenant, String userId) {}

    /**
     * Users (of every tenant) with a current fact written or observed after {@code since}, most recent first, at most
     * {@code limit}: whose profile graphs are worth building at start-up. Stores that cannot tell return none.
     */
    default List<TenantUser> recentlyActiveUsers(java.time.Instant since, int limit) {
        return List.of();
    }

    /** Result of {@link #resolve}. */
    record Resolution(Contradiction contradiction, ProfileFact rejected) {}
}

package io.mnemos.memory.profile;

import java.time.Instant;
import java.util.UUID;

/**
 * Two current facts about the same attribute that cannot both hold, kept until a caller picks one.
 *
 * @param id contradiction id
 * @param tenant owning tenant
 * @param userId the user
 * @param attribute the attribute both facts are about
 * @param factA the fact that was current first
 * @param factB the newer fact that conflicts with it
 * @param reason why they conflict, e.g. {@code opposite polarity} or {@code exclusive value}, and why it was not
 *     treated as a change (within the window, or different sources)
 * @param status open, resolved or obsolete
 * @param resolvedWith the winning fact once resolved
 * @param detectedAt when the conflict was recorded
 * @param resolvedAt when it was resolved or became obsolete
 * @param version optimistic-locking version
 */
public record Contradiction(
        UUID id,
        String tenant,
        String userId,
        String attribute,
        UUID factA,
        UUID factB,
        String reason,
        ContradictionStatus status,
        UUID resolvedWith,
        Instant detectedAt,
        Instant resolvedAt,
        long version) {

    /** Whether {@code factId} is one of the two sides. */
    public boolean involves(UUID factId) {
        return factA.equals(factId) || factB.equals(factId);
    }

    /** The side that is not {@code factId}. */
    public UUID other(UUID factId) {
        if (factA.equals(factId)) {
            return factB;
        }
        if (factB.equals(factId)) {
            return factA;
        }
        throw new IllegalArgumentException(factId + " is not part of contradiction " + id);
    }

    Contradiction closed(ContradictionStatus newStatus, UUID winner, Instant at) {
        return new Contradiction(
                id, tenant, userId, attribute, factA, factB, reason, newStatus, winner, detectedAt, at, version + 1);
    }
}

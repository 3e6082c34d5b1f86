package io.mnemos.memory.profile;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One stored statement about a user.
 *
 * @param id fact id (UUIDv7)
 * @param tenant owning tenant
 * @param userId the user the fact is about
 * @param attribute dimension, dot-separated lower case, e.g. {@code food.preference}, {@code location.home}
 * @param value value as stated, e.g. {@code Thai food}
 * @param normalizedValue value used for duplicate detection (lower case, articles and punctuation removed)
 * @param polarity whether the value is asserted or denied
 * @param confidence belief in [0, 1]; raised when the same fact is observed again
 * @param evidenceCount how many observations were merged into this fact
 * @param source where the first observation came from, e.g. {@code chat}, {@code form}, {@code import}
 * @param sourceTurnId conversation turn of the first observation, if any
 * @param validFrom when the fact started to hold (earliest observation)
 * @param validTo when it stopped being current; {@code null} while {@link FactStatus#ACTIVE}
 * @param lastObservedAt latest observation merged into this fact
 * @param status lifecycle state
 * @param supersedes the fact this one replaced, if any
 * @param supersededBy the fact that replaced (or won against) this one, if any
 * @param version optimistic-locking version, incremented on every update
 * @param createdAt when the row was written
 * @param updatedAt when the row was last changed
 */
public record ProfileFact(
        UUID id,
        String tenant,
        String userId,
        String attribute,
        String value,
        String normalizedValue,
        Polarity polarity,
        double confidence,
        int evidenceCount,
        String source,
        String sourceTurnId,
        Instant validFrom,
        Instant validTo,
        Instant lastObservedAt,
        FactStatus status,
        UUID supersedes,
        UUID supersededBy,
        long version,
        Instant createdAt,
        Instant updatedAt) {

    public ProfileFact {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(normalizedValue, "normalizedValue");
        Objects.requireNonNull(polarity, "polarity");
        Objects.requireNonNull(status, "status");
    }

    /** Whether the fact is current. */
    public boolean isActive() {
        return status == FactStatus.ACTIVE;
    }

    /** The text that is embedded for retrieval, e.g. {@code "food preference: sushi"} or {@code "...: not sushi"}. */
    public String embeddingText() {
        return embeddingText(attribute, value, polarity);
    }

    /** See {@link #embeddingText()}. */
    public static String embeddingText(String attribute, String value, Polarity polarity) {
        String dimension = attribute.replace('.', ' ').replace('_', ' ');
        return dimension + ": " + (polarity == Polarity.NEGATIVE ? "not " : "") + value;
    }

    ProfileFact withStatus(FactStatus newStatus, Instant validTo, UUID supersededBy, Instant now) {
        return new ProfileFact(
                id,
                tenant,
                userId,
                attribute,
                value,
                normalizedValue,
                polarity,
                confidence,
                evidenceCount,
                source,
                sourceTurnId,
                validFrom,
                validTo,
                lastObservedAt,
                newStatus,
                supersedes,
                supersededBy,
                version + 1,
                createdAt,
                now);
    }

    ProfileFact merged(double newConfidence, Instant observedAt, Instant now) {
        Instant from = observedAt.isBefore(validFrom) ? observedAt : validFrom;
        Instant last = observedAt.isAfter(lastObservedAt) ? observedAt : lastObservedAt;
        return new ProfileFact(
                id,
                tenant,
                userId,
                attribute,
                value,
                normalizedValue,
                polarity,
                newConfidence,
                evidenceCount + 1,
                source,
                sourceTurnId,
                from,
                validTo,
                last,
                status,
                supersedes,
                supersededBy,
                version + 1,
                createdAt,
                now);
    }
}

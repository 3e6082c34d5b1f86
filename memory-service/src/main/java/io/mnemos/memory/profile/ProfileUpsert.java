package io.mnemos.memory.profile;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One observation of a fact about a user, to be merged into the profile.
 *
 * @param userId the user
 * @param attribute dimension (normalised on the way in: lower case, dots between parts)
 * @param value the value as stated (not blank)
 * @param polarity asserted or denied
 * @param confidence belief in [0, 1] carried by this observation
 * @param source origin of the observation ({@code chat}, {@code form}, ...); observations from different sources that
 *     conflict become contradictions instead of replacing each other
 * @param sourceTurnId conversation turn, if any
 * @param observedAt when the statement was made
 * @param embedding the embedding of {@link ProfileFact#embeddingText()}, or {@code null} (the store keeps what it is
 *     given; the service fills it in)
 */
public record ProfileUpsert(
        String userId,
        String attribute,
        String value,
        Polarity polarity,
        double confidence,
        String source,
        String sourceTurnId,
        Instant observedAt,
        float[] embedding) {

    public ProfileUpsert {
        requireText(userId, "userId");
        requireText(attribute, "attribute");
        requireText(value, "value");
        Objects.requireNonNull(polarity, "polarity");
        Objects.requireNonNull(observedAt, "observedAt");
        if (!(confidence > 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1]: " + confidence);
        }
        attribute = AttributeCatalog.normalizeAttribute(attribute);
        value = value.strip();
        source = source == null || source.isBlank() ? "unknown" : source.strip();
    }

    /** An observation of {@code candidate}. */
    public static ProfileUpsert of(
            String userId, FactCandidate candidate, String source, String sourceTurnId, Instant observedAt) {
        return new ProfileUpsert(
                userId,
                candidate.attribute(),
                candidate.value(),
                candidate.polarity(),
                candidate.confidence(),
                source,
                sourceTurnId,
                observedAt,
                null);
    }

    /** The same observation with its embedding. */
    public ProfileUpsert withEmbedding(float[] vector) {
        return new ProfileUpsert(
                userId, attribute, value, polarity, confidence, source, sourceTurnId, observedAt, vector);
    }

    /** {@link ProfileFact#embeddingText(String, String, Polarity)} of this observation. */
    public String embeddingText() {
        return ProfileFact.embeddingText(attribute, value, polarity);
    }

    /** {@link AttributeCatalog#normalizeValue(String)} of the value. */
    public String normalizedValue() {
        return AttributeCatalog.normalizeValue(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProfileUpsert u
                && userId.equals(u.userId)
                && attribute.equals(u.attribute)
                && value.equals(u.value)
                && polarity == u.polarity
                && confidence == u.confidence
                && source.equals(u.source)
                && Objects.equals(sourceTurnId, u.sourceTurnId)
                && observedAt.equals(u.observedAt)
                && Arrays.equals(embedding, u.embedding);
    }

    @Override
    public int hashCode() {
        return Objects.hash(userId, attribute, value, polarity, observedAt);
    }

    @Override
    public String toString() {
        return "ProfileUpsert[" + userId + " " + attribute + "=" + (polarity == Polarity.NEGATIVE ? "!" : "") + value
                + " conf=" + confidence + " source=" + source + " at=" + observedAt + "]";
    }

    private static void requireText(String s, String name) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}

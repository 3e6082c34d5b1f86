package io.mnemos.memory.profile;

import java.util.Objects;

/**
 * A fact proposed by a {@link FactExtractor}, not yet stored.
 *
 * @param attribute dimension, e.g. {@code food.preference}
 * @param value the value as stated
 * @param polarity asserted or denied
 * @param confidence the extractor's belief in [0, 1]
 * @param evidence the text span the fact was read from (for audit and debugging)
 */
public record FactCandidate(String attribute, String value, Polarity polarity, double confidence, String evidence) {

    public FactCandidate {
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(polarity, "polarity");
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be in [0, 1]: " + confidence);
        }
        evidence = evidence == null ? "" : evidence;
    }
}

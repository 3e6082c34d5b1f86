package io.mnemos.retrieval.corpusstats;

import java.util.List;

/**
 * Next-token distribution after a prompt, most frequent first (ties by token string).
 *
 * @param promptCount exact occurrences of the prompt
 * @param endOfDocumentCount occurrences of the prompt that end a document (no next token); not in {@code tokens},
 *     so the probabilities of all tokens plus {@code endOfDocumentCount / promptCount} sum to 1
 * @param tokens at most {@code topK} entries
 * @param distinctTokens number of distinct next tokens seen (before the top-k cut)
 * @param approx true when the prompt's occurrences exceeded {@code maxSupport} and were sampled (Infini-gram's
 *     power-of-two unit sampling; counts are then multiples of the unit)
 * @param latencyNanos time spent inside the engine
 */
public record NextTokenResult(
        long promptCount,
        long endOfDocumentCount,
        List<NextToken> tokens,
        int distinctTokens,
        boolean approx,
        long latencyNanos) {

    public NextTokenResult {
        tokens = List.copyOf(tokens);
    }

    public double latencyMillis() {
        return latencyNanos / 1e6;
    }
}

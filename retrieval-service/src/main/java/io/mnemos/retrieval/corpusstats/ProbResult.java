package io.mnemos.retrieval.corpusstats;

/**
 * {@code P(continuation | prompt) = count(prompt + continuation) / count(prompt)}.
 *
 * @param promptCount occurrences of the prompt (the total token count for an empty prompt)
 * @param continuationCount occurrences of prompt followed by the continuation token
 * @param prob the ratio, or {@code -1} when the prompt does not occur (Infini-gram's convention)
 * @param approx always false (both counts are exact)
 * @param latencyNanos time spent inside the engine
 */
public record ProbResult(long promptCount, long continuationCount, double prob, boolean approx, long latencyNanos) {

    public double latencyMillis() {
        return latencyNanos / 1e6;
    }
}

package io.mnemos.retrieval.corpusstats;

/**
 * One entry of a next-token distribution.
 *
 * @param token the token string
 * @param count occurrences of prompt + token (scaled by the sampling unit when the result is approximate)
 * @param prob {@code count / promptCount}
 */
public record NextToken(String token, long count, double prob) {}

package io.mnemos.vision.images;

import io.mnemos.vision.hash.GridSignature;
import io.mnemos.vision.hash.PerceptualHash;
import java.awt.image.BufferedImage;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Decides whether a new image is the same picture as a stored one, so that the stored OCR and caption can be reused.
 * Pure and thread-safe; the candidates come from the store.
 *
 * <p>A candidate with byte-identical content (same SHA-256) always matches. Otherwise, in order of perceptual-hash
 * distance, the first candidate that passes all three checks matches: Hamming distance ≤ {@code maxDistance}; aspect
 * ratios within {@code maxAspectDifference} of each other (resizing keeps the aspect ratio, cropping does not); and the
 * new image's {@link GridSignature}, computed on the candidate's grid, correlating with the candidate's at least {@code
 * minSimilarity}. The last check is what keeps two different text lines of the same size, whose pHashes can be a few
 * bits apart, from sharing one OCR result.
 */
public final class ReusePolicy {

    /**
     * A stored image that might match.
     *
     * @param id             its record
     * @param perceptualHash its pHash
     * @param width          its upright width
     * @param height         its upright height
     * @param grid           its grid signature
     * @param sameBytes      whether its content hash equals the new image's
     */
    public record Candidate(
            UUID id, long perceptualHash, int width, int height, GridSignature grid, boolean sameBytes) {
        public Candidate {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(grid, "grid");
        }
    }

    /**
     * The chosen candidate.
     *
     * @param id         its record
     * @param distance   pHash Hamming distance
     * @param similarity grid-signature correlation (1 for identical bytes)
     * @param sameBytes  whether the bytes were identical
     */
    public record Match(UUID id, int distance, double similarity, boolean sameBytes) {}

    private final int maxDistance;
    private final double minSimilarity;
    private final double maxAspectDifference;

    public ReusePolicy(int maxDistance, double minSimilarity, double maxAspectDifference) {
        this.maxDistance = maxDistance;
        this.minSimilarity = minSimilarity;
        this.maxAspectDifference = maxAspectDifference;
    }

    /** Largest pHash distance considered, for the store's query. */
    public int maxDistance() {
        return maxDistance;
    }

    /** The best matching candidate for a new image (its upright grey pixels and pHash), if any. */
    public Optional<Match> pick(BufferedImage grey, long perceptualHash, List<Candidate> candidates) {
        for (Candidate c : candidates) {
            if (c.sameBytes()) {
                return Optional.of(
                        new Match(c.id(), PerceptualHash.distance(perceptualHash, c.perceptualHash()), 1.0, true));
            }
        }
        List<Candidate> byDistance = candidates.stream()
                .sorted(Comparator.comparingInt(c -> PerceptualHash.distance(perceptualHash, c.perceptualHash())))
                .toList();
        for (Candidate c : byDistance) {
            int distance = PerceptualHash.distance(perceptualHash, c.perceptualHash());
            if (distance > maxDistance) {
                break;
            }
            if (!sameAspect(grey.getWidth(), grey.getHeight(), c.width(), c.height())) {
                continue;
            }
            GridSignature mine =
                    GridSignature.of(grey, c.grid().cols(), c.grid().rows());
            double similarity = mine.similarity(c.grid());
            if (similarity >= minSimilarity) {
                return Optional.of(new Match(c.id(), distance, similarity, false));
            }
        }
        return Optional.empty();
    }

    /** Whether two aspect ratios are within {@code maxAspectDifference} of each other. */
    public boolean sameAspect(int w1, int h1, int w2, int h2) {
        double a = (double) w1 / h1;
        double b = (double) w2 / h2;
        return Math.abs(a / b - 1.0) <= maxAspectDifference;
    }
}

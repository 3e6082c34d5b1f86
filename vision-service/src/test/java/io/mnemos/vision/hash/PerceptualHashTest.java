package io.mnemos.vision.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mnemos.vision.TestImages;
import io.mnemos.vision.image.ImageDecoder;
import io.mnemos.vision.image.NormalizedImage;
import io.mnemos.vision.images.ReusePolicy;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PerceptualHashTest {
    private final ImageDecoder decoder = new ImageDecoder(50_000_000, 50_000_000, 256);

    private long hash(byte[] encoded) {
        return PerceptualHash.of(decoder.decode(encoded).grey());
    }

    private BufferedImage grey(byte[] encoded) {
        return decoder.decode(encoded).grey();
    }

    @Test
    void theSameImageHasDistanceZeroWhateverTheLosslessEncoding() {
        BufferedImage scene = TestImages.scene(400, 300, 0);
        long png = hash(TestImages.encode(scene, "png"));
        assertThat(PerceptualHash.distance(png, hash(TestImages.encode(scene, "png"))))
                .isZero();
        assertThat(PerceptualHash.distance(png, hash(TestImages.encode(scene, "tiff"))))
                .isZero();
    }

    @Test
    void resizedAndRecompressedCopiesAreClose() {
        BufferedImage scene = TestImages.scene(400, 300, 0);
        long original = hash(TestImages.encode(scene, "png"));
        for (double scale : new double[] {0.25, 0.5, 0.75, 1.5}) {
            long png = hash(TestImages.encode(TestImages.scaled(scene, scale), "png"));
            long jpeg = hash(TestImages.jpeg(TestImages.scaled(scene, scale), 0.6f));
            assertThat(PerceptualHash.distance(original, png))
                    .as("PNG at %.2f", scale)
                    .isLessThanOrEqualTo(6);
            assertThat(PerceptualHash.distance(original, jpeg))
                    .as("JPEG q0.6 at %.2f", scale)
                    .isLessThanOrEqualTo(6);
        }
    }

    @Test
    void aDifferentImageIsFar() {
        long a = hash(TestImages.encode(TestImages.scene(400, 300, 0), "png"));
        long b = hash(TestImages.encode(TestImages.scene(400, 300, 1), "png"));
        assertThat(PerceptualHash.distance(a, b)).isGreaterThanOrEqualTo(16);
    }

    @Test
    void theHashIsBalancedAndRoundTripsThroughHex() {
        long h = hash(TestImages.encode(TestImages.scene(200, 150, 0), "png"));
        assertThat(Long.bitCount(h)).isBetween(28, 36); // median threshold: about half the bits set
        assertThat(PerceptualHash.fromHex(PerceptualHash.toHex(h))).isEqualTo(h);
        assertThat(PerceptualHash.toHex(h)).hasSize(16);
    }

    @Test
    void areaResizingKeepsTheMeanAndAveragesStripes() {
        byte[] stripes = new byte[128 * 10];
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = (byte) (i % 2 == 0 ? 255 : 0);
        }
        // 4 source columns per cell: every cell is exactly the mean.
        for (double v : PerceptualHash.areaResize(stripes, 128, 10, 32, 32)) {
            assertThat(v).isCloseTo(127.5, org.assertj.core.data.Offset.offset(1e-9));
        }
        // 3.125 source columns per cell: cells differ, the overall mean is kept.
        double sum = 0;
        for (double v : PerceptualHash.areaResize(Arrays.copyOf(stripes, 100 * 10), 100, 10, 32, 32)) {
            sum += v;
        }
        assertThat(sum / (32 * 32)).isCloseTo(127.5, org.assertj.core.data.Offset.offset(0.5));
    }

    @Test
    void gridSignaturesTellDifferentTextLinesApartWhereThePerceptualHashMayNot() {
        BufferedImage a = TestImages.text(800, 50, 30, "Efficient algorithms for finding matchings");
        BufferedImage b = TestImages.text(800, 50, 30, "Several stages in designing such methods");
        BufferedImage ga = grey(TestImages.encode(a, "png"));
        BufferedImage gb = grey(TestImages.encode(b, "png"));
        GridSignature sa = GridSignature.of(ga);
        assertThat(sa.cols()).isGreaterThan(sa.rows() * 8); // the grid follows the aspect ratio
        double different = GridSignature.of(gb, sa.cols(), sa.rows()).similarity(sa);
        BufferedImage resized = grey(TestImages.jpeg(TestImages.scaled(a, 0.6), 0.7f));
        double same = GridSignature.of(resized, sa.cols(), sa.rows()).similarity(sa);
        assertThat(same).isGreaterThan(0.9);
        assertThat(different).isLessThan(0.8);
    }

    @Test
    void flatImagesCompareByLevel() {
        BufferedImage white = grey(TestImages.encode(TestImages.text(100, 100, 10), "png"));
        GridSignature s = GridSignature.of(white);
        assertThat(s.similarity(s)).isEqualTo(1.0);
    }

    /**
     * Regression on real data: two different UW3 text lines (797×49 and 798×52) hash only 4 bits apart. Reusing one's
     * OCR for the other would be wrong; the grid signature keeps them apart.
     */
    @Test
    void twoDifferentUw3LinesThatHashAlikeAreNotReused() throws IOException {
        Path dir = TestImages.sharedData()
                .map(d -> d.resolve("ocr/uw3-lines/train"))
                .orElse(null);
        assumeTrue(dir != null && Files.isDirectory(dir), "shared data ../shared/data/ocr/uw3-lines absent: skipped");
        NormalizedImage a = decoder.decode(Files.readAllBytes(dir.resolve("010030.bin.png")));
        NormalizedImage b = decoder.decode(Files.readAllBytes(dir.resolve("010037.bin.png")));
        long ha = PerceptualHash.of(a.grey());
        long hb = PerceptualHash.of(b.grey());
        assertThat(PerceptualHash.distance(ha, hb)).isLessThanOrEqualTo(6);

        ReusePolicy policy = new ReusePolicy(6, 0.9, 0.1);
        GridSignature gb = GridSignature.of(b.grey());
        var candidate = new ReusePolicy.Candidate(UUID.randomUUID(), hb, b.width(), b.height(), gb, false);
        assertThat(policy.pick(a.grey(), ha, List.of(candidate))).isEmpty();
        // …while a resized copy of b is still found.
        BufferedImage copy = grey(TestImages.jpeg(TestImages.scaled(TestImages.rgb(b.grey()), 0.75), 0.8f));
        assertThat(policy.pick(copy, PerceptualHash.of(copy), List.of(candidate)))
                .isPresent();
    }
}

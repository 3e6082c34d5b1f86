package io.mnemos.vision.images;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnemos.vision.TestImages;
import io.mnemos.vision.hash.GridSignature;
import io.mnemos.vision.hash.PerceptualHash;
import io.mnemos.vision.image.ImageDecoder;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReusePolicyTest {
    private final ImageDecoder decoder = new ImageDecoder(50_000_000, 50_000_000, 256);
    private final ReusePolicy policy = new ReusePolicy(6, 0.9, 0.05);

    private BufferedImage grey(byte[] data) {
        return decoder.decode(data).grey();
    }

    private ReusePolicy.Candidate candidate(BufferedImage grey, boolean sameBytes) {
        return new ReusePolicy.Candidate(
                UUID.randomUUID(),
                PerceptualHash.of(grey),
                grey.getWidth(),
                grey.getHeight(),
                GridSignature.of(grey),
                sameBytes);
    }

    @Test
    void identicalBytesAlwaysMatch() {
        BufferedImage g = grey(TestImages.encode(TestImages.scene(200, 150, 0), "png"));
        ReusePolicy.Candidate c = candidate(g, true);
        assertThat(policy.pick(g, PerceptualHash.of(g), List.of(c)))
                .hasValueSatisfying(m -> assertThat(m.sameBytes()).isTrue());
    }

    @Test
    void aResizedCopyMatchesAndADifferentPictureDoesNot() {
        BufferedImage scene = TestImages.scene(400, 300, 0);
        BufferedImage stored = grey(TestImages.encode(scene, "png"));
        ReusePolicy.Candidate c = candidate(stored, false);
        BufferedImage copy = grey(TestImages.jpeg(TestImages.scaled(scene, 0.5), 0.7f));
        assertThat(policy.pick(copy, PerceptualHash.of(copy), List.of(c))).hasValueSatisfying(m -> {
            assertThat(m.id()).isEqualTo(c.id());
            assertThat(m.similarity()).isGreaterThan(0.9);
        });
        BufferedImage other = grey(TestImages.encode(TestImages.scene(400, 300, 1), "png"));
        assertThat(policy.pick(other, PerceptualHash.of(other), List.of(c))).isEmpty();
    }

    @Test
    void aCropWithAnotherAspectRatioDoesNotMatch() {
        BufferedImage scene = TestImages.scene(400, 300, 0);
        BufferedImage stored = grey(TestImages.encode(scene, "png"));
        BufferedImage cropped = grey(TestImages.encode(scene.getSubimage(0, 0, 400, 260), "png"));
        assertThat(policy.sameAspect(400, 300, 400, 260)).isFalse();
        assertThat(policy.pick(cropped, PerceptualHash.of(cropped), List.of(candidate(stored, false))))
                .isEmpty();
    }
}

package io.mnemos.vision.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mnemos.vision.TestImages;
import io.mnemos.vision.image.InvalidImageException.Reason;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecoderTest {
    private final ImageDecoder decoder = new ImageDecoder(1_000_000, 4_000_000, 64);

    /** 60×40, white, with a black 12×12 square in the top-left corner. */
    private static BufferedImage marked() {
        BufferedImage img = new BufferedImage(60, 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 60, 40);
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, 12, 12);
        g.dispose();
        return img;
    }

    private static int grey(NormalizedImage n, int x, int y) {
        return n.grey().getRaster().getSample(x, y, 0);
    }

    @ParameterizedTest(name = "orientation {0}")
    @CsvSource({
        // orientation, upright width, height, corner (x, y) where the mark ends up
        "1, 60, 40, 0, 0",
        "2, 60, 40, 59, 0",
        "3, 60, 40, 59, 39",
        "4, 60, 40, 0, 39",
        "5, 40, 60, 0, 0",
        "6, 40, 60, 39, 0",
        "7, 40, 60, 39, 59",
        "8, 40, 60, 0, 59"
    })
    void exifOrientationIsApplied(int orientation, int width, int height, int markX, int markY) {
        byte[] jpeg = TestImages.withExifOrientation(TestImages.jpeg(marked(), 0.95f), orientation);
        assertThat(Orientation.read(jpeg)).isEqualTo(orientation);

        NormalizedImage n = decoder.decode(jpeg);

        assertThat(n.orientation()).isEqualTo(orientation);
        assertThat(n.width()).isEqualTo(width);
        assertThat(n.height()).isEqualTo(height);
        // The mark is in the expected corner, and the opposite corner is white.
        int inX = markX == 0 ? 3 : markX - 3;
        int inY = markY == 0 ? 3 : markY - 3;
        assertThat(grey(n, inX, inY)).isLessThan(40);
        assertThat(grey(n, width - 1 - inX, height - 1 - inY)).isGreaterThan(215);
        // The colour preview is turned the same way.
        assertThat(n.colour().getWidth()).isEqualTo(width);
        assertThat(n.colour().getWidth() > n.colour().getHeight()).isEqualTo(width > height);
    }

    @Test
    void anImageWithoutExifIsUpright() {
        byte[] png = TestImages.encode(marked(), "png");
        assertThat(Orientation.read(png)).isEqualTo(Orientation.NORMAL);
        NormalizedImage n = decoder.decode(png);
        assertThat(n.format()).isEqualTo(ImageFormat.PNG);
        assertThat(n.width()).isEqualTo(60);
        assertThat(grey(n, 2, 2)).isZero();
        assertThat(grey(n, 59, 39)).isEqualTo(255);
    }

    @Test
    void transparencyBecomesWhiteAndColourBecomesLuma() {
        BufferedImage argb = new BufferedImage(10, 10, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x00000000); // fully transparent black
        argb.setRGB(1, 0, 0xFFFF0000); // opaque red
        argb.setRGB(2, 0, 0x80000000); // half-transparent black
        NormalizedImage n = decoder.decode(TestImages.encode(argb, "png"));
        assertThat(grey(n, 0, 0)).isEqualTo(255);
        assertThat(grey(n, 1, 0)).isEqualTo(76); // 0.299 * 255
        assertThat(grey(n, 2, 0)).isBetween(126, 128);
    }

    @Test
    void greySourcesKeepTheirExactLevels() {
        BufferedImage g16 = new BufferedImage(4, 1, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster r = g16.getRaster();
        r.setSample(0, 0, 0, 0);
        r.setSample(1, 0, 0, 0x8080);
        r.setSample(2, 0, 0, 0xFFFF);
        NormalizedImage n = decoder.decode(TestImages.encode(g16, "png"));
        assertThat(new int[] {grey(n, 0, 0), grey(n, 1, 0), grey(n, 2, 0)}).containsExactly(0, 128, 255);

        BufferedImage g8 = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        g8.getRaster().setSample(0, 0, 0, 100);
        g8.getRaster().setSample(1, 0, 0, 200);
        NormalizedImage m = decoder.decode(TestImages.encode(g8, "tiff"));
        assertThat(m.format()).isEqualTo(ImageFormat.TIFF);
        assertThat(new int[] {grey(m, 0, 0), grey(m, 1, 0)}).containsExactly(100, 200);

        BufferedImage bin = new BufferedImage(8, 2, BufferedImage.TYPE_BYTE_BINARY);
        bin.setRGB(0, 0, 0xFFFFFFFF);
        NormalizedImage b = decoder.decode(TestImages.encode(bin, "tiff"));
        assertThat(grey(b, 0, 0)).isEqualTo(255);
        assertThat(grey(b, 1, 0)).isZero();
    }

    @Test
    void decodesWebp() {
        NormalizedImage lossless = decoder.decode(FormatSnifferTest.WEBP_LOSSLESS);
        assertThat(lossless.format()).isEqualTo(ImageFormat.WEBP);
        assertThat(lossless.width()).isEqualTo(1);
        NormalizedImage lossy = decoder.decode(FormatSnifferTest.WEBP_LOSSY);
        assertThat(lossy.format()).isEqualTo(ImageFormat.WEBP);
        assertThat(ImageDecoder.decodableFormats()).containsExactly(ImageFormat.values());
    }

    @Test
    void thePreviewIsScaledDownByAreaAveraging() {
        BufferedImage stripes = new BufferedImage(640, 320, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 640; x++) {
            for (int y = 0; y < 320; y++) {
                stripes.setRGB(x, y, x % 2 == 0 ? 0xFFFFFF : 0x000000);
            }
        }
        NormalizedImage n = decoder.decode(TestImages.encode(stripes, "png"));
        assertThat(n.colour().getWidth()).isEqualTo(64);
        assertThat(n.colour().getHeight()).isEqualTo(32);
        int mid = n.colour().getRGB(10, 10) & 0xFF;
        assertThat(mid).isBetween(125, 130); // no aliasing: black and white stripes average to grey
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"png", "jpeg", "tiff"})
    void truncatedFilesAreRefusedAsCorrupt(String format) {
        BufferedImage scene = TestImages.scene(300, 200, 0);
        byte[] full = format.equals("jpeg") ? TestImages.jpeg(scene, 0.9f) : TestImages.encode(scene, format);
        byte[] cut = Arrays.copyOf(full, full.length / 2);
        assertThatThrownBy(() -> decoder.decode(cut))
                .isInstanceOfSatisfying(
                        InvalidImageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT))
                .hasMessageContaining("truncated or corrupt");
    }

    /**
     * The JDK's PNG decoder returns the pixels of a small PNG cut inside its last bytes (the end of the zlib stream,
     * the IDAT CRC and the IEND chunk gone) without an error or a warning: 20×20 cut to 60 of its 81 bytes was
     * accepted.
     */
    @ParameterizedTest(name = "{0} bytes missing")
    @ValueSource(ints = {1, 4, 12, 13, 16, 21, 25})
    void aSmallPngCutInsideItsLastBytesIsRefusedAsCorrupt(int missing) {
        BufferedImage grey = new BufferedImage(20, 20, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 20; x++) {
                grey.getRaster().setSample(x, y, 0, x < 10 ? 0 : 255);
            }
        }
        byte[] full = TestImages.encode(grey, "png");
        assertThat(decoder.decode(full).width()).isEqualTo(20);

        byte[] cut = Arrays.copyOf(full, full.length - missing);
        assertThatThrownBy(() -> decoder.decode(cut))
                .isInstanceOfSatisfying(
                        InvalidImageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT))
                .hasMessageContaining("PNG data is truncated or corrupt")
                .hasMessageContaining(missing <= 12 ? "IEND" : "IDAT")
                .hasMessageContaining("Send the complete file");
    }

    @Test
    void aPngWithADamagedCriticalChunkIsRefusedAndOneWithDataAfterIendIsAccepted() {
        byte[] full = TestImages.encode(TestImages.scene(20, 20, 0), "png");
        byte[] damaged = full.clone();
        damaged[full.length - 12 - 4 - 5] ^= 0x10; // inside the IDAT data, before its CRC
        assertThatThrownBy(() -> decoder.decode(damaged))
                .isInstanceOfSatisfying(
                        InvalidImageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT))
                .hasMessageContaining("truncated or corrupt");

        byte[] trailing = TestImages.concat(full, new byte[] {1, 2, 3});
        assertThat(decoder.decode(trailing).width()).isEqualTo(20);
    }

    @Test
    void aWebpShorterThanItsRiffHeaderAnnouncesIsRefusedAsCorrupt() {
        byte[] cut = Arrays.copyOf(FormatSnifferTest.WEBP_LOSSY, FormatSnifferTest.WEBP_LOSSY.length - 1);
        assertThatThrownBy(() -> decoder.decode(cut))
                .isInstanceOfSatisfying(
                        InvalidImageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT))
                .hasMessageContaining("RIFF header announces " + FormatSnifferTest.WEBP_LOSSY.length);
    }

    @Test
    void aHeaderAnnouncingTooManyPixelsIsRefusedBeforeDecoding() {
        byte[] bomb = TestImages.pngHeaderOnly(100_000, 100_000);
        assertThat(bomb.length).isLessThan(100);
        long start = System.nanoTime();
        assertThatThrownBy(() -> decoder.decode(bomb))
                .isInstanceOfSatisfying(
                        InvalidImageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_PIXELS))
                .hasMessageContaining("100000×100000")
                .hasMessageContaining("at most 4000000 pixels");
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
        assertThat(decoder.probe(TestImages.pngHeaderOnly(10, 10)).width()).isEqualTo(10);
    }

    @Test
    void refusesEmptyOversizedAndNonImageData() {
        assertReason(new byte[0], Reason.EMPTY);
        assertReason(new byte[1_000_001], Reason.TOO_MANY_BYTES);
        assertReason("just some text".getBytes(StandardCharsets.UTF_8), Reason.NOT_AN_IMAGE);
        assertReason(TestImages.encode(TestImages.scene(20, 20, 0), "gif"), Reason.UNSUPPORTED_FORMAT);
        assertReason(TestImages.encode(TestImages.scene(20, 20, 0), "bmp"), Reason.UNSUPPORTED_FORMAT);
        assertThatThrownBy(() -> decoder.decode(new byte[] {'G', 'I', 'F', '8', '9', 'a'}))
                .hasMessageContaining("GIF file, which is not accepted")
                .hasMessageContaining("PNG, JPEG, TIFF or WebP");
    }

    private void assertReason(byte[] data, Reason reason) {
        assertThatThrownBy(() -> decoder.decode(data))
                .isInstanceOfSatisfying(
                        InvalidImageException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}

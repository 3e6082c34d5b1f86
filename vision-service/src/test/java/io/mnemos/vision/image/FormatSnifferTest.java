package io.mnemos.vision.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnemos.vision.TestImages;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class FormatSnifferTest {
    /** A 1×1 lossless WebP (the image Modernizr uses to detect WebP support). */
    static final byte[] WEBP_LOSSLESS = Base64.getDecoder().decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");
    /** A 1×1 lossy WebP (same origin). */
    static final byte[] WEBP_LOSSY =
            Base64.getDecoder().decode("UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA");

    @Test
    void recognisesTheAcceptedFormatsByContentNotByName() {
        var img = TestImages.scene(40, 30, 0);
        assertThat(FormatSniffer.sniff(TestImages.encode(img, "png")).format()).isEqualTo(ImageFormat.PNG);
        assertThat(FormatSniffer.sniff(TestImages.jpeg(img, 0.8f)).format()).isEqualTo(ImageFormat.JPEG);
        assertThat(FormatSniffer.sniff(TestImages.encode(img, "tiff")).format()).isEqualTo(ImageFormat.TIFF);
        assertThat(FormatSniffer.sniff(WEBP_LOSSLESS).format()).isEqualTo(ImageFormat.WEBP);
        assertThat(FormatSniffer.sniff(WEBP_LOSSY).format()).isEqualTo(ImageFormat.WEBP);
        // Big-endian TIFF
        assertThat(FormatSniffer.sniff(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8}).format())
                .isEqualTo(ImageFormat.TIFF);
    }

    @Test
    void namesCommonFormatsThatAreNotAccepted() {
        var img = TestImages.scene(40, 30, 0);
        assertThat(FormatSniffer.sniff(TestImages.encode(img, "gif")).unsupported())
                .isEqualTo("GIF");
        assertThat(FormatSniffer.sniff(TestImages.encode(img, "bmp")).unsupported())
                .isEqualTo("BMP");
        assertThat(FormatSniffer.sniff("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII))
                        .unsupported())
                .isEqualTo("PDF");
        byte[] heic = {0, 0, 0, 24, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0};
        assertThat(FormatSniffer.sniff(heic).unsupported()).isEqualTo("HEIC");
        byte[] avif = {0, 0, 0, 24, 'f', 't', 'y', 'p', 'a', 'v', 'i', 'f', 0, 0, 0, 0};
        assertThat(FormatSniffer.sniff(avif).unsupported()).isEqualTo("AVIF");
        assertThat(FormatSniffer.sniff("  <svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes(StandardCharsets.UTF_8))
                        .unsupported())
                .isEqualTo("SVG");
    }

    @Test
    void anythingElseIsNotAnImage() {
        for (byte[] data : new byte[][] {
            new byte[0],
            "hello, this is text".getBytes(StandardCharsets.UTF_8),
            {(byte) 0x89, 'P', 'N'}, // a PNG signature cut short
            {'P', 'K', 3, 4, 0, 0, 0, 0},
            {'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'A', 'V', 'E'}
        }) {
            FormatSniffer.Sniffed s = FormatSniffer.sniff(data);
            assertThat(s.format()).isNull();
            assertThat(s.unsupported()).isNull();
        }
    }

    @Test
    void listsTheAcceptedFormatsForMessages() {
        assertThat(ImageFormat.acceptedList()).isEqualTo("PNG, JPEG, TIFF or WebP");
    }
}

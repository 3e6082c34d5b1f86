package io.mnemos.vision.image;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Identifies image data by its signature (magic bytes). The declared content type and file name are not trusted: a
 * PNG named {@code photo.jpg} is a PNG, and a text file named {@code scan.png} is not an image.
 *
 * <p>Besides the accepted {@link ImageFormat}s it recognises a few common formats that are <em>not</em> accepted (GIF,
 * BMP, PDF, HEIC/AVIF, SVG, ICO, JPEG 2000), so the client can be told what it sent.
 */
public final class FormatSniffer {
    /** Bytes needed to recognise every signature this class knows. */
    public static final int SIGNATURE_BYTES = 16;

    private FormatSniffer() {}

    /**
     * What the data looks like.
     *
     * @param format      the accepted format, if it is one
     * @param unsupported the name of a recognised but unsupported format (e.g. {@code GIF}), if it is one
     */
    public record Sniffed(@Nullable ImageFormat format, @Nullable String unsupported) {
        /** The accepted format, if the data is in one. */
        public Optional<ImageFormat> accepted() {
            return Optional.ofNullable(format);
        }
    }

    /** Sniffs the first bytes of {@code data} (any length, may be empty). */
    public static Sniffed sniff(byte[] data) {
        if (startsWith(data, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return accepted(ImageFormat.PNG);
        }
        if (startsWith(data, 0, 0xFF, 0xD8, 0xFF)) {
            return accepted(ImageFormat.JPEG);
        }
        // Classic TIFF (II*\0 / MM\0*) and BigTIFF (II+\0 / MM\0+).
        if (startsWith(data, 0, 'I', 'I', 0x2A, 0x00)
                || startsWith(data, 0, 'M', 'M', 0x00, 0x2A)
                || startsWith(data, 0, 'I', 'I', 0x2B, 0x00)
                || startsWith(data, 0, 'M', 'M', 0x00, 0x2B)) {
            return accepted(ImageFormat.TIFF);
        }
        if (startsWith(data, 0, 'R', 'I', 'F', 'F') && startsWith(data, 8, 'W', 'E', 'B', 'P')) {
            return accepted(ImageFormat.WEBP);
        }
        if (startsWith(data, 0, 'G', 'I', 'F', '8')) {
            return unsupported("GIF");
        }
        if (startsWith(data, 0, 'B', 'M') && data.length >= 14) {
            return unsupported("BMP");
        }
        if (startsWith(data, 0, '%', 'P', 'D', 'F')) {
            return unsupported("PDF");
        }
        if (startsWith(data, 4, 'f', 't', 'y', 'p')) {
            String brand = data.length >= 12 ? new String(data, 8, 4, StandardCharsets.ISO_8859_1) : "";
            if (brand.startsWith("avi")) {
                return unsupported("AVIF");
            }
            if (brand.startsWith("hei") || brand.startsWith("mif") || brand.startsWith("hev")) {
                return unsupported("HEIC");
            }
        }
        if (startsWith(data, 0, 0x00, 0x00, 0x01, 0x00)) {
            return unsupported("ICO");
        }
        if (startsWith(data, 0, 0x00, 0x00, 0x00, 0x0C, 'j', 'P', ' ', ' ')
                || startsWith(data, 0, 0xFF, 0x4F, 0xFF, 0x51)) {
            return unsupported("JPEG 2000");
        }
        if (looksLikeSvg(data)) {
            return unsupported("SVG");
        }
        return new Sniffed(null, null);
    }

    private static Sniffed accepted(ImageFormat f) {
        return new Sniffed(f, null);
    }

    private static Sniffed unsupported(String name) {
        return new Sniffed(null, name);
    }

    private static boolean looksLikeSvg(byte[] data) {
        int n = Math.min(data.length, 512);
        String head = new String(data, 0, n, StandardCharsets.ISO_8859_1).stripLeading();
        return head.startsWith("<svg") || (head.startsWith("<?xml") && head.contains("<svg"));
    }

    private static boolean startsWith(byte[] data, int offset, int... signature) {
        if (data.length < offset + signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((data[offset + i] & 0xFF) != signature[i]) {
                return false;
            }
        }
        return true;
    }
}

package io.mnemos.vision.image;

import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * Checks that the container structure of image data is complete, without decoding pixels. The decoders do not
 * always notice a short file: the JDK's PNG reader accepts a PNG cut inside the last bytes of its compressed data
 * (the end of the zlib stream, the IDAT CRC and the IEND chunk missing) and returns the pixels it got, and a WebP
 * reader does not compare the file with the length its RIFF header announces. JPEG and TIFF need no check here: their
 * decoders report a missing end (a "premature end" warning, an end-of-file exception).
 *
 * <ul>
 *   <li>PNG: every chunk is complete up to and including {@code IEND}, and the CRC of each critical chunk ({@code
 *       IHDR}, {@code PLTE}, {@code IDAT}, {@code IEND}) matches, as libpng requires; a bad CRC on an ancillary
 *       chunk (metadata) is tolerated, as libpng does. Bytes after {@code IEND} are ignored.
 *   <li>WebP: the file holds at least the {@code 8 + size} bytes its RIFF header announces (libwebp refuses fewer).
 * </ul>
 */
final class ContainerCheck {
    private static final int PNG_SIGNATURE_BYTES = 8;

    private ContainerCheck() {}

    /**
     * What is missing or damaged, as a phrase for the client ("the file ends inside its IDAT chunk …"), or null if
     * the structure is complete. The data must already be sniffed as {@code format}.
     */
    static @Nullable String defect(ImageFormat format, byte[] data) {
        return switch (format) {
            case PNG -> png(data);
            case WEBP -> webp(data);
            default -> null;
        };
    }

    private static @Nullable String png(byte[] data) {
        int pos = PNG_SIGNATURE_BYTES;
        String previous = null;
        while (true) {
            if (pos + 8 > data.length) {
                return "the file ends "
                        + (previous == null ? "after the signature" : "after its " + previous + " chunk")
                        + " without an IEND chunk";
            }
            long length = uint32(data, pos);
            String type = chunkType(data, pos + 4);
            if (type == null) {
                return "the bytes at offset " + pos + " are not a PNG chunk";
            }
            long end = pos + 12L + length;
            if (end > data.length) {
                long present = Math.max(0, Math.min(length, data.length - (pos + 8L)));
                String noEnd = type.equals("IEND") ? "" : ", and there is no IEND chunk";
                return present == length
                        ? "the file ends inside the checksum (CRC) of its " + type + " chunk" + noEnd
                        : "the file ends inside its " + type + " chunk (" + present + " of the " + length
                                + " data bytes it announces are present" + noEnd + ")";
            }
            if (Character.isUpperCase(type.charAt(0))) {
                CRC32 crc = new CRC32();
                crc.update(data, pos + 4, (int) (4 + length));
                if (crc.getValue() != uint32(data, (int) (end - 4))) {
                    return "the checksum (CRC) of its " + type + " chunk at offset " + pos + " does not match";
                }
            }
            if (type.equals("IEND")) {
                return null;
            }
            previous = type;
            pos = (int) end;
        }
    }

    private static @Nullable String webp(byte[] data) {
        if (data.length < 12) {
            return "the file ends inside its RIFF header";
        }
        long riffSize = (data[4] & 0xFFL) | (data[5] & 0xFFL) << 8 | (data[6] & 0xFFL) << 16 | (data[7] & 0xFFL) << 24;
        if (data.length < 8 + riffSize) {
            return "it has " + data.length + " bytes, but its RIFF header announces " + (8 + riffSize);
        }
        return null;
    }

    private static long uint32(byte[] data, int at) {
        return (data[at] & 0xFFL) << 24
                | (data[at + 1] & 0xFFL) << 16
                | (data[at + 2] & 0xFFL) << 8
                | data[at + 3] & 0xFFL;
    }

    /** The four ASCII letters of a chunk type, or null if these bytes are not one. */
    private static @Nullable String chunkType(byte[] data, int at) {
        char[] c = new char[4];
        for (int i = 0; i < 4; i++) {
            int b = data[at + i] & 0xFF;
            if (!((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z'))) {
                return null;
            }
            c[i] = (char) b;
        }
        return new String(c);
    }
}

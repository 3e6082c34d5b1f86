package io.mnemos.vision.image;

import io.mnemos.vision.image.InvalidImageException.Reason;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;

/**
 * Validates and decodes image data into a {@link NormalizedImage}. Thread-safe; every call uses its own reader.
 *
 * <p>Order of checks, cheapest first, so that hostile input costs little: empty → byte limit → signature ({@link
 * FormatSniffer}) → width and height from the header (an {@link ImageReader} reads only the header) against the pixel
 * limit, <em>before</em> any pixel is decoded (decompression-bomb protection) → the container structure ({@link
 * ContainerCheck}: a PNG must be complete up to its IEND chunk, with intact critical-chunk CRCs, because the PNG
 * decoder returns the pixels it got from a slightly short file without complaint) → decoding, where an exception or a
 * decoder warning about missing or corrupt data means a truncated or damaged file.
 *
 * <p>Normalisation: the first image (page, frame) only; EXIF orientation applied; transparent pixels composited over
 * white; 8-bit grey by Rec. 601 luma (grey sources keep their exact sample values, not a colour-managed conversion);
 * a colour preview scaled down by area averaging so that its longer side is at most {@code previewMaxSide}.
 */
public final class ImageDecoder {
    /** Decoder warnings that mean the pixel data is incomplete or damaged (the JPEG decoder only warns on EOF). */
    private static final Pattern CORRUPT_WARNING =
            Pattern.compile("premature|corrupt|truncat|end of|eof|bad huffman|extraneous|invalid|insufficient");

    static {
        // Never spill decoder data to temporary files.
        ImageIO.setUseCache(false);
        ImageIO.scanForPlugins();
    }

    private final long maxBytes;
    private final long maxPixels;
    private final int previewMaxSide;

    /**
     * @param maxBytes       largest encoded size accepted
     * @param maxPixels      largest width × height accepted
     * @param previewMaxSide longer side of the colour preview
     */
    public ImageDecoder(long maxBytes, long maxPixels, int previewMaxSide) {
        if (maxBytes < 1 || maxPixels < 1 || previewMaxSide < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.maxBytes = maxBytes;
        this.maxPixels = maxPixels;
        this.previewMaxSide = previewMaxSide;
    }

    /**
     * Width, height and format read from the header.
     *
     * @param format the format
     * @param width  stored width (before orientation)
     * @param height stored height (before orientation)
     */
    public record Header(ImageFormat format, int width, int height) {}

    /** Which formats have a decoder on this classpath: the accepted ones, in practice all four. */
    public static List<ImageFormat> decodableFormats() {
        List<ImageFormat> out = new ArrayList<>();
        for (ImageFormat f : ImageFormat.values()) {
            if (ImageIO.getImageReadersByFormatName(f.imageIoName()).hasNext()) {
                out.add(f);
            }
        }
        return out;
    }

    /**
     * Checks the data up to the header without decoding pixels.
     *
     * @throws InvalidImageException if it is empty, too large, not an accepted image, or its header is unreadable or
     *                               announces too many pixels
     */
    public Header probe(byte[] data) {
        ImageFormat format = checkFormat(data);
        ImageReader reader = reader(format);
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            reader.setInput(in, true, true);
            return header(reader, format);
        } catch (IOException | RuntimeException e) {
            throw corrupt(format, e);
        } finally {
            reader.dispose();
        }
    }

    /**
     * Validates and decodes.
     *
     * @throws InvalidImageException with the reason the data is refused
     */
    public NormalizedImage decode(byte[] data) {
        ImageFormat format = checkFormat(data);
        ImageReader reader = reader(format);
        BufferedImage decoded;
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            reader.setInput(in, true, true);
            header(reader, format);
            String defect = ContainerCheck.defect(format, data);
            if (defect != null) {
                throw new InvalidImageException(
                        Reason.CORRUPT,
                        "The " + format.displayName() + " data is truncated or corrupt: " + defect
                                + ". Send the complete file.");
            }
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener(new IIOReadWarningListener() {
                @Override
                public void warningOccurred(ImageReader source, String warning) {
                    warnings.add(warning == null ? "" : warning);
                }
            });
            ImageReadParam param = reader.getDefaultReadParam();
            decoded = reader.read(0, param);
            for (String w : warnings) {
                if (CORRUPT_WARNING.matcher(w.toLowerCase(Locale.ROOT)).find()) {
                    throw new InvalidImageException(
                            Reason.CORRUPT,
                            "The " + format.displayName() + " data is truncated or corrupt (the decoder reported: "
                                    + abbreviate(w) + "). Send the complete file.");
                }
            }
        } catch (InvalidImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw corrupt(format, e);
        } finally {
            reader.dispose();
        }
        int orientation = Orientation.read(data);
        return normalise(decoded, format, orientation, data.length);
    }

    private ImageFormat checkFormat(byte[] data) {
        if (data == null || data.length == 0) {
            throw new InvalidImageException(
                    Reason.EMPTY, "The image is empty (0 bytes). Send a " + ImageFormat.acceptedList() + " image.");
        }
        if (data.length > maxBytes) {
            throw new InvalidImageException(
                    Reason.TOO_MANY_BYTES,
                    "The image is " + data.length + " bytes; at most " + maxBytes + " are accepted. Send a smaller"
                            + " or more compressed image.");
        }
        FormatSniffer.Sniffed sniffed = FormatSniffer.sniff(data);
        if (sniffed.format() != null) {
            return sniffed.format();
        }
        if (sniffed.unsupported() != null) {
            throw new InvalidImageException(
                    Reason.UNSUPPORTED_FORMAT,
                    "The data is a " + sniffed.unsupported() + " file, which is not accepted. Send a "
                            + ImageFormat.acceptedList() + " image (convert it first).");
        }
        throw new InvalidImageException(
                Reason.NOT_AN_IMAGE,
                "The data is not an image in an accepted format (its first bytes match no known image signature)."
                        + " Send a " + ImageFormat.acceptedList() + " image.");
    }

    private static ImageReader reader(ImageFormat format) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
        if (!readers.hasNext()) {
            throw new InvalidImageException(
                    Reason.UNSUPPORTED_FORMAT,
                    "No " + format.displayName() + " decoder is installed in this service. Send one of: "
                            + decodableFormats() + ".");
        }
        return readers.next();
    }

    private Header header(ImageReader reader, ImageFormat format) throws IOException {
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width < 1 || height < 1) {
            throw new InvalidImageException(
                    Reason.CORRUPT,
                    "The " + format.displayName() + " header announces an image of " + width + "×" + height
                            + " pixels. Send a valid image.");
        }
        long pixels = (long) width * height;
        if (pixels > maxPixels) {
            throw new InvalidImageException(
                    Reason.TOO_MANY_PIXELS,
                    "The image is " + width + "×" + height + " = " + pixels + " pixels; at most " + maxPixels
                            + " pixels are accepted. Scale it down and retry.");
        }
        return new Header(format, width, height);
    }

    private static InvalidImageException corrupt(ImageFormat format, Exception e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new InvalidImageException(
                Reason.CORRUPT,
                "The " + format.displayName() + " data could not be decoded: it is truncated or corrupt ("
                        + abbreviate(why) + "). Send the complete file.",
                e);
    }

    private static String abbreviate(String s) {
        String one = s.replaceAll("\\p{Cntrl}", " ").strip();
        return one.length() <= 120 ? one : one.substring(0, 117) + "...";
    }

    // ---- normalisation -------------------------------------------------------------------------------------------

    NormalizedImage normalise(BufferedImage src, ImageFormat format, int orientation, long byteSize) {
        int w = src.getWidth();
        int h = src.getHeight();
        boolean swap = Orientation.swapsAxes(orientation);
        int outW = swap ? h : w;
        BufferedImage grey = new BufferedImage(outW, swap ? w : h, BufferedImage.TYPE_BYTE_GRAY);
        byte[] greyData = ((DataBufferByte) grey.getRaster().getDataBuffer()).getData();

        double scale = Math.min(1.0, (double) previewMaxSide / Math.max(w, h));
        int pw = Math.max(1, (int) Math.round(w * scale));
        int ph = Math.max(1, (int) Math.round(h * scale));
        long[] sums = new long[pw * ph * 3];
        int[] counts = new int[pw * ph];
        int[] binX = new int[w];
        for (int x = 0; x < w; x++) {
            binX[x] = Math.min(pw - 1, (int) ((long) x * pw / w));
        }

        RowReader rows = RowReader.of(src);
        int[] argb = new int[w];
        for (int y = 0; y < h; y++) {
            rows.read(y, argb);
            int by = Math.min(ph - 1, (int) ((long) y * ph / h));
            int binRow = by * pw;
            for (int x = 0; x < w; x++) {
                int p = argb[x];
                int a = p >>> 24;
                int r = (p >> 16) & 0xFF;
                int g = (p >> 8) & 0xFF;
                int b = p & 0xFF;
                if (a != 0xFF) {
                    // Composite over white.
                    r = (r * a + 255 * (255 - a) + 127) / 255;
                    g = (g * a + 255 * (255 - a) + 127) / 255;
                    b = (b * a + 255 * (255 - a) + 127) / 255;
                }
                int luma = (299 * r + 587 * g + 114 * b + 500) / 1000;
                if (orientation == Orientation.NORMAL) {
                    greyData[y * w + x] = (byte) luma;
                } else {
                    long m = Orientation.map(orientation, x, y, w, h);
                    greyData[(int) (m & 0xFFFFFFFFL) * outW + (int) (m >>> 32)] = (byte) luma;
                }
                int bin = binRow + binX[x];
                sums[bin * 3] += r;
                sums[bin * 3 + 1] += g;
                sums[bin * 3 + 2] += b;
                counts[bin]++;
            }
        }
        BufferedImage preview = new BufferedImage(pw, ph, BufferedImage.TYPE_INT_RGB);
        int[] pv = ((DataBufferInt) preview.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < pv.length; i++) {
            int c = Math.max(1, counts[i]);
            int r = (int) ((sums[i * 3] + c / 2) / c);
            int g = (int) ((sums[i * 3 + 1] + c / 2) / c);
            int b = (int) ((sums[i * 3 + 2] + c / 2) / c);
            pv[i] = (r << 16) | (g << 8) | b;
        }
        return new NormalizedImage(format, grey, orient(preview, orientation), orientation, byteSize);
    }

    /** Applies an orientation to an RGB image (used for the small preview). */
    static BufferedImage orient(BufferedImage rgb, int orientation) {
        if (orientation == Orientation.NORMAL) {
            return rgb;
        }
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        boolean swap = Orientation.swapsAxes(orientation);
        BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
        int[] src = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
        int[] dst = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        int outW = out.getWidth();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                long m = Orientation.map(orientation, x, y, w, h);
                dst[(int) (m & 0xFFFFFFFFL) * outW + (int) (m >>> 32)] = src[y * w + x];
            }
        }
        return out;
    }

    /** Reads one row as ARGB; exact samples for single-band grey (no colour-space conversion). */
    private interface RowReader {
        void read(int y, int[] argb);

        static RowReader of(BufferedImage src) {
            ColorModel cm = src.getColorModel();
            Raster raster = src.getRaster();
            int bands = raster.getNumBands();
            if (!(cm instanceof IndexColorModel) && (bands == 1 || (bands == 2 && cm.hasAlpha()))) {
                int bits = cm.getComponentSize(0);
                int max = bits >= 31 ? Integer.MAX_VALUE : (1 << bits) - 1;
                int w = src.getWidth();
                int[] samples = new int[w * bands];
                return (y, argb) -> {
                    raster.getPixels(0, y, w, 1, samples);
                    for (int x = 0; x < w; x++) {
                        int v = (int) ((long) samples[x * bands] * 255 / max);
                        int a = bands == 2 ? (int) ((long) samples[x * 2 + 1] * 255 / max) : 255;
                        argb[x] = (a << 24) | (v << 16) | (v << 8) | v;
                    }
                };
            }
            return (y, argb) -> src.getRGB(0, y, src.getWidth(), 1, argb, 0, src.getWidth());
        }
    }
}

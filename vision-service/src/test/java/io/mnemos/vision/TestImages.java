package io.mnemos.vision;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Synthetic test images, encoders, and the shared data folder. */
public final class TestImages {
    private TestImages() {}

    /** A photo-like scene: gradient background, shapes, a line of text; {@code variant} changes the content. */
    public static BufferedImage scene(int width, int height, int variant) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        float s = width / 400f;
        if (variant == 0) {
            g.setPaint(new GradientPaint(0, 0, new Color(30, 60, 160), width, height, new Color(240, 200, 80)));
            g.fillRect(0, 0, width, height);
            g.setColor(new Color(200, 30, 40));
            g.fillOval((int) (40 * s), (int) (50 * s), (int) (140 * s), (int) (140 * s));
            g.setColor(Color.WHITE);
            g.setStroke(new BasicStroke(6 * s));
            g.drawLine((int) (220 * s), (int) (40 * s), (int) (370 * s), (int) (250 * s));
        } else {
            g.setPaint(new GradientPaint(0, height, new Color(20, 120, 40), width, 0, new Color(250, 250, 250)));
            g.fillRect(0, 0, width, height);
            g.setColor(new Color(20, 20, 20));
            g.fillRect((int) (230 * s), (int) (30 * s), (int) (130 * s), (int) (90 * s));
            g.setColor(new Color(90, 40, 160));
            g.fillOval((int) (30 * s), (int) (150 * s), (int) (250 * s), (int) (90 * s));
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(8, (int) (22 * s))));
        g.drawString(variant == 0 ? "Hello vision" : "Other picture", (int) (30 * s), (int) (280 * s));
        g.dispose();
        return img;
    }

    /** Black text on white, one line per entry, in a serif font large enough for OCR. */
    public static BufferedImage text(int width, int height, int fontSize, String... lines) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SERIF, Font.PLAIN, fontSize));
        int y = (int) (fontSize * 1.3);
        for (String line : lines) {
            g.drawString(line, fontSize / 2, y);
            y += (int) (fontSize * 1.5);
        }
        g.dispose();
        return img;
    }

    /** Scales with bilinear interpolation (as a resizing client would). */
    public static BufferedImage scaled(BufferedImage src, double factor) {
        int w = Math.max(1, (int) Math.round(src.getWidth() * factor));
        int h = Math.max(1, (int) Math.round(src.getHeight() * factor));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    /** An RGB copy (drops alpha, expands grey/binary). */
    public static BufferedImage rgb(BufferedImage src) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(src, 0, 0, null);
        g.dispose();
        return out;
    }

    /** Encodes with ImageIO ({@code png}, {@code tiff}, {@code bmp}, {@code gif}, …). */
    public static byte[] encode(BufferedImage img, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** JPEG at a quality between 0 and 1. */
    public static byte[] jpeg(BufferedImage img, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            writer.write(null, new IIOImage(rgb(img), null, null), p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** Inserts an EXIF APP1 segment with the given orientation right after the JPEG's SOI marker. */
    public static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        // TIFF header (big-endian) + one IFD entry: 0x0112 SHORT count 1 value=orientation; next IFD = 0.
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4);
        tiff.put(new byte[] {'M', 'M', 0, 42}).putInt(8);
        tiff.putShort((short) 1);
        tiff.putShort((short) 0x0112)
                .putShort((short) 3)
                .putInt(1)
                .putShort((short) orientation)
                .putShort((short) 0);
        tiff.putInt(0);
        byte[] exif = concat(new byte[] {'E', 'x', 'i', 'f', 0, 0}, tiff.array());
        int length = exif.length + 2;
        byte[] app1 = concat(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (length >> 8), (byte) length}, exif);
        return concat(Arrays.copyOfRange(jpeg, 0, 2), app1, Arrays.copyOfRange(jpeg, 2, jpeg.length));
    }

    /**
     * A tiny PNG whose header announces {@code width}×{@code height} pixels but carries one byte of image data: a
     * decompression bomb in spirit (decoding would allocate width × height).
     */
    public static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(13);
        ihdr.putInt(width)
                .putInt(height)
                .put((byte) 8)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0);
        return concat(
                new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A},
                chunk("IHDR", ihdr.array()),
                chunk("IDAT", new byte[] {0x78, 0x01}),
                chunk("IEND", new byte[0]));
    }

    private static byte[] chunk(String type, byte[] data) {
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        ByteBuffer b = ByteBuffer.allocate(12 + data.length);
        b.putInt(data.length).put(t).put(data).putInt((int) crc.getValue());
        return b.array();
    }

    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int off = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }

    /**
     * The shared data folder ({@code ../shared/data} relative to the repository root), if present. The repository root
     * is found by walking up from the working directory to the folder holding {@code mvnw}.
     */
    public static Optional<Path> sharedData() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("mvnw")) && Files.isDirectory(p.resolve("vision-service"))) {
                Path data = p.resolve("../shared/data").normalize();
                return Files.isDirectory(data) ? Optional.of(data) : Optional.empty();
            }
        }
        return Optional.empty();
    }
}

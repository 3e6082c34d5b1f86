package io.mnemos.vision.image;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The image formats the service decodes. Identified from the first bytes of the data, never from a file name. */
public enum ImageFormat {
    PNG("png", "image/png", "png"),
    JPEG("jpeg", "image/jpeg", "jpeg"),
    TIFF("tiff", "image/tiff", "tiff"),
    WEBP("webp", "image/webp", "webp");

    private final String id;
    private final String mediaType;
    private final String imageIoName;

    ImageFormat(String id, String mediaType, String imageIoName) {
        this.id = id;
        this.mediaType = mediaType;
        this.imageIoName = imageIoName;
    }

    /** Lower-case name used in the API and the database ({@code png}, {@code jpeg}, {@code tiff}, {@code webp}). */
    public String id() {
        return id;
    }

    /** IANA media type. */
    public String mediaType() {
        return mediaType;
    }

    /** The format name {@link javax.imageio.ImageIO} knows the readers by. */
    public String imageIoName() {
        return imageIoName;
    }

    /** The format with this {@link #id()}. */
    public static ImageFormat ofId(String id) {
        for (ImageFormat f : values()) {
            if (f.id.equals(id)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown image format " + id);
    }

    /** "PNG, JPEG, TIFF or WebP", for messages that say what to send ("Send a PNG, JPEG, TIFF or WebP image"). */
    public static String acceptedList() {
        String[] names = Arrays.stream(values()).map(ImageFormat::displayName).toArray(String[]::new);
        return Arrays.stream(names, 0, names.length - 1).collect(Collectors.joining(", ")) + " or "
                + names[names.length - 1];
    }

    /** Human-readable name: PNG, JPEG, TIFF, WebP. */
    public String displayName() {
        return this == WEBP ? "WebP" : name();
    }
}

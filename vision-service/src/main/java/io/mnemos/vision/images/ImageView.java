package io.mnemos.vision.images;

import io.mnemos.vision.caption.Description;
import io.mnemos.vision.hash.PerceptualHash;
import io.mnemos.vision.ocr.OcrLine;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An image record as the API shows it.
 *
 * @param imageId        id of the record
 * @param filename       as sent, or null
 * @param format         {@code png}, {@code jpeg}, {@code tiff} or {@code webp}
 * @param width          upright width in pixels (EXIF orientation applied)
 * @param height         upright height in pixels
 * @param byteSize       size of the upload
 * @param orientation    EXIF orientation that was applied (1 = none)
 * @param contentHash    SHA-256 of the upload, hex
 * @param perceptualHash 64-bit perceptual hash, 16 hex digits
 * @param ocr            what OCR read
 * @param caption        the caption or answer, or null when none was generated
 * @param captionStatus  {@code not-configured} (no model: nothing invented), {@code generated} or {@code failed}
 * @param captionError   why the caption failed, when it did
 * @param reused         whether OCR (and the caption, if any) came from an earlier upload of the same picture
 * @param reusedFrom     that earlier image, or null
 * @param createdAt      when the record was stored
 */
public record ImageView(
        UUID imageId,
        @Nullable String filename,
        String format,
        int width,
        int height,
        long byteSize,
        int orientation,
        String contentHash,
        String perceptualHash,
        Ocr ocr,
        @Nullable Caption caption,
        String captionStatus,
        @Nullable String captionError,
        boolean reused,
        @Nullable UUID reusedFrom,
        Instant createdAt) {

    /**
     * OCR output.
     *
     * @param text       all text, lines separated by a line break, paragraphs by a blank line
     * @param lines      each line with its box (pixels of the upright image) and confidence (0–1)
     * @param confidence mean confidence, 0–1
     * @param layout     page segmentation used: {@code line}, {@code block} or {@code page}
     * @param engine     engine and version
     */
    public record Ocr(String text, List<OcrLine> lines, double confidence, String layout, String engine) {}

    /**
     * A caption or answer.
     *
     * @param text     what the model said
     * @param provider {@code openai} or {@code ollama}
     * @param model    the model name
     * @param question the question it answers, or null for a plain caption
     */
    public record Caption(String text, String provider, String model, @Nullable String question) {}

    static ImageView of(ImageRecord r) {
        Description d = r.caption().description();
        return new ImageView(
                r.id(),
                r.filename(),
                r.format().id(),
                r.width(),
                r.height(),
                r.byteSize(),
                r.orientation(),
                r.contentHash(),
                PerceptualHash.toHex(r.perceptualHash()),
                new Ocr(
                        r.ocr().text(),
                        r.ocr().lines(),
                        r.ocr().meanConfidence(),
                        r.ocr().layout().id(),
                        r.ocr().engine()),
                d == null
                        ? null
                        : new Caption(
                                d.text(), d.provider(), d.model(), r.caption().question()),
                r.caption().status(),
                r.caption().error(),
                r.reused(),
                r.reusedFrom(),
                r.createdAt());
    }
}

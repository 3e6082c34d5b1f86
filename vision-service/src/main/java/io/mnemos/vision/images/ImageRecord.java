package io.mnemos.vision.images;

import io.mnemos.vision.hash.GridSignature;
import io.mnemos.vision.image.ImageFormat;
import io.mnemos.vision.ocr.OcrResult;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A processed upload, as stored (schema {@code vision}, table {@code image}). The image itself is not kept.
 *
 * @param id             UUIDv7
 * @param tenant         owner
 * @param filename       as sent, may be null
 * @param format         format of the data
 * @param width          upright width
 * @param height         upright height
 * @param byteSize       size of the data
 * @param orientation    EXIF orientation applied (1 = none)
 * @param contentHash    SHA-256 of the data, hex
 * @param perceptualHash 64-bit pHash
 * @param grid           grid signature (confirms pHash matches)
 * @param ocr            the OCR result
 * @param ocrMillis      time the OCR took (for a reused record: what the original took, i.e. the time saved)
 * @param caption        the caption step's outcome
 * @param reusedFrom     the record whose OCR (and caption) was copied, or null
 * @param createdAt      when it was stored
 */
public record ImageRecord(
        UUID id,
        String tenant,
        @Nullable String filename,
        ImageFormat format,
        int width,
        int height,
        long byteSize,
        int orientation,
        String contentHash,
        long perceptualHash,
        GridSignature grid,
        OcrResult ocr,
        long ocrMillis,
        CaptionOutcome caption,
        @Nullable UUID reusedFrom,
        Instant createdAt) {

    /** Whether OCR (and possibly the caption) came from an earlier record. */
    public boolean reused() {
        return reusedFrom != null;
    }
}

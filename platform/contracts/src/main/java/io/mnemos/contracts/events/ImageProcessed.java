package io.mnemos.contracts.events;

import io.mnemos.contracts.Event;
import io.mnemos.contracts.EventType;
import io.mnemos.contracts.Topics;
import java.time.Instant;
import java.util.UUID;

/**
 * vision-service processed an uploaded image: it holds this text (OCR) and, if a model is configured, this caption.
 * Consumers index {@code ocrText} and {@code caption} for retrieval.
 *
 * @param imageId        the image record ({@code GET /v1/images/{imageId}} on vision-service)
 * @param filename       the file name the client sent, or null
 * @param format         {@code png}, {@code jpeg}, {@code tiff} or {@code webp}
 * @param width          width in pixels, upright
 * @param height         height in pixels, upright
 * @param contentHash    SHA-256 of the uploaded bytes, 64 hex digits
 * @param perceptualHash 64-bit perceptual hash, 16 hex digits
 * @param ocrText        all recognised text (empty if none), at most 100,000 characters
 * @param ocrConfidence  mean OCR confidence, 0 to 1
 * @param captionStatus  {@code not-configured}, {@code generated} or {@code failed}
 * @param caption        the caption or answer when {@code captionStatus} is {@code generated}, else null
 * @param reusedFrom     the earlier image whose results were reused for this one, or null
 * @param processedAt    when the record was stored
 */
@EventType(
        name = "vision.image.processed",
        topic = Topics.VISION_EVENTS,
        description = "vision-service processed an uploaded image (OCR text, optional caption).")
public record ImageProcessed(
        UUID imageId,
        String filename,
        String format,
        int width,
        int height,
        String contentHash,
        String perceptualHash,
        String ocrText,
        double ocrConfidence,
        String captionStatus,
        String caption,
        UUID reusedFrom,
        Instant processedAt)
        implements Event {
    /** Longest {@code ocrText} carried; longer text is cut (the full text stays on the image record). */
    public static final int MAX_OCR_TEXT = 100_000;
}

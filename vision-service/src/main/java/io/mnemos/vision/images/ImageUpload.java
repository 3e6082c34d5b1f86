package io.mnemos.vision.images;

import org.jspecify.annotations.Nullable;

/**
 * The JSON form of an upload.
 *
 * @param data     the image bytes, base64 (standard or URL-safe alphabet, padding optional, line breaks ignored); a
 *                 {@code data:image/…;base64,} prefix is accepted
 * @param filename a name to keep with the record, optional
 * @param question a question about the image for the caption model, optional (without it: a plain caption)
 * @param layout   OCR layout: {@code auto} (default), {@code line}, {@code block} or {@code page}
 */
public record ImageUpload(
        @Nullable String data, @Nullable String filename, @Nullable String question, @Nullable String layout) {}

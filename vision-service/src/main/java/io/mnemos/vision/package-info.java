/**
 * vision-service: turns uploaded images into searchable records.
 *
 * <ul>
 *   <li>{@link io.mnemos.vision.image}: format sniffing, limits (bytes, pixels from the header before decoding), EXIF
 *       orientation, normalisation to grey (OCR, hashing) and a small colour preview (caption model).
 *   <li>{@link io.mnemos.vision.hash}: SHA-256 content hash, 64-bit DCT perceptual hash, grid signature.
 *   <li>{@link io.mnemos.vision.ocr}: the {@link io.mnemos.vision.ocr.TextRecognizer} seam and its Tesseract pool.
 *   <li>{@link io.mnemos.vision.caption}: the {@link io.mnemos.vision.caption.ImageDescriber} seam on a LangChain4j
 *       vision chat model (OpenAI-compatible or Ollama), absent unless configured.
 *   <li>{@link io.mnemos.vision.images}: the HTTP API, storage, reuse of earlier results and the {@code
 *       vision.image.processed} event.
 * </ul>
 */
package io.mnemos.vision;

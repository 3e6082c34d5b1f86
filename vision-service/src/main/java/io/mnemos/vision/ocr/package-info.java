/**
 * OCR. {@link io.mnemos.vision.ocr.TextRecognizer} is the seam (one {@code recognize} method);
 * {@link io.mnemos.vision.ocr.TesseractTextRecognizer} implements it on the system's libtesseract with a fixed pool of
 * engines, each confined to its own worker thread because an engine is not thread-safe. The page segmentation follows
 * the image's shape ({@link io.mnemos.vision.ocr.PageLayout#choose}): one text line, or a full page with automatic
 * orientation detection. Missing Tesseract or language data is reported by {@link
 * io.mnemos.vision.ocr.TextRecognizer#status()} with installation instructions instead of failing the service.
 */
package io.mnemos.vision.ocr;

/**
 * The image API ({@code POST/GET/DELETE /v1/images}). {@link io.mnemos.vision.images.ImageService} decodes and
 * hashes an upload, looks for an earlier upload of the same picture by the same tenant ({@link
 * io.mnemos.vision.images.ReusePolicy}: perceptual hash, aspect ratio, grid signature) and copies its OCR and caption
 * instead of calling the engines again, or runs them; then stores the record and publishes {@code
 * vision.image.processed} through the outbox in one transaction. Raw images are not stored.
 */
package io.mnemos.vision.images;

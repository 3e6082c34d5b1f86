/**
 * Image fingerprints. {@link io.mnemos.vision.hash.ContentHash} (SHA-256 of the bytes) recognises the same file;
 * {@link io.mnemos.vision.hash.PerceptualHash} (64-bit DCT hash) recognises the same picture after resizing,
 * re-encoding or recompression, by a small Hamming distance. The service uses both to reuse earlier OCR and caption
 * results instead of computing them again.
 */
package io.mnemos.vision.hash;

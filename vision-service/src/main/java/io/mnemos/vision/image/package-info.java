/**
 * Image intake. {@link io.mnemos.vision.image.ImageDecoder} checks, cheapest first: empty, byte limit, signature
 * ({@link io.mnemos.vision.image.FormatSniffer}; file names and content types are not trusted), width × height from
 * the header against the pixel limit before any pixel is decoded, then decodes and treats decoder errors and
 * "premature end" warnings as a truncated or corrupt file. The result is a {@link
 * io.mnemos.vision.image.NormalizedImage}: upright (EXIF {@link io.mnemos.vision.image.Orientation}), alpha composited
 * over white, 8-bit grey plus a small colour preview. Decoders: the JDK's PNG, TwelveMonkeys' JPEG, TIFF and WebP.
 */
package io.mnemos.vision.image;

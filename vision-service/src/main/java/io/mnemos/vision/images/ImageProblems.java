package io.mnemos.vision.images;

import io.mnemos.vision.image.ImageFormat;
import io.mnemos.vision.image.InvalidImageException;
import io.mnemos.vision.ocr.OcrUnavailableException;
import io.mnemos.web.problem.BadRequestProblem;
import io.mnemos.web.problem.NotFoundProblem;
import io.mnemos.web.problem.PayloadTooLargeProblem;
import io.mnemos.web.problem.ProblemException;
import io.mnemos.web.problem.ServiceUnavailableProblem;
import io.mnemos.web.problem.UnprocessableProblem;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

/**
 * The problem documents of the image API. Every refusal of an upload says what was wrong and what is accepted: the
 * problem carries {@code acceptedFormats} (media types), {@code maxBytes} and {@code maxPixels}.
 */
final class ImageProblems {
    /** How to send an image, for messages. */
    static final String HOW_TO_SEND = "Send the image as multipart/form-data in the part 'file', or as JSON {\"data\":"
            + " \"<base64>\", \"filename\": \"…\", \"question\": \"…\"}.";

    private ImageProblems() {}

    static List<String> acceptedMediaTypes() {
        return Arrays.stream(ImageFormat.values()).map(ImageFormat::mediaType).toList();
    }

    /** The problem for an image the decoder refused. */
    static ProblemException invalidImage(InvalidImageException e, DataSize maxBytes, long maxPixels) {
        ProblemException p =
                switch (e.reason()) {
                    case EMPTY -> new BadRequestProblem("empty-image", "Empty image", e.getMessage());
                    case TOO_MANY_BYTES -> new PayloadTooLargeProblem(maxBytes, e.getMessage());
                    case NOT_AN_IMAGE ->
                        new ProblemException(
                                HttpStatus.UNSUPPORTED_MEDIA_TYPE, "not-an-image", "Not an image", e.getMessage());
                    case UNSUPPORTED_FORMAT ->
                        new ProblemException(
                                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                                "unsupported-image-format",
                                "Unsupported image format",
                                e.getMessage());
                    case CORRUPT -> new UnprocessableProblem("corrupt-image", "Corrupt image", e.getMessage());
                    case TOO_MANY_PIXELS ->
                        new UnprocessableProblem("too-many-pixels", "Too many pixels", e.getMessage());
                };
        return accepted(p, maxBytes, maxPixels);
    }

    static ProblemException accepted(ProblemException p, DataSize maxBytes, long maxPixels) {
        return p.with("acceptedFormats", acceptedMediaTypes())
                .with("maxBytes", maxBytes.toBytes())
                .with("maxPixels", maxPixels);
    }

    static ProblemException missingImage(DataSize maxBytes, long maxPixels) {
        return accepted(
                new BadRequestProblem("missing-image", "Missing image", "The request carries no image. " + HOW_TO_SEND),
                maxBytes,
                maxPixels);
    }

    static ProblemException invalidBase64(String why, DataSize maxBytes, long maxPixels) {
        return accepted(
                new BadRequestProblem(
                        "invalid-base64",
                        "Invalid base64",
                        "Field 'data' is not valid base64 (" + why + "). Send the image bytes base64-encoded (RFC 4648,"
                                + " standard or URL-safe alphabet; a data: URL prefix is accepted)."),
                maxBytes,
                maxPixels);
    }

    static ProblemException ocrUnavailable(OcrUnavailableException e) {
        Duration retry = e.retryAfter();
        return new ServiceUnavailableProblem(
                retry == null ? "ocr-unavailable" : "ocr-busy",
                retry == null ? "OCR unavailable" : "OCR busy",
                e.getMessage(),
                retry,
                null);
    }

    static ProblemException busy(Duration waited) {
        return new ServiceUnavailableProblem(
                "vision-busy",
                "Too many images in progress",
                "Every processing slot stayed busy for " + waited.toSeconds() + " s. Retry later.",
                waited,
                null);
    }

    static NotFoundProblem notFound(UUID id) {
        return new NotFoundProblem(
                "image-not-found",
                "Image not found",
                "No image " + id + " for this tenant. Upload one with POST /v1/images.");
    }
}

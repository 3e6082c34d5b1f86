package io.mnemos.vision;

import io.mnemos.vision.caption.CaptionProvider;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of vision-service ({@code mnemos.vision.*}).
 *
 * @param maxImageSize     largest encoded image accepted (bytes of the file, before base64); larger ones get 413. Keep
 *                         {@code mnemos.web.max-request-size} about 40 % above it so base64 JSON uploads fit
 * @param maxPixels        largest width × height accepted, checked from the image header before any pixel is decoded
 *                         (decompression-bomb protection); each image being processed needs about 5 bytes of heap
 *                         per pixel
 * @param previewMaxSide   longer side, in pixels, of the colour copy shown to the caption model
 * @param maxConcurrent    images decoded and processed at the same time; further uploads wait
 * @param acquireTimeout   how long an upload waits for a processing slot before it gets 503 with Retry-After
 * @param tessdata         folder holding Tesseract's {@code <language>.traineddata} (Debian 12:
 *                         {@code /usr/share/tesseract-ocr/5/tessdata})
 * @param ocr              the OCR engine pool
 * @param caption          the optional caption / visual-question-answering model
 * @param reuse            reuse of earlier results for the same picture
 */
@Validated
@ConfigurationProperties("mnemos.vision")
public record VisionProperties(
        @DefaultValue("10MB") @NotNull DataSize maxImageSize,
        @DefaultValue("16000000") @Min(1) long maxPixels,
        @DefaultValue("1024") @Min(64) @Max(4096) int previewMaxSide,
        @DefaultValue("2") @Min(1) @Max(64) int maxConcurrent,
        @DefaultValue("30s") @NotNull Duration acquireTimeout,
        @DefaultValue("/usr/share/tesseract-ocr/5/tessdata") @NotNull Path tessdata,
        @DefaultValue @Valid @NotNull Ocr ocr,
        @DefaultValue @Valid @NotNull Caption caption,
        @DefaultValue @Valid @NotNull Reuse reuse) {

    /**
     * The Tesseract engine pool.
     *
     * @param language     Tesseract language code(s), e.g. {@code eng} or {@code eng+deu}; each needs its
     *                     {@code .traineddata} in {@code tessdata}
     * @param workers      engines, each on its own thread (an engine is not thread-safe); about one per CPU core
     * @param queueSize    OCR jobs that may wait for an engine
     * @param queueTimeout how long a job waits for room in the queue before the upload gets 503
     * @param timeout      how long an upload waits for its OCR result once queued
     * @param dpi          resolution reported to Tesseract; 0 lets it estimate from the text size
     * @param autoRotate   detect the orientation of full pages (Tesseract OSD) so pages turned by 90°/180°/270° are
     *                     read; needs {@code osd.traineddata}
     */
    public record Ocr(
            @DefaultValue("eng") @NotBlank String language,
            @DefaultValue("2") @Min(1) @Max(32) int workers,
            @DefaultValue("16") @Min(1) @Max(1000) int queueSize,
            @DefaultValue("30s") @NotNull Duration queueTimeout,
            @DefaultValue("2m") @NotNull Duration timeout,
            @DefaultValue("0") @Min(0) @Max(2400) int dpi,
            @DefaultValue("true") boolean autoRotate) {}

    /**
     * The caption / VQA model. With {@code provider: none} (the default) no model is called and responses say
     * {@code captionStatus: "not-configured"}.
     *
     * @param provider    {@code none}, {@code openai} (any OpenAI-compatible Chat Completions server) or {@code
     *                    ollama}
     * @param baseUrl     server URL; default {@code https://api.openai.com/v1} for openai and {@code
     *                    http://localhost:11434} for ollama
     * @param model       model name, e.g. {@code gpt-4o-mini} or {@code llava}; required unless provider is none
     * @param apiKey      API key (openai); environment variable {@code MNEMOS_VISION_CAPTION_API_KEY}. Never logged
     * @param timeout     how long one model call may take
     * @param maxOcrChars longest OCR text passed to the model as a hint
     */
    public record Caption(
            @DefaultValue("none") @NotNull CaptionProvider provider,
            @Nullable URI baseUrl,
            @Nullable String model,
            @Nullable String apiKey,
            @DefaultValue("60s") @NotNull Duration timeout,
            @DefaultValue("2000") @Min(0) @Max(100_000) int maxOcrChars) {

        /** Never prints the key. */
        @Override
        public String toString() {
            return "Caption[provider=" + provider + ", baseUrl=" + baseUrl + ", model=" + model + ", apiKey="
                    + (apiKey == null ? "null" : "******") + ", timeout=" + timeout + "]";
        }
    }

    /**
     * Reuse of earlier results: an upload whose picture matches an image the tenant already sent gets that image's OCR
     * (and caption) without running the engines again. A candidate matches when its perceptual hash is at most {@code
     * maxDistance} bits away, its aspect ratio within {@code maxAspectDifference}, and its grid signature correlates
     * at least {@code minSimilarity} (the last check tells apart different text lines that hash alike).
     *
     * @param enabled             whether to look for a match
     * @param maxDistance         largest Hamming distance between 64-bit perceptual hashes (0–32)
     * @param minSimilarity       smallest correlation of the grid signatures (0–1)
     * @param maxAspectDifference largest relative difference of aspect ratios (0.05 = 5 %)
     * @param maxCandidates       closest stored images examined per upload
     */
    public record Reuse(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("6") @Min(0) @Max(32) int maxDistance,
            @DefaultValue("0.9") @DecimalMin("0.0") @DecimalMax("1.0") double minSimilarity,
            @DefaultValue("0.05") @DecimalMin("0.0") @DecimalMax("1.0") double maxAspectDifference,
            @DefaultValue("10") @Min(1) @Max(1000) int maxCandidates) {}
}

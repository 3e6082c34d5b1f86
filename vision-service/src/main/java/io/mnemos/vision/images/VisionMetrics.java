package io.mnemos.vision.images;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The service's meters (Prometheus names in brackets).
 *
 * <ul>
 *   <li>{@code mnemos.vision.images{outcome=processed|reused|rejected, reason}} [{@code mnemos_vision_images_total}]:
 *       uploads by outcome; {@code reason} is the refusal reason for rejected ones.
 *   <li>{@code mnemos.vision.reuse.calls.avoided{call=ocr|caption}} [{@code
 *       mnemos_vision_reuse_calls_avoided_total}]: engine and model calls saved by reusing an earlier result.
 *   <li>{@code mnemos.vision.reuse.time.saved} [{@code mnemos_vision_reuse_time_saved_seconds_total}]: what the avoided
 *       calls took when they were made.
 *   <li>{@code mnemos.vision.ocr} [{@code mnemos_vision_ocr_seconds}]: OCR calls and their duration.
 *   <li>{@code mnemos.vision.caption{outcome=generated|failed}} [{@code mnemos_vision_caption_seconds}]: model calls.
 * </ul>
 */
@Component
public class VisionMetrics {
    private final MeterRegistry registry;
    private final Timer ocr;
    private final Counter ocrAvoided;
    private final Counter captionAvoided;
    private final Counter timeSaved;

    public VisionMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.ocr = Timer.builder("mnemos.vision.ocr")
                .description("OCR engine calls")
                .register(registry);
        this.ocrAvoided = avoided("ocr");
        this.captionAvoided = avoided("caption");
        this.timeSaved = Counter.builder("mnemos.vision.reuse.time.saved")
                .baseUnit("seconds")
                .description("Time the avoided OCR and model calls took when they were made")
                .register(registry);
    }

    private Counter avoided(String call) {
        return Counter.builder("mnemos.vision.reuse.calls.avoided")
                .tag("call", call)
                .description("Engine and model calls saved by reusing the result for the same picture")
                .register(registry);
    }

    void ocrCall(Duration took) {
        ocr.record(took);
    }

    void captionCall(String outcome, Duration took) {
        Timer.builder("mnemos.vision.caption")
                .tag("outcome", outcome)
                .description("Caption / VQA model calls")
                .register(registry)
                .record(took);
    }

    void ocrAvoided(long originalMillis) {
        ocrAvoided.increment();
        timeSaved.increment(originalMillis / 1000.0);
    }

    void captionAvoided(long originalMillis) {
        captionAvoided.increment();
        timeSaved.increment(originalMillis / 1000.0);
    }

    void upload(String outcome, String reason) {
        registry.counter("mnemos.vision.images", "outcome", outcome, "reason", reason)
                .increment();
    }

    /** OCR calls made so far (tests). */
    public long ocrCalls() {
        return ocr.count();
    }

    /** OCR calls avoided so far (tests). */
    public double ocrCallsAvoided() {
        return ocrAvoided.count();
    }
}

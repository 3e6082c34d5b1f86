package io.mnemos.vision;

import io.mnemos.vision.caption.ImageDescriber;
import io.mnemos.vision.image.ImageDecoder;
import io.mnemos.vision.image.ImageFormat;
import io.mnemos.vision.ocr.OcrStatus;
import io.mnemos.vision.ocr.TextRecognizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health components: {@code ocr} (DOWN with installation instructions when Tesseract or its data is missing; UNKNOWN
 * while the engines load, which does not pull the service DOWN) and {@code caption} (always UP: says which model, or
 * that none is configured; the model is not called by health checks).
 */
@Configuration(proxyBeanMethods = false)
class VisionHealth {

    @Bean
    HealthIndicator ocrHealthIndicator(TextRecognizer ocr, VisionProperties props) {
        return () -> {
            OcrStatus s = ocr.status();
            Health.Builder b =
                    switch (s.state()) {
                        case OcrStatus.READY -> Health.up();
                        case OcrStatus.STARTING -> Health.unknown();
                        default -> Health.down();
                    };
            return b.withDetail("state", s.state())
                    .withDetail("engine", s.engine())
                    .withDetail("languages", s.languages())
                    .withDetail("tessdata", props.tessdata().toString())
                    .withDetail("detail", s.detail())
                    .withDetail(
                            "decoders",
                            ImageDecoder.decodableFormats().stream()
                                    .map(ImageFormat::id)
                                    .toList())
                    .build();
        };
    }

    @Bean
    HealthIndicator captionHealthIndicator(ObjectProvider<ImageDescriber> describer) {
        return () -> {
            ImageDescriber d = describer.getIfAvailable();
            if (d == null) {
                return Health.up()
                        .withDetail("status", "not-configured")
                        .withDetail(
                                "detail",
                                "No caption model (mnemos.vision.caption.provider=none): responses carry OCR and"
                                        + " metadata only.")
                        .build();
            }
            return Health.up()
                    .withDetail("status", "configured")
                    .withDetail("provider", d.provider())
                    .withDetail("model", d.model())
                    .build();
        };
    }
}

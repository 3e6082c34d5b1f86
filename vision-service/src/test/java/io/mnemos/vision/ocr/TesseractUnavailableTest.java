package io.mnemos.vision.ocr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mnemos.vision.TestImages;
import io.mnemos.vision.image.ImageDecoder;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without language data the recognizer says what to install, instead of failing at start-up. */
class TesseractUnavailableTest {

    @Test
    void missingLanguageDataIsReportedWithInstallInstructions(@TempDir Path empty) {
        try (TesseractTextRecognizer r = new TesseractTextRecognizer(new TesseractTextRecognizer.Settings(
                empty, "eng", 1, 2, Duration.ofSeconds(1), Duration.ofSeconds(5), 0, true))) {
            OcrStatus status = r.status();
            assertThat(status.state()).isEqualTo(OcrStatus.UNAVAILABLE);
            assertThat(status.usable()).isFalse();
            assertThat(status.detail())
                    .contains("eng.traineddata is missing")
                    .contains("apt-get install tesseract-ocr tesseract-ocr-eng")
                    .contains("mnemos.vision.tessdata");
            var grey = new ImageDecoder(1_000_000, 1_000_000, 64)
                    .decode(TestImages.encode(TestImages.scene(40, 30, 0), "png"))
                    .grey();
            assertThatThrownBy(() -> r.recognize(grey))
                    .isInstanceOfSatisfying(OcrUnavailableException.class, e -> assertThat(e.retryAfter())
                            .isNull())
                    .hasMessageContaining("apt-get install");
        }
    }
}

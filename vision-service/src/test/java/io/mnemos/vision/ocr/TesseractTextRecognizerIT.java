package io.mnemos.vision.ocr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mnemos.vision.TestImages;
import io.mnemos.vision.bench.TextMetrics;
import io.mnemos.vision.image.ImageDecoder;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Tesseract pool on the real engine (Debian tesseract-ocr): layouts, turned pages, concurrent callers. */
class TesseractTextRecognizerIT {
    private static final Path TESSDATA = Path.of("/usr/share/tesseract-ocr/5/tessdata");
    private static TesseractTextRecognizer ocr;
    private final ImageDecoder decoder = new ImageDecoder(10_000_000, 10_000_000, 256);

    @BeforeAll
    static void start() throws InterruptedException {
        ocr = new TesseractTextRecognizer(new TesseractTextRecognizer.Settings(
                TESSDATA, "eng", 2, 8, Duration.ofSeconds(60), Duration.ofMinutes(3), 0, true));
        for (int i = 0; i < 300 && OcrStatus.STARTING.equals(ocr.status().state()); i++) {
            Thread.sleep(100);
        }
        assumeTrue(
                OcrStatus.READY.equals(ocr.status().state()),
                "Tesseract not usable: " + ocr.status().detail());
    }

    @AfterAll
    static void stop() {
        if (ocr != null) {
            ocr.close();
        }
    }

    private BufferedImage grey(BufferedImage rgb) {
        return decoder.decode(TestImages.encode(rgb, "png")).grey();
    }

    @Test
    void aRenderedLineIsReadAsOneLine() {
        OcrResult r = ocr.recognize(grey(TestImages.text(900, 64, 40, "Mnemos reads this line")));
        assertThat(r.layout()).isEqualTo(PageLayout.SINGLE_LINE);
        assertThat(TextMetrics.cer("Mnemos reads this line", r.text())).isLessThan(0.1);
        assertThat(r.lines()).hasSize(1);
        assertThat(r.meanConfidence()).isGreaterThan(0.5);
        assertThat(r.engine()).startsWith("tesseract 5");
    }

    @Test
    void anEmptyImageGivesNoTextAndNoError() {
        OcrResult r = ocr.recognize(grey(TestImages.text(300, 300, 20)));
        assertThat(r.text()).isEmpty();
        assertThat(r.lines()).isEmpty();
        assertThat(r.meanConfidence()).isZero();
    }

    @Test
    void aPageTurnedUpsideDownIsReadAndItsBoxesStayInTheImagesFrame() throws Exception {
        Path pages = TestImages.sharedData()
                .map(d -> d.resolve("ocr/tesseract-pages"))
                .orElse(null);
        assumeTrue(pages != null && Files.exists(pages.resolve("phototest-rotated-180.png")), "shared data absent");
        String truth = Files.readString(pages.resolve("phototest.txt"));
        OcrResult upright = ocr.recognize(decoder.decode(Files.readAllBytes(pages.resolve("phototest.tif")))
                .grey());
        OcrResult turned = ocr.recognize(decoder.decode(Files.readAllBytes(pages.resolve("phototest-rotated-180.png")))
                .grey());
        assertThat(TextMetrics.cer(truth, turned.text())).isLessThan(0.02);
        Box a = upright.lines().getFirst().box();
        Box b = turned.lines().getFirst().box();
        // 640×480 turned by 180°: the first line's box is mirrored in both axes.
        assertThat(b.x()).isCloseTo(640 - a.x() - a.w(), org.assertj.core.data.Offset.offset(3));
        assertThat(b.y()).isCloseTo(480 - a.y() - a.h(), org.assertj.core.data.Offset.offset(3));
    }

    @Test
    void concurrentCallersGetTheSameResultsAsOneAtATime() throws Exception {
        List<BufferedImage> images = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        String[] words = {"alpha beta gamma", "delta epsilon", "zeta eta theta", "iota kappa lambda"};
        for (String w : words) {
            BufferedImage g = grey(TestImages.text(700, 60, 36, w));
            images.add(g);
            expected.add(ocr.recognize(g).text());
        }
        ExecutorService callers = Executors.newFixedThreadPool(6);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (BufferedImage g : images) {
                    results.add(callers.submit(() -> ocr.recognize(g).text()));
                }
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).isEqualTo(expected.get(i % images.size()));
            }
        } finally {
            callers.shutdown();
        }
    }
}

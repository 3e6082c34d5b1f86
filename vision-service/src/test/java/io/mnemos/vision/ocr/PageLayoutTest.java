package io.mnemos.vision.ocr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PageLayoutTest {

    @ParameterizedTest(name = "{0}×{1} → {2}")
    @CsvSource({
        "1421, 54, SINGLE_LINE", // UW3 text line
        "312, 38, SINGLE_LINE", // short UW3 line
        "200, 60, SINGLE_LINE", // a word crop
        "4000, 200, SINGLE_LINE", // a line scanned at high resolution
        "640, 480, FULL_PAGE", // phototest
        "3312, 2550, FULL_PAGE", // UNLV page
        "480, 640, FULL_PAGE", // portrait
        "300, 130, FULL_PAGE", // taller than a line
        "100, 100, FULL_PAGE"
    })
    void autoChoosesFromTheShape(int width, int height, PageLayout expected) {
        assertThat(PageLayout.choose(width, height)).isEqualTo(expected);
        assertThat(PageLayout.AUTO.resolve(width, height)).isEqualTo(expected);
    }

    @Test
    void anExplicitLayoutIsKept() {
        assertThat(PageLayout.SINGLE_BLOCK.resolve(1421, 54)).isEqualTo(PageLayout.SINGLE_BLOCK);
    }

    @Test
    void mapsToTesseractSegmentationModes() {
        assertThat(TesseractTextRecognizer.psm(PageLayout.SINGLE_LINE, true)).isEqualTo(7);
        assertThat(TesseractTextRecognizer.psm(PageLayout.SINGLE_BLOCK, true)).isEqualTo(6);
        assertThat(TesseractTextRecognizer.psm(PageLayout.FULL_PAGE, false)).isEqualTo(3);
        assertThat(TesseractTextRecognizer.psm(PageLayout.FULL_PAGE, true)).isEqualTo(1);
    }

    @Test
    void parsesApiNames() {
        assertThat(PageLayout.ofId(" Line ")).isEqualTo(PageLayout.SINGLE_LINE);
        assertThat(PageLayout.ofId("page")).isEqualTo(PageLayout.FULL_PAGE);
        assertThatThrownBy(() -> PageLayout.ofId("column")).hasMessageContaining("auto, line, block, page");
    }
}

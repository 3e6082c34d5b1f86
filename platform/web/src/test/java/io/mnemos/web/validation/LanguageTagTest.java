package io.mnemos.web.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LanguageTagTest {
    @Test
    void acceptsWellFormedTags() {
        for (String tag : List.of("en", "en-GB", "de-CH", "zh-Hant-TW", "EN-gb", "es-419", "sr-Latn-RS", "x-klingon")) {
            assertThat(LanguageTag.Validator.isValid(tag)).as(tag).isTrue();
        }
    }

    @Test
    void refusesAnythingElse() {
        // "xx_INVALID_!!" was stored as the session's locale.
        for (String tag : List.of(
                "",
                " ",
                "xx_INVALID_!!",
                "en_GB",
                "en-",
                "-en",
                "englishlanguage",
                "e",
                "en GB",
                "a".repeat(36),
                "en-" + "a".repeat(40))) {
            assertThat(LanguageTag.Validator.isValid(tag)).as(tag).isFalse();
        }
    }
}

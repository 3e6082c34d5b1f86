package io.mnemos.retrieval.corpusstats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenizerTest {

    private final Tokenizer cased = new Tokenizer(TokenizerMode.CASED);
    private final Tokenizer folded = new Tokenizer(TokenizerMode.FOLDED);

    @Test
    void wordsAndPunctuation() {
        assertThat(cased.tokenize("Hello, world! Don't stop_now (1887)."))
                .containsExactly(
                        "Hello", ",", "world", "!", "Don", "'", "t", "stop", "_", "now", "(", "1887", ")", ".");
        assertThat(cased.tokenize("  \t\n ")).isEmpty();
        assertThat(cased.tokenize("")).isEmpty();
        assertThat(cased.tokenize("a--b")).containsExactly("a", "-", "-", "b");
    }

    @Test
    void caseIsKeptOrFolded() {
        assertThat(cased.tokenize("Paris PARIS paris")).containsExactly("Paris", "PARIS", "paris");
        assertThat(folded.tokenize("Paris PARIS paris")).containsExactly("paris", "paris", "paris");
    }

    @Test
    void unicodeIsNfkcNormalised() {
        // full-width letters and the "ﬁ" ligature become ASCII; curly quotes are their own tokens
        assertThat(cased.tokenize("ＡＢＣ ﬁne “Zoë”")).containsExactly("ABC", "fine", "“", "Zoë", "”");
        // decomposed e + combining acute == precomposed
        assertThat(cased.tokenize("Cafe\u0301")).containsExactly("Café");
        assertThat(cased.tokenize("naïve café")).containsExactly("naïve", "café");
        // no-break space separates; a zero-width space or soft hyphen vanishes without splitting
        assertThat(cased.tokenize("a\u00A0b\u200Bc co\u00ADoperate")).containsExactly("a", "bc", "cooperate");
        assertThat(cased.tokenize("東京 2020")).containsExactly("東京", "2020");
    }

    @Test
    void tokensNeverContainWhitespace() {
        for (String t : cased.tokenize("x \u2028 y\u3000z \r\n w")) {
            assertThat(t).doesNotContainAnyWhitespaces();
        }
    }
}

package io.mnemos.retrieval.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SentenceSplitterTest {

    private final SentenceSplitter splitter = new SentenceSplitter();

    @Test
    void splitsPlainSentences() {
        assertThat(splitter.sentences("The cat sat. The dog ran! Did it? Yes."))
                .containsExactly("The cat sat.", "The dog ran!", "Did it?", "Yes.");
    }

    @Test
    void keepsAbbreviationsDecimalsAndInitialsInsideSentences() {
        List<String> s = splitter.sentences(
                "Dr. Smith et al. reported a mean of 1.8 microm2/ms (p = 0.016). See Fig. 2 for details. "
                        + "J. Doe agreed, e.g. in 2004.");
        assertThat(s)
                .containsExactly(
                        "Dr. Smith et al. reported a mean of 1.8 microm2/ms (p = 0.016).",
                        "See Fig. 2 for details.",
                        "J. Doe agreed, e.g. in 2004.");
    }

    @Test
    void paragraphsNeverShareASentenceAndLineWrapsAreSpaces() {
        List<SentenceSplitter.Sentence> s =
                splitter.split("A heading without a period\n\nFirst line\nwraps here. Next.");
        assertThat(s)
                .extracting(SentenceSplitter.Sentence::text)
                .containsExactly("A heading without a period", "First line wraps here.", "Next.");
        assertThat(s).extracting(SentenceSplitter.Sentence::startsParagraph).containsExactly(true, true, false);
    }

    @Test
    void blankTextHasNoSentences() {
        assertThat(splitter.sentences("  \n\n ")).isEmpty();
        assertThat(splitter.sentences(null)).isEmpty();
    }
}

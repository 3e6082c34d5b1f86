package io.mnemos.orchestrator.llm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AsciiFoldTest {
    @Test
    void foldsQuotesDashesAndAccentsAndDropsTheRest() {
        assertThat(AsciiFold.fold(
                        "\u201CCaf\u00E9,\u201D she said \u2014 it\u2019s na\u00EFve\u2026 \u20AC5 \u2013 ok"))
                .isEqualTo("\"Cafe,\" she said -- it's naive... 5 - ok");
    }

    @Test
    void asciiIsReturnedUnchanged() {
        String s = "It was a dark and stormy night";
        assertThat(AsciiFold.fold(s)).isSameAs(s);
    }
}

package io.mnemos.speech.duplex;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TurnCompletionTest {
    private final TurnCompletion c = new TurnCompletion(3);

    @Test
    void punctuationDecidesWhenPresent() {
        assertThat(c.looksComplete("Hi.")).isTrue();
        assertThat(c.looksComplete("Is it raining?")).isTrue();
        assertThat(c.looksComplete("I wanted to ask,")).isFalse();
    }

    @Test
    void unpunctuatedTextNeedsWordsAndNoDanglingWord() {
        assertThat(c.looksComplete("what is the weather in paris")).isTrue();
        assertThat(c.looksComplete("what is the weather in")).isFalse();
        assertThat(c.looksComplete("i would like to book a table and")).isFalse();
        assertThat(c.looksComplete("go home um")).isFalse();
        assertThat(c.looksComplete("hello there")).isFalse();
        assertThat(c.looksComplete("")).isFalse();
    }
}

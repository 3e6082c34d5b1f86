package io.mnemos.speech.duplex;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnemos.speech.duplex.BargeInPolicy.Decision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BargeInPolicyTest {
    private final BargeInPolicy policy = new BargeInPolicy(BargeInPolicy.Settings.defaults());

    @ParameterizedTest(name = "\"{0}\" is a backchannel")
    @CsvSource({
        "yeah",
        "uh-huh",
        "ok",
        "okay",
        "mm-hmm",
        "right",
        "yeah yeah",
        "uh huh",
        "oh okay",
        "yes right",
        "mhm",
        "'yeah, right'",
        "'[noise] yeah'",
        "'m m'",
        "'op op'",
        "'a real'",
        "'am i'",
        "'i see'",
        "'oh i see'",
        "'got it'"
    })
    void backchannelsNeverInterrupt(String words) {
        assertThat(policy.evaluate(2000, words, true)).isEqualTo(Decision.WAIT);
        assertThat(policy.onEnded(2000, words)).isEqualTo(Decision.IGNORE);
    }

    @ParameterizedTest(name = "\"{0}\" interrupts")
    @CsvSource({
        "'what about tomorrow'",
        "'no i meant the other one'",
        "'yeah but what about paris'",
        "stop",
        "'wait a second'"
    })
    void realInterruptionsNeedEnoughSpeech(String words) {
        assertThat(policy.evaluate(200, words, true)).as("too short").isEqualTo(Decision.WAIT);
        assertThat(policy.evaluate(500, words, true)).as("still too short").isEqualTo(Decision.WAIT);
        assertThat(policy.evaluate(650, words, true)).isEqualTo(Decision.INTERRUPT);
        assertThat(policy.onEnded(650, words)).isEqualTo(Decision.INTERRUPT);
    }

    @Test
    void oneContentWordIsNotEnough() {
        assertThat(policy.evaluate(1000, "the", true)).isEqualTo(Decision.WAIT);
        assertThat(policy.onEnded(1000, "yeah the")).isEqualTo(Decision.IGNORE);
        assertThat(policy.onEnded(1000, "")).isEqualTo(Decision.IGNORE);
    }

    @Test
    void withoutPartialsOnlyLongSpeechConfirmsEarly() {
        assertThat(policy.evaluate(800, "", false)).isEqualTo(Decision.WAIT);
        assertThat(policy.evaluate(1200, "", false)).isEqualTo(Decision.INTERRUPT);
    }

    @Test
    void countsContentWords() {
        assertThat(policy.contentWords("uh-huh okay so what about this")).isEqualTo(4);
        assertThat(policy.contentWords("no no no")).isEqualTo(1);
        assertThat(policy.contentWords("i want b")).isEqualTo(1);
        assertThat(policy.contentWords("am i")).isEqualTo(1);
        assertThat(policy.contentWords("oh i see")).isZero();
        assertThat(policy.contentWords("i see the problem")).isEqualTo(2);
        assertThat(policy.contentWords("got it")).isZero();
    }
}

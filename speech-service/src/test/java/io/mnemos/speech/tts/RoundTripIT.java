package io.mnemos.speech.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mnemos.speech.asr.PocketSphinxTranscriber;
import io.mnemos.speech.support.Wer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** FreeTTS (kevin16) speaks, pocketsphinx listens: the synthesis is intelligible and the formats line up. */
class RoundTripIT {
    /** Corpus WER bound; measured 0.13 on these sentences (0.14 on ten, docs/benchmarks/speech.md). */
    static final double MAX_WER = 0.30;

    static final List<String> SENTENCES = List.of(
            "The weather today is sunny with a light breeze from the west.",
            "Please remember to take your umbrella because it will rain tomorrow.",
            "The train to Boston leaves at half past seven in the morning.",
            "We should book the hotel before the prices go up next week.");

    @Test
    void synthesisedSpeechIsRecognised() {
        assumeTrue(
                PocketSphinxTranscriber.isInstalled(),
                "pocketsphinx not installed: apt-get install pocketsphinx pocketsphinx-en-us (CI's .ci/run does)");
        try (FreeTtsSynthesizer tts = new FreeTtsSynthesizer(1);
                PocketSphinxTranscriber asr = new PocketSphinxTranscriber(new PocketSphinxTranscriber.Settings(
                        PocketSphinxTranscriber.defaultArgs(Path.of("/usr/share/pocketsphinx/model/en-us"), true),
                        1,
                        1,
                        160))) {
            int errors = 0;
            int words = 0;
            for (String s : SENTENCES) {
                short[] pcm = tts.synthesize(s);
                double seconds = pcm.length / 16000.0;
                assertThat(seconds).as("duration of '%s'", s).isBetween(1.5, 8.0);
                errors += Wer.errors(s, asr.transcribe(pcm).text());
                words += Wer.words(s).size();
            }
            assertThat((double) errors / words).isLessThanOrEqualTo(MAX_WER);
        }
    }

    @Test
    void blankTextIsSilence() {
        try (FreeTtsSynthesizer tts = new FreeTtsSynthesizer(1)) {
            assertThat(tts.synthesize("  ")).isEmpty();
        }
    }
}

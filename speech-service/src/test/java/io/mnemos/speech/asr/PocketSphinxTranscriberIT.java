package io.mnemos.speech.asr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mnemos.speech.audio.Pcm;
import io.mnemos.speech.support.SpeechData;
import io.mnemos.speech.support.Wer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real pocketsphinx through the FFM binding on real recordings (the LibriVox clips of the pocketsphinx test set in
 * {@code ../shared/data/speech}). Skipped, with the reason, when the library or the data is missing; {@code .ci/run}
 * installs the library, so in CI it runs.
 */
class PocketSphinxTranscriberIT {
    /** Corpus WER bound for the live (first-pass) configuration; measured 0.27 here (docs/benchmarks/speech.md). */
    static final double MAX_WER = 0.40;

    private static PocketSphinxTranscriber asr;

    @BeforeAll
    static void load() {
        assumeTrue(
                PocketSphinxTranscriber.isInstalled(),
                "pocketsphinx not installed: apt-get install pocketsphinx pocketsphinx-en-us (CI's .ci/run does)");
        assumeTrue(!SpeechData.librivox().isEmpty(), "../shared/data/speech/pocketsphinx/librivox not found");
        asr = new PocketSphinxTranscriber(new PocketSphinxTranscriber.Settings(
                        PocketSphinxTranscriber.defaultArgs(Path.of("/usr/share/pocketsphinx/model/en-us"), true),
                        2,
                        2,
                        160))
                .warmUp();
    }

    @AfterAll
    static void close() {
        if (asr != null) {
            asr.close();
        }
    }

    @Test
    void recognisesRecordedSpeechWithinTheWerBound() {
        int errors = 0;
        int words = 0;
        for (SpeechData.Utterance u : SpeechData.librivox()) {
            Transcript t = asr.transcribe(u.audio());
            assertThat(t.isFinal()).isTrue();
            errors += Wer.errors(u.reference(), t.text());
            words += Wer.words(u.reference()).size();
        }
        double wer = (double) errors / words;
        assertThat(wer).as("corpus WER on the LibriVox clips").isLessThanOrEqualTo(MAX_WER);
    }

    @Test
    void streamsPartialHypothesesWhileAudioArrives() throws Exception {
        SpeechData.Utterance u = SpeechData.librivox().getFirst();
        short[] audio = u.audio();
        List<Transcript> partials = new CopyOnWriteArrayList<>();
        TranscriptionStream s = asr.open(partials::add);
        for (int at = 0; at < audio.length; at += 1600) {
            s.accept(Arrays.copyOfRange(audio, at, Math.min(audio.length, at + 1600)));
        }
        Transcript fin = s.finish().get(120, TimeUnit.SECONDS);
        assertThat(partials).isNotEmpty().allMatch(p -> !p.isFinal());
        assertThat(partials.getLast().audioMs()).isLessThanOrEqualTo(fin.audioMs());
        assertThat(fin.text()).contains("leisure to consider");
        assertThat(fin.audioMs()).isEqualTo(Pcm.millis(audio.length));
        assertThat(fin.cpuNanos()).isPositive();
        assertThat(s.finish()).isSameAs(s.finish());
    }

    @Test
    void decodersArePooledAndSilenceGivesAnEmptyTranscript() {
        Transcript a = asr.transcribe(Pcm.silence(1000));
        Transcript b = asr.transcribe(Pcm.silence(500));
        assertThat(a.text()).isEmpty();
        assertThat(b.isEmpty()).isTrue();
        assertThat(asr.decoders()).isLessThanOrEqualTo(2);
        assertThat(asr.openStreams()).isZero();
    }

    @Test
    void aCancelledStreamReleasesItsDecoder() throws Exception {
        TranscriptionStream s = asr.open(t -> {});
        s.accept(SpeechData.librivox().getFirst().audio());
        s.cancel();
        assertThat(s.finish().get(120, TimeUnit.SECONDS).text()).isEmpty();
        assertThat(asr.transcribe(SpeechData.librivox().get(1).audio()).text()).isNotEmpty();
    }
}

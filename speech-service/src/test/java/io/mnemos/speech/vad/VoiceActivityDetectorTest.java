package io.mnemos.speech.vad;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnemos.speech.vad.VoiceActivityDetector.Frame;
import io.mnemos.speech.vad.VoiceActivityDetector.Transition;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VoiceActivityDetectorTest {
    private final Random random = new Random(42);

    /** A voiced-like frame: 150 Hz harmonic tone at {@code amplitude} plus noise. */
    private short[] voiced(double amplitude, double noise) {
        short[] f = new short[VoiceActivityDetector.FRAME_SAMPLES];
        for (int i = 0; i < f.length; i++) {
            double t = i / 16000.0;
            double v = amplitude * (Math.sin(2 * Math.PI * 150 * t) + 0.5 * Math.sin(2 * Math.PI * 300 * t));
            f[i] = (short) Math.max(-32768, Math.min(32767, v + noise * random.nextGaussian()));
        }
        return f;
    }

    private short[] noise(double level) {
        return voiced(0, level);
    }

    private List<Frame> run(VoiceActivityDetector vad, List<short[]> frames) {
        List<Frame> out = new ArrayList<>();
        for (short[] f : frames) {
            out.add(vad.process(f));
        }
        return out;
    }

    private static List<short[]> repeat(java.util.function.Supplier<short[]> f, int n) {
        List<short[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(f.get());
        }
        return out;
    }

    @Test
    void startsAfterThreeVoicedFramesDatedAtTheFirst() {
        VoiceActivityDetector vad = new VoiceActivityDetector(VoiceActivityDetector.Settings.defaults());
        List<short[]> frames = new ArrayList<>(repeat(() -> noise(30), 30));
        frames.addAll(repeat(() -> voiced(3000, 30), 10));
        List<Frame> out = run(vad, frames);
        assertThat(out.subList(0, 32)).noneMatch(Frame::inSpeech);
        Frame start = out.get(32);
        assertThat(start.transition()).isEqualTo(Transition.SPEECH_START);
        assertThat(start.eventFrame()).isEqualTo(30);
    }

    @Test
    void ignoresOneOrTwoLoudFrames() {
        VoiceActivityDetector vad = new VoiceActivityDetector(VoiceActivityDetector.Settings.defaults());
        List<short[]> frames = new ArrayList<>(repeat(() -> noise(30), 30));
        frames.addAll(repeat(() -> voiced(3000, 30), 2)); // a click
        frames.addAll(repeat(() -> noise(30), 30));
        assertThat(run(vad, frames)).noneMatch(Frame::inSpeech);
    }

    @Test
    void hysteresisBridgesShortDipsAndEndsAfterTheHangover() {
        VoiceActivityDetector vad = new VoiceActivityDetector(VoiceActivityDetector.Settings.defaults());
        List<short[]> frames = new ArrayList<>(repeat(() -> noise(30), 30));
        frames.addAll(repeat(() -> voiced(3000, 30), 20)); // 30..49
        frames.addAll(repeat(() -> noise(30), 4)); // 128 ms dip: below the 352 ms hangover
        frames.addAll(repeat(() -> voiced(3000, 30), 20)); // 54..73
        frames.addAll(repeat(() -> noise(30), 20)); // 74..
        List<Frame> out = run(vad, frames);
        assertThat(out.stream().filter(f -> f.transition() == Transition.SPEECH_START))
                .hasSize(1);
        List<Frame> ends = out.stream()
                .filter(f -> f.transition() == Transition.SPEECH_END)
                .toList();
        assertThat(ends).hasSize(1);
        assertThat(ends.get(0).eventFrame()).isEqualTo(73);
        assertThat(ends.get(0).frameIndex()).isEqualTo(73 + 11); // 11 × 32 ms = 352 ms hangover
    }

    @Test
    void continuationThresholdIsLowerThanOnsetThreshold() {
        VoiceActivityDetector vad = new VoiceActivityDetector(VoiceActivityDetector.Settings.defaults());
        List<short[]> frames = new ArrayList<>(repeat(() -> noise(100), 40));
        // floor ≈ 100/32768 RMS ≈ -50 dBFS; 8 dB above the floor is between offset (3) and onset (14)
        double weak = 100 * Math.pow(10, 8 / 20.0) / Math.sqrt(0.625);
        frames.addAll(repeat(() -> voiced(weak, 10), 10));
        assertThat(run(vad, frames)).noneMatch(Frame::inSpeech);

        VoiceActivityDetector vad2 = new VoiceActivityDetector(VoiceActivityDetector.Settings.defaults());
        List<short[]> frames2 = new ArrayList<>(repeat(() -> noise(100), 40));
        frames2.addAll(repeat(() -> voiced(3000, 10), 5)); // strong onset
        frames2.addAll(repeat(() -> voiced(weak, 10), 10)); // then weaker speech stays in
        List<Frame> out = run(vad2, frames2);
        assertThat(out.get(out.size() - 1).inSpeech()).isTrue();
    }

    @Test
    void adaptsToASteadyNoiseFloor() {
        VoiceActivityDetector vad = new VoiceActivityDetector(VoiceActivityDetector.Settings.defaults());
        // loud steady noise (fan): no speech after adaptation
        List<Frame> out = run(vad, repeat(() -> noise(800), 200));
        assertThat(out.subList(50, 200)).noneMatch(Frame::inSpeech);
        assertThat(vad.noiseFloorDb()).isBetween(-35.0, -30.0);
        // speech well above it is still found
        List<Frame> speech = run(vad, repeat(() -> voiced(12000, 800), 10));
        assertThat(speech).anyMatch(Frame::inSpeech);
    }

    @Test
    void digitalSilenceIsNeverSpeech() {
        VoiceActivityDetector vad = new VoiceActivityDetector(VoiceActivityDetector.Settings.defaults());
        assertThat(run(vad, repeat(() -> new short[512], 50))).noneMatch(Frame::voiced);
    }
}

package io.mnemos.speech.vad;

/**
 * Energy + zero-crossing voice activity detector with an adaptive noise floor and hysteresis, on 32 ms frames
 * (512 samples at 16 kHz).
 *
 * <p>Per frame: log energy {@code E} (dBFS) and zero-crossing rate {@code Z}. The noise floor {@code N} follows the
 * energy of non-speech frames, fast downwards and slowly upwards (so steady background noise is learnt, speech is
 * not). A frame is <em>voiced</em> when {@code E > N + onset} (or {@code N + offset} while already in speech: a lower
 * continuation threshold), {@code E} is above an absolute minimum, and {@code Z} is below {@code zcrMax} unless the
 * frame is very loud (fricatives). Speech <em>starts</em> after {@code startFrames} consecutive voiced frames (reported
 * at the first of them) and <em>ends</em> after {@code hangoverMs} without a voiced frame (reported at the last voiced
 * one). Not thread-safe: one instance per audio stream.
 */
public final class VoiceActivityDetector {
    /** Samples per analysis frame. */
    public static final int FRAME_SAMPLES = 512;
    /** Milliseconds per analysis frame. */
    public static final int FRAME_MS = 32;

    /**
     * Tuning knobs (defaults tuned on the AMI training clips, evaluated on the development clips).
     *
     * @param onsetDb        dB above the noise floor for a frame to count as voiced when not in speech
     * @param offsetDb       dB above the noise floor to stay voiced while in speech (≤ onset: hysteresis)
     * @param minEnergyDb    absolute floor (dBFS): quieter frames are never voiced
     * @param zcrMax         zero-crossing rate (crossings per sample) above which a frame needs extra energy
     * @param startFrames    consecutive voiced frames needed to start speech (3 × 32 ms ≈ 96 ms)
     * @param hangoverMs     silence after the last voiced frame before speech ends
     * @param floorRiseRate  how fast the noise floor follows louder non-speech frames (per frame, 0–1)
     * @param floorFallRate  how fast it follows quieter frames (per frame, 0–1)
     */
    public record Settings(
            double onsetDb,
            double offsetDb,
            double minEnergyDb,
            double zcrMax,
            int startFrames,
            int hangoverMs,
            double floorRiseRate,
            double floorFallRate) {
        public Settings {
            if (offsetDb > onsetDb || startFrames < 1 || hangoverMs < 0) {
                throw new IllegalArgumentException("need offsetDb ≤ onsetDb, startFrames ≥ 1, hangoverMs ≥ 0");
            }
        }

        /** The defaults. */
        public static Settings defaults() {
            return new Settings(14.0, 3.0, -58.0, 0.40, 3, 352, 0.02, 0.25);
        }

        public Settings withHangoverMs(int ms) {
            return new Settings(onsetDb, offsetDb, minEnergyDb, zcrMax, startFrames, ms, floorRiseRate, floorFallRate);
        }
    }

    /** What changed with a frame. */
    public enum Transition {
        NONE,
        SPEECH_START,
        SPEECH_END
    }

    /**
     * The detector's view of one frame.
     *
     * @param frameIndex   index of the frame in the stream (0-based)
     * @param voiced       the frame itself looks like speech (before hysteresis)
     * @param inSpeech     the detector is in speech after this frame (with hysteresis)
     * @param transition   what changed
     * @param eventFrame   for a transition, the frame it is dated at (first voiced frame of the run for a start, the
     *                     last voiced frame for an end); otherwise the current frame
     * @param energyDb     frame energy (dBFS)
     * @param noiseFloorDb noise floor estimate (dBFS)
     */
    public record Frame(
            long frameIndex,
            boolean voiced,
            boolean inSpeech,
            Transition transition,
            long eventFrame,
            double energyDb,
            double noiseFloorDb) {}

    private final Settings s;
    private final int hangoverFrames;
    private double floor = Double.NaN;
    private long index = -1;
    private boolean inSpeech;
    private int voicedRun;
    private long lastVoiced = -1;

    public VoiceActivityDetector(Settings settings) {
        this.s = settings;
        this.hangoverFrames = Math.max(1, (settings.hangoverMs() + FRAME_MS - 1) / FRAME_MS);
    }

    /** Whether the detector is in speech. */
    public boolean inSpeech() {
        return inSpeech;
    }

    /** Current noise floor (dBFS); NaN before the first frame. */
    public double noiseFloorDb() {
        return floor;
    }

    /** Analyses the next {@link #FRAME_SAMPLES}-sample frame. */
    public Frame process(short[] frame) {
        if (frame.length != FRAME_SAMPLES) {
            throw new IllegalArgumentException("frames hold " + FRAME_SAMPLES + " samples, got " + frame.length);
        }
        index++;
        double energy = energyDb(frame);
        double zcr = zeroCrossingRate(frame);
        if (Double.isNaN(floor)) {
            floor = Math.max(energy, s.minEnergyDb() - 20);
        }
        double threshold = floor + (inSpeech ? s.offsetDb() : s.onsetDb());
        boolean voiced =
                energy > threshold && energy > s.minEnergyDb() && (zcr <= s.zcrMax() || energy > threshold + 6.0);

        Transition t = Transition.NONE;
        long eventFrame = index;
        if (voiced) {
            voicedRun++;
            lastVoiced = index;
            if (!inSpeech && voicedRun >= s.startFrames()) {
                inSpeech = true;
                t = Transition.SPEECH_START;
                eventFrame = index - voicedRun + 1;
            }
        } else {
            voicedRun = 0;
            if (inSpeech && index - lastVoiced >= hangoverFrames) {
                inSpeech = false;
                t = Transition.SPEECH_END;
                eventFrame = lastVoiced;
            }
        }
        // Learn the floor from frames that do not look like speech; creep up very slowly during long speech so a
        // rising background cannot lock the detector "on".
        if (!voiced) {
            double rate = energy < floor ? s.floorFallRate() : s.floorRiseRate();
            floor += rate * (energy - floor);
        } else if (inSpeech) {
            floor += 0.002 * (energy - floor);
        }
        return new Frame(index, voiced, inSpeech, t, eventFrame, energy, floor);
    }

    /** Frame energy in dBFS (−100 for digital silence). */
    public static double energyDb(short[] x) {
        double sum = 0;
        for (short v : x) {
            sum += (double) v * v;
        }
        double ms = sum / x.length / (32768.0 * 32768.0);
        return ms <= 1e-10 ? -100.0 : 10 * Math.log10(ms);
    }

    /** Zero crossings per sample (DC removed). */
    public static double zeroCrossingRate(short[] x) {
        double mean = 0;
        for (short v : x) {
            mean += v;
        }
        mean /= x.length;
        int crossings = 0;
        boolean prev = x[0] - mean >= 0;
        for (int i = 1; i < x.length; i++) {
            boolean cur = x[i] - mean >= 0;
            if (cur != prev) {
                crossings++;
            }
            prev = cur;
        }
        return (double) crossings / x.length;
    }
}

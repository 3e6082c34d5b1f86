package io.mnemos.speech.bench;

import io.mnemos.speech.audio.Wav;
import io.mnemos.speech.support.SpeechData;
import io.mnemos.speech.vad.VoiceActivityDetector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Evaluates the VAD on the AMI excerpts of {@code ../shared/data/turn-taking} (pyannote's debug protocol: 30 s clips,
 * RTTM speaker turns). Reference speech = union of all speakers' turns. Reported: frame-level (10 ms) precision,
 * recall and F1 of the segments the detector reports (start dated at the first voiced frame, end at the last), and
 * the timing error of turn starts and ends, where reference turns are the speech regions after merging gaps under
 * 300 ms. Tunes on the training clips, reports on the development clips.
 *
 * <pre>
 * ./mvnw -q -pl speech-service test-compile exec:exec -Dbench.main=io.mnemos.speech.bench.VadEvaluation
 * </pre>
 */
public final class VadEvaluation {
    private static final int GRID_MS = 10;
    private static final double MERGE_GAP_S = 0.3;
    private static final double MATCH_WINDOW_S = 1.0;

    /** A clip with its reference speech segments (seconds). */
    public record Clip(String name, short[] audio, List<double[]> reference) {}

    /**
     * Results over a set of clips.
     *
     * @param precision     frame precision
     * @param recall        frame recall
     * @param f1            frame F1
     * @param startMedianMs median |detected − reference| turn start, matched turns
     * @param endMedianMs   median |detected − reference| turn end, matched turns
     * @param startBiasMs   mean signed start error (negative = early)
     * @param endBiasMs     mean signed end error
     * @param startsFound   share of reference turn starts with a detected start within 1 s
     * @param endsFound     share of reference turn ends with a detected end within 1 s
     * @param nonSpeechF1   F1 of the non-speech class (always-speech scores 0 here)
     */
    public record Result(
            double precision,
            double recall,
            double f1,
            double startMedianMs,
            double endMedianMs,
            double startBiasMs,
            double endBiasMs,
            double startsFound,
            double endsFound,
            double nonSpeechF1) {
        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "speech P %.3f R %.3f F1 %.3f, non-speech F1 %.3f | start |err| median %.0f ms (bias %+.0f),"
                            + " found %.0f%% | end |err| median %.0f ms (bias %+.0f), found %.0f%%",
                    precision,
                    recall,
                    f1,
                    nonSpeechF1,
                    startMedianMs,
                    startBiasMs,
                    100 * startsFound,
                    endMedianMs,
                    endBiasMs,
                    100 * endsFound);
        }
    }

    /** The clips whose name starts with {@code prefix} ({@code trn} or {@code dev}); empty if the data is absent. */
    public static List<Clip> clips(String prefix) {
        Path root = SpeechData.root();
        List<Clip> out = new ArrayList<>();
        if (root == null || !Files.isDirectory(root.resolve("turn-taking"))) {
            return out;
        }
        Path dir = root.resolve("turn-taking");
        try {
            List<String> rttm = new ArrayList<>();
            for (Path p : List.of(dir.resolve("debug.train.rttm"), dir.resolve("debug.development.rttm"))) {
                rttm.addAll(Files.readAllLines(p));
            }
            try (var files = Files.list(dir)) {
                for (Path wav : files.filter(f -> f.getFileName().toString().startsWith(prefix))
                        .filter(f -> f.toString().endsWith(".wav"))
                        .sorted()
                        .toList()) {
                    String name = wav.getFileName().toString().replace(".wav", "");
                    List<double[]> segs = new ArrayList<>();
                    for (String line : rttm) {
                        String[] f = line.split("\\s+");
                        if (f.length > 4 && f[1].equals(name)) {
                            double s = Double.parseDouble(f[3]);
                            segs.add(new double[] {s, s + Double.parseDouble(f[4])});
                        }
                    }
                    out.add(new Clip(name, Wav.read(wav), segs));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Runs the detector over each clip and scores it (turns: reference gaps under 300 ms merged). */
    public static Result evaluate(VoiceActivityDetector.Settings settings, List<Clip> clips) {
        return evaluate(settings, clips, MERGE_GAP_S, 0);
    }

    /**
     * Runs the detector over each clip and scores it; for the turn timing, reference gaps under {@code refGap} and
     * detected gaps under {@code hypGap} seconds are merged (e.g. both at the end-of-turn silence, to score turns
     * rather than VAD segments).
     */
    public static Result evaluate(
            VoiceActivityDetector.Settings settings, List<Clip> clips, double refGap, double hypGap) {
        long tp = 0;
        long fp = 0;
        long fn = 0;
        long tn = 0;
        List<Double> startErr = new ArrayList<>();
        List<Double> endErr = new ArrayList<>();
        int refTurns = 0;
        for (Clip c : clips) {
            List<double[]> hyp = detect(settings, c.audio());
            double dur = c.audio().length / 16000.0;
            int n = (int) Math.round(dur * 1000 / GRID_MS);
            boolean[] ref = mask(c.reference(), n);
            boolean[] det = mask(hyp, n);
            for (int i = 0; i < n; i++) {
                if (ref[i] && det[i]) {
                    tp++;
                } else if (det[i]) {
                    fp++;
                } else if (ref[i]) {
                    fn++;
                } else {
                    tn++;
                }
            }
            List<double[]> turns = merge(c.reference(), refGap);
            List<double[]> hypTurns = merge(hyp, hypGap);
            refTurns += turns.size();
            for (double[] t : turns) {
                nearest(hypTurns, 0, t[0]).ifPresent(startErr::add);
                nearest(hypTurns, 1, t[1]).ifPresent(endErr::add);
            }
        }
        double p = tp / (double) Math.max(1, tp + fp);
        double r = tp / (double) Math.max(1, tp + fn);
        double np = tn / (double) Math.max(1, tn + fn);
        double nr = tn / (double) Math.max(1, tn + fp);
        return new Result(
                p,
                r,
                2 * p * r / Math.max(1e-9, p + r),
                1000 * medianAbs(startErr),
                1000 * medianAbs(endErr),
                1000 * mean(startErr),
                1000 * mean(endErr),
                startErr.size() / (double) Math.max(1, refTurns),
                endErr.size() / (double) Math.max(1, refTurns),
                2 * np * nr / Math.max(1e-9, np + nr));
    }

    /** The segments (seconds) the detector reports for a recording. */
    public static List<double[]> detect(VoiceActivityDetector.Settings settings, short[] audio) {
        VoiceActivityDetector vad = new VoiceActivityDetector(settings);
        List<double[]> segs = new ArrayList<>();
        double frame = VoiceActivityDetector.FRAME_MS / 1000.0;
        double start = -1;
        int frames = audio.length / VoiceActivityDetector.FRAME_SAMPLES;
        for (int i = 0; i < frames; i++) {
            short[] f = Arrays.copyOfRange(
                    audio, i * VoiceActivityDetector.FRAME_SAMPLES, (i + 1) * VoiceActivityDetector.FRAME_SAMPLES);
            VoiceActivityDetector.Frame r = vad.process(f);
            if (r.transition() == VoiceActivityDetector.Transition.SPEECH_START) {
                start = r.eventFrame() * frame;
            } else if (r.transition() == VoiceActivityDetector.Transition.SPEECH_END) {
                segs.add(new double[] {start, (r.eventFrame() + 1) * frame});
                start = -1;
            }
        }
        if (start >= 0) {
            segs.add(new double[] {start, frames * frame});
        }
        return segs;
    }

    private static boolean[] mask(List<double[]> segs, int n) {
        boolean[] m = new boolean[n];
        for (double[] s : segs) {
            int a = (int) Math.max(0, Math.round(s[0] * 1000 / GRID_MS));
            int b = (int) Math.min(n, Math.round(s[1] * 1000 / GRID_MS));
            for (int i = a; i < b; i++) {
                m[i] = true;
            }
        }
        return m;
    }

    static List<double[]> merge(List<double[]> segs, double gap) {
        List<double[]> sorted = new ArrayList<>(segs);
        sorted.sort(Comparator.comparingDouble(s -> s[0]));
        List<double[]> out = new ArrayList<>();
        for (double[] s : sorted) {
            if (!out.isEmpty() && s[0] <= out.getLast()[1] + gap) {
                out.getLast()[1] = Math.max(out.getLast()[1], s[1]);
            } else {
                out.add(new double[] {s[0], s[1]});
            }
        }
        return out;
    }

    private static java.util.Optional<Double> nearest(List<double[]> hyp, int side, double t) {
        double best = Double.NaN;
        for (double[] h : hyp) {
            double d = h[side] - t;
            if (Math.abs(d) <= MATCH_WINDOW_S && (Double.isNaN(best) || Math.abs(d) < Math.abs(best))) {
                best = d;
            }
        }
        return Double.isNaN(best) ? java.util.Optional.empty() : java.util.Optional.of(best);
    }

    private static double medianAbs(List<Double> xs) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        double[] a = xs.stream().mapToDouble(Math::abs).sorted().toArray();
        return a[a.length / 2];
    }

    private static double mean(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    public static void main(String[] args) {
        List<Clip> train = clips("trn");
        List<Clip> dev = clips("dev");
        if (train.isEmpty() || dev.isEmpty()) {
            System.out.println("SKIPPED: ../shared/data/turn-taking not found");
            return;
        }
        VoiceActivityDetector.Settings d = VoiceActivityDetector.Settings.defaults();
        var before = new VoiceActivityDetector.Settings(10.0, 6.0, -58.0, 0.30, 3, 256, 0.02, 0.25);
        System.out.println("first guess (10/6 dB, zcr 0.3, 256 ms) train: " + evaluate(before, train));
        System.out.println("first guess (10/6 dB, zcr 0.3, 256 ms) dev:   " + evaluate(before, dev));
        System.out.println("defaults            train: " + evaluate(d, train));
        System.out.println("defaults            dev:   " + evaluate(d, dev));
        VoiceActivityDetector.Settings best = d;
        double bestF1 = -1; // selection: mean of the speech and non-speech F1 on the training clips
        for (double onset : new double[] {6, 8, 10, 12, 14}) {
            for (double offset : new double[] {3, 4.5, 6}) {
                for (double minE : new double[] {-65, -58, -50}) {
                    for (int hang : new int[] {192, 256, 352}) {
                        for (double zcr : new double[] {0.25, 0.30, 0.40}) {
                            var s = new VoiceActivityDetector.Settings(
                                    onset,
                                    Math.min(offset, onset),
                                    minE,
                                    zcr,
                                    3,
                                    hang,
                                    d.floorRiseRate(),
                                    d.floorFallRate());
                            Result tr = evaluate(s, train);
                            double f1 = (tr.f1() + tr.nonSpeechF1()) / 2;
                            if (f1 > bestF1) {
                                bestF1 = f1;
                                best = s;
                            }
                        }
                    }
                }
            }
        }
        System.out.println("best on train: " + best);
        System.out.println("tuned               train: " + evaluate(best, train));
        System.out.println("tuned               dev:   " + evaluate(best, dev));
        System.out.println(
                "turn level (gaps < 0.8 s merged in reference and detection, i.e. the end-of-turn silence):");
        System.out.println("defaults            dev:   " + evaluate(d, dev, 0.8, 0.8));
        System.out.println("tuned               dev:   " + evaluate(best, dev, 0.8, 0.8));
        // Always-speech baseline: what F1 costs nothing.
        var always = new VoiceActivityDetector.Settings(-200, -200, -200, 1.0, 1, 100000, 0, 0);
        System.out.println("always-speech       dev:   " + evaluate(always, dev));
    }
}

package io.mnemos.speech.support;

import io.mnemos.speech.audio.Pcm;
import io.mnemos.speech.audio.Wav;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The shared evaluation data ({@code ../shared/data/speech} and {@code ../shared/data/turn-taking}, read in place,
 * never copied): recordings with reference transcripts.
 */
public final class SpeechData {
    private SpeechData() {}

    /** A recording and what is said in it. */
    public record Utterance(String id, Path file, String reference) {
        public short[] audio() {
            try {
                if (file.toString().endsWith(".raw")) {
                    return Pcm.toSamples(Files.readAllBytes(file));
                }
                if (file.toString().endsWith(".flac")) {
                    return decodeWithSox(file);
                }
                return Wav.read(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** {@code ../shared/data} seen from the module or the repository root, or null. */
    public static Path root() {
        for (String p : new String[] {"../../shared/data", "../shared/data", "../../../shared/data"}) {
            Path d = Path.of(p).toAbsolutePath().normalize();
            if (Files.isDirectory(d.resolve("speech"))) {
                return d;
            }
        }
        String env = System.getenv("MNEMOS_SHARED_DATA");
        return env != null && Files.isDirectory(Path.of(env)) ? Path.of(env) : null;
    }

    /** The 5 LibriVox utterances of the pocketsphinx test set (16 kHz WAV, 24.7 s). */
    public static List<Utterance> librivox() {
        Path root = root();
        List<Utterance> out = new ArrayList<>();
        if (root == null) {
            return out;
        }
        Path dir = root.resolve("speech/pocketsphinx/librivox");
        try {
            for (String line : Files.readAllLines(dir.resolve("transcription"))) {
                int open = line.lastIndexOf('(');
                if (open < 0) {
                    continue;
                }
                String id = line.substring(open + 1, line.lastIndexOf(')')).strip();
                String text = line.substring(0, open)
                        .replace("<s>", "")
                        .replace("</s>", "")
                        .strip();
                out.add(new Utterance(id, dir.resolve(id + ".wav"), text));
            }
        } catch (IOException e) {
            return List.of();
        }
        return out;
    }

    /** Further recordings with transcripts: CMU samples, the Sphinx4 digits, LibriSpeech (FLAC, needs sox). */
    public static List<Utterance> others() {
        Path root = root();
        List<Utterance> out = new ArrayList<>();
        if (root == null) {
            return out;
        }
        Path misc = root.resolve("speech/pocketsphinx/misc");
        add(out, "goforward", misc.resolve("goforward.raw"), "go forward ten meters");
        add(out, "input_2_16k", misc.resolve("input_2_16k.wav"), "feels like these days go on forever");
        add(
                out,
                "sphinx4-digits",
                root.resolve("speech/sphinx4/10001-90210-01803.wav"),
                "one zero zero zero one nine oh two one oh zero one eight zero three");
        if (soxAvailable()) {
            Path ls = root.resolve("speech/librispeech/LibriSpeech/test-clean/1089");
            try (var files = Files.walk(ls)) {
                for (Path t : files.filter(f -> f.toString().endsWith(".trans.txt"))
                        .sorted()
                        .toList()) {
                    for (String line : Files.readAllLines(t)) {
                        int sp = line.indexOf(' ');
                        if (sp > 0) {
                            String id = line.substring(0, sp);
                            add(
                                    out,
                                    id,
                                    t.getParent().resolve(id + ".flac"),
                                    line.substring(sp + 1).toLowerCase(Locale.ROOT));
                        }
                    }
                }
            } catch (IOException e) {
                // no LibriSpeech
            }
        }
        return out;
    }

    private static void add(List<Utterance> out, String id, Path file, String ref) {
        if (Files.isRegularFile(file)) {
            out.add(new Utterance(id, file, ref));
        }
    }

    /** Whether {@code sox} is on the PATH (for FLAC). */
    public static boolean soxAvailable() {
        try {
            Process p = new ProcessBuilder("sox", "--version")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static short[] decodeWithSox(Path flac) throws IOException {
        Process p = new ProcessBuilder(
                        "sox",
                        flac.toString(),
                        "-t",
                        "raw",
                        "-r",
                        "16000",
                        "-c",
                        "1",
                        "-b",
                        "16",
                        "-e",
                        "signed-integer",
                        "-L",
                        "-")
                .start();
        byte[] raw = p.getInputStream().readAllBytes();
        try {
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Pcm.toSamples(raw, 0, raw.length & ~1);
    }
}

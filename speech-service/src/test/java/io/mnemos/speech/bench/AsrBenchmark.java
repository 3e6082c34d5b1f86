package io.mnemos.speech.bench;

import io.mnemos.speech.asr.PocketSphinxTranscriber;
import io.mnemos.speech.asr.Transcript;
import io.mnemos.speech.audio.Pcm;
import io.mnemos.speech.support.SpeechData;
import io.mnemos.speech.support.Wer;
import io.mnemos.speech.tts.FreeTtsSynthesizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * WER and real-time factor of pocketsphinx (through the FFM binding) on the shared recordings and on the FreeTTS →
 * pocketsphinx round trip, and how many concurrent streams stay faster than real time.
 *
 * <pre>
 * ./mvnw -q -pl speech-service test-compile exec:exec -Dbench.main=io.mnemos.speech.bench.AsrBenchmark [-Dbench.args="--streams 1,2,4,6"]
 * </pre>
 */
public final class AsrBenchmark {
    /** Sentences for the round trip (plain conversational English, as an agent would say it). */
    static final List<String> ROUND_TRIP = List.of(
            "The weather today is sunny with a light breeze from the west.",
            "Your meeting with the design team has been moved to three o'clock.",
            "I found two restaurants near the station that are open late.",
            "Please remember to take your umbrella because it will rain tomorrow.",
            "The train to Boston leaves at half past seven in the morning.",
            "She bought a new bicycle and rides it to work every day.",
            "Can you tell me more about the project you mentioned yesterday?",
            "The library is closed on Sundays but opens early on Monday.",
            "We should book the hotel before the prices go up next week.",
            "My favourite color is green and I like to drink tea in the afternoon.");

    public static void main(String[] args) throws Exception {
        String streams = "1,2,3,4";
        String sections = "recorded,roundtrip,streams";
        String variants = null;
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--streams")) {
                streams = args[i + 1];
            } else if (args[i].equals("--sections")) {
                sections = args[i + 1];
            } else if (args[i].equals("--variants")) {
                variants = args[i + 1];
            }
        }
        if (!PocketSphinxTranscriber.isInstalled() || SpeechData.root() == null) {
            System.out.println("SKIPPED: pocketsphinx or ../shared/data missing");
            return;
        }
        Path model = Path.of("/usr/share/pocketsphinx/model/en-us");
        List<SpeechData.Utterance> recorded = new ArrayList<>(SpeechData.librivox());
        recorded.addAll(SpeechData.others());
        System.out.printf("load average at start: %.1f (2 cores)%n", loadAverage());
        if (variants != null) {
            // Search-pruning sweep on the live configuration: ";"-separated variants of extra pocketsphinx arguments
            // (separated by "," or spaces), "base" = none. Example: --variants "base;-pl_window,5;-topn,2"
            for (String v : variants.split(";")) {
                List<String> a = new ArrayList<>(PocketSphinxTranscriber.defaultArgs(model, true));
                if (!v.isBlank() && !v.strip().equals("base")) {
                    a.addAll(List.of(v.strip().split("[,\\s]+")));
                }
                try (PocketSphinxTranscriber asr =
                        new PocketSphinxTranscriber(new PocketSphinxTranscriber.Settings(a, 4, 2, 160))) {
                    asr.warmUp();
                    System.out.println("\n## Recorded speech, live + [" + v.strip() + "]");
                    report(asr, recorded);
                }
            }
            return;
        }
        for (boolean live : sections.contains("recorded") ? new boolean[] {true, false} : new boolean[0]) {
            String cfg = live ? "live (-fwdflat no -bestpath no)" : "full (fwdtree+fwdflat+bestpath)";
            try (PocketSphinxTranscriber asr = new PocketSphinxTranscriber(new PocketSphinxTranscriber.Settings(
                    PocketSphinxTranscriber.defaultArgs(model, live), 4, 2, 160))) {
                asr.warmUp();
                System.out.println("\n## Recorded speech, " + cfg);
                report(asr, recorded);
            }
        }
        try (PocketSphinxTranscriber asr = new PocketSphinxTranscriber(new PocketSphinxTranscriber.Settings(
                        PocketSphinxTranscriber.defaultArgs(model, true), 4, 2, 160));
                FreeTtsSynthesizer tts = new FreeTtsSynthesizer(1)) {
            asr.warmUp();
            tts.warmUp();
            if (sections.contains("roundtrip")) {
                roundTrip(asr, tts);
            }
            if (sections.contains("streams")) {
                System.out.println(
                        "\n## Concurrent streams (live config, 2 recognition threads, fed as fast as possible)");
                List<short[]> clips = recorded.stream()
                        .limit(5)
                        .map(SpeechData.Utterance::audio)
                        .toList();
                for (String n : streams.split(",")) {
                    concurrency(model, Integer.parseInt(n.strip()), clips);
                }
            }
        }
    }

    private static void roundTrip(PocketSphinxTranscriber asr, FreeTtsSynthesizer tts) {
        {
            System.out.println("\n## Round trip FreeTTS (kevin16) -> pocketsphinx (live)");
            List<SpeechData.Utterance> synth = new ArrayList<>();
            long ttsNanos = 0;
            long ttsAudio = 0;
            List<short[]> audio = new ArrayList<>();
            for (String s : ROUND_TRIP) {
                long t0 = System.nanoTime();
                short[] pcm = tts.synthesize(s);
                ttsNanos += System.nanoTime() - t0;
                ttsAudio += pcm.length;
                audio.add(pcm);
                synth.add(new SpeechData.Utterance("tts-" + synth.size(), null, s));
            }
            System.out.printf(
                    "FreeTTS: %d sentences, %.1f s audio, %.0f ms/sentence, TTS RTF %.3f%n",
                    ROUND_TRIP.size(),
                    ttsAudio / 16000.0,
                    ttsNanos / 1e6 / ROUND_TRIP.size(),
                    ttsNanos / 1e9 / (ttsAudio / 16000.0));
            reportAudio(asr, synth, audio);
        }
    }

    private static void report(PocketSphinxTranscriber asr, List<SpeechData.Utterance> utts) {
        List<short[]> audio = utts.stream().map(SpeechData.Utterance::audio).toList();
        reportAudio(asr, utts, audio);
    }

    private static void reportAudio(PocketSphinxTranscriber asr, List<SpeechData.Utterance> utts, List<short[]> audio) {
        int errors = 0;
        int words = 0;
        long audioSamples = 0;
        long wall = 0;
        long cpu = 0;
        System.out.println("| clip | s | WER | hypothesis |");
        System.out.println("|---|---|---|---|");
        for (int i = 0; i < utts.size(); i++) {
            SpeechData.Utterance u = utts.get(i);
            short[] pcm = audio.get(i);
            long t0 = System.nanoTime();
            Transcript t = asr.transcribe(pcm);
            wall += System.nanoTime() - t0;
            cpu += t.cpuNanos();
            audioSamples += pcm.length;
            int e = Wer.errors(u.reference(), t.text());
            errors += e;
            words += Wer.words(u.reference()).size();
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %.1f | %.2f | %s |%n",
                    u.id(),
                    pcm.length / 16000.0,
                    (double) e / Wer.words(u.reference()).size(),
                    t.text());
        }
        double secs = audioSamples / 16000.0;
        System.out.printf(
                Locale.ROOT,
                "TOTAL: %d clips, %.1f s audio, WER %.3f (%d/%d), RTF wall %.2f, RTF cpu %.2f, load %.1f%n",
                utts.size(),
                secs,
                (double) errors / words,
                errors,
                words,
                wall / 1e9 / secs,
                cpu / 1e9 / secs,
                loadAverage());
    }

    private static void concurrency(Path model, int n, List<short[]> clips) throws Exception {
        try (PocketSphinxTranscriber asr = new PocketSphinxTranscriber(
                new PocketSphinxTranscriber.Settings(PocketSphinxTranscriber.defaultArgs(model, true), n, 2, 160))) {
            asr.warmUp(n);
            short[] all = Pcm.concat(clips.toArray(short[][]::new));
            ExecutorService pool = Executors.newFixedThreadPool(n);
            long t0 = System.nanoTime();
            List<CompletableFuture<long[]>> done = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                done.add(CompletableFuture.supplyAsync(
                        () -> {
                            long s0 = System.nanoTime();
                            Transcript t = asr.transcribe(all);
                            return new long[] {System.nanoTime() - s0, t.cpuNanos()};
                        },
                        pool));
            }
            long worst = 0;
            long cpu = 0;
            for (CompletableFuture<long[]> f : done) {
                long[] r = f.get();
                worst = Math.max(worst, r[0]);
                cpu += r[1];
            }
            pool.shutdown();
            double secs = all.length / 16000.0;
            System.out.printf(
                    Locale.ROOT,
                    "streams %d: %.1f s audio each, slowest stream wall RTF %.2f (wall %.1f s), CPU per stream RTF %.2f,"
                            + " decoders %d, load %.1f%n",
                    n,
                    secs,
                    worst / 1e9 / secs,
                    (System.nanoTime() - t0) / 1e9,
                    cpu / 1e9 / n / secs,
                    asr.decoders(),
                    loadAverage());
        }
    }

    static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}

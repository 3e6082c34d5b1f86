package io.mnemos.speech.bench;

import io.mnemos.contracts.identity.Identity;
import io.mnemos.contracts.identity.InternalToken;
import io.mnemos.devstack.JdbcSettings;
import io.mnemos.speech.SpeechApplication;
import io.mnemos.speech.audio.Pcm;
import io.mnemos.speech.support.EchoAgentClient;
import io.mnemos.speech.support.RealtimeClient;
import io.mnemos.speech.support.RealtimeClient.Received;
import io.mnemos.speech.support.SpeechData;
import io.mnemos.speech.tts.FreeTtsSynthesizer;
import io.mnemos.testsupport.TestInfra;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The duplex session through the real WebSocket, on the real engines, with the in-process {@link EchoAgentClient}
 * (TEST/BENCHMARK ONLY) instead of the orchestrator:
 *
 * <ul>
 *   <li>{@code latency}: end of user speech (from the LibriVox {@code .lab} speech boundaries) → first agent audio
 *       byte at the client, split into the end-of-turn wait and what comes after it;
 *   <li>{@code bargein}: real interruptions (recorded speech over the agent) — confirmation time and the audio that
 *       still arrives after it;
 *   <li>{@code false}: backchannels (FreeTTS "yeah", "uh huh", …) and noise bursts over the agent — how many stop it;
 *   <li>{@code sessions}: N simultaneous sessions streaming speech in real time — recognition lag per session.
 * </ul>
 *
 * <pre>
 * ./mvnw -q -pl speech-service test-compile exec:exec -Dbench.main=io.mnemos.speech.bench.DuplexBenchmark \
 *     -Dbench.jvm="-Xmx768m -XX:+UseSerialGC" -Dbench.args="latency bargein false sessions"
 * </pre>
 *
 * Arguments with {@code =} set service properties, e.g. {@code mnemos.speech.barge-in.min-speech=600ms}.
 */
public final class DuplexBenchmark {
    static final String SECRET = "duplex-benchmark-secret-0123456789abcdef";
    static final String LONG_ANSWER = "Let me tell you a longer story, so there is plenty of time to listen."
            + " Once upon a time there was a small village by the sea, where the fishermen went out every morning."
            + " They came back in the evening with baskets full of fish, and the whole village ate together."
            + " One day a storm came, and the boats had to stay in the harbour for a whole week."
            + " The children played on the beach, and the old people told stories by the fire every night."
            + " When the storm was over, the sea was calm again, and everybody went back to work.";

    /** TEST/BENCHMARK ONLY agent (a test configuration: never picked up by the service's component scan in tests). */
    @TestConfiguration
    static class BenchAgent {
        @Bean
        @Primary
        EchoAgentClient benchEchoAgent() {
            return new EchoAgentClient(
                    t -> t.startsWith("story") || t.contains("long")
                            ? LONG_ANSWER
                            : "You said: " + t + ". " + LONG_ANSWER,
                    5);
        }
    }

    private final int port;
    private final String token;

    DuplexBenchmark(int port) {
        this.port = port;
        this.token = InternalToken.sign(
                Identity.of("bench", "bench-user", "speech", "memory:write"),
                InternalToken.secret(SECRET),
                Instant.now().plusSeconds(7200));
    }

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (Throwable t) {
            t.printStackTrace();
        } finally {
            System.exit(0); // the in-process Kafka broker's threads would keep the JVM alive
        }
    }

    private static void run(String[] args) throws Exception {
        if (SpeechData.librivox().isEmpty()) {
            System.out.println("SKIPPED: ../shared/data/speech not found");
            return;
        }
        List<String> modes = new ArrayList<>();
        for (String a : args) {
            if (a.contains("=")) { // extra service settings, e.g. mnemos.speech.barge-in.min-speech=600ms
                System.setProperty(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            } else {
                modes.add(a);
            }
        }
        if (modes.isEmpty()) {
            modes = List.of("latency", "bargein", "false", "sessions");
        }
        JdbcSettings db = TestInfra.jdbc();
        String schema = TestInfra.freshSchema("speech_bench");
        // System properties: they win over application.yml (builder "properties" would be mere defaults).
        String[] props = {
            "server.port=0",
            "spring.datasource.url=" + db.url(),
            "spring.datasource.username=" + db.user(),
            "spring.datasource.password=" + (db.password() == null ? "" : db.password()),
            "spring.datasource.hikari.schema=" + schema,
            "spring.flyway.schemas=" + schema,
            "spring.flyway.default-schema=" + schema,
            "spring.kafka.bootstrap-servers=" + TestInfra.kafkaBootstrap(),
            "mnemos.security.internal-secret=" + SECRET,
            "mnemos.speech.session.max-sessions=16",
            "mnemos.speech.asr.max-decoders=8",
            "logging.level.root=WARN"
        };
        for (String p : props) {
            int eq = p.indexOf('=');
            System.setProperty(p.substring(0, eq), p.substring(eq + 1));
        }
        ConfigurableApplicationContext ctx =
                new SpringApplicationBuilder(SpeechApplication.class, BenchAgent.class).run();
        try {
            int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
            DuplexBenchmark b = new DuplexBenchmark(port);
            Thread.sleep(8000); // engines warm up in the background
            System.out.printf(Locale.ROOT, "load average at start: %.1f (2 cores)%n", AsrBenchmark.loadAverage());
            for (String m : modes) {
                switch (m) {
                    case "latency" -> b.latency();
                    case "bargein" -> b.bargeIn();
                    case "false" -> b.falseBargeIns();
                    case "sessions" -> b.sessions(new int[] {1, 2, 3, 4});
                    default -> System.out.println("unknown mode " + m);
                }
            }
        } finally {
            ctx.close();
        }
    }

    private RealtimeClient connect() {
        RealtimeClient c = RealtimeClient.connect(
                URI.create("ws://127.0.0.1:" + port + "/v1/speech/sessions/" + UUID.randomUUID() + "?audio=binary"),
                InternalToken.HEADER,
                token);
        c.await("session.created", Duration.ofSeconds(20));
        return c;
    }

    /** Speech end (seconds) of a LibriVox clip from its .lab file. */
    static double speechEnd(SpeechData.Utterance u) throws Exception {
        Path lab = u.file().resolveSibling(u.id() + ".lab");
        double end = u.audio().length / 16000.0;
        if (Files.exists(lab)) {
            for (String line : Files.readAllLines(lab)) {
                String[] f = line.split("\\s+");
                if (f.length >= 3 && f[2].equals("silence")) {
                    end = Double.parseDouble(f[0]);
                }
            }
        }
        return end;
    }

    void latency() throws Exception {
        System.out.println("\n## Latency: end of user speech -> first agent audio byte (WebSocket, echo agent)");
        List<Double> total = new ArrayList<>();
        List<Double> wait = new ArrayList<>();
        List<Double> after = new ArrayList<>();
        List<Double> server = new ArrayList<>();
        List<Double> asrFinal = new ArrayList<>();
        List<Double> firstSegment = new ArrayList<>();
        List<Double> beyondAsr = new ArrayList<>();
        for (int rep = 0; rep < 2; rep++) {
            for (SpeechData.Utterance u : SpeechData.librivox()) {
                try (RealtimeClient c = connect()) {
                    c.startMic(20, true);
                    short[] clip = u.audio();
                    double end = speechEnd(u);
                    CompletableFuture<Long>[] said = c.say(clip);
                    Received firstAudio = c.await("binary", Duration.ofSeconds(120));
                    Received stopped = c.await("input_audio_buffer.speech_stopped", Duration.ofSeconds(1));
                    long endNanos = said[0].get() + (long) (end * 1e9);
                    c.sendJson(java.util.Map.of("type", "response.cancel")); // no need to hear the whole answer
                    Received done = c.await("response.done", Duration.ofSeconds(120));
                    total.add((firstAudio.nanos() - endNanos) / 1e6);
                    wait.add((stopped.nanos() - endNanos) / 1e6);
                    after.add((firstAudio.nanos() - stopped.nanos()) / 1e6);
                    double firstAudioMs = done.json()
                            .at("/response/mnemos/turn_end_to_first_audio_ms")
                            .asDouble();
                    double finalMs = done.json()
                            .at("/response/mnemos/turn_end_to_final_transcript_ms")
                            .asDouble();
                    server.add(firstAudioMs);
                    asrFinal.add(finalMs);
                    firstSegment.add(done.json()
                            .at("/response/mnemos/turn_end_to_first_segment_ms")
                            .asDouble());
                    beyondAsr.add(firstAudioMs - finalMs);
                } catch (AssertionError | RuntimeException e) {
                    System.out.println("  trial failed: " + e.getMessage());
                }
            }
        }
        System.out.println("| measure (ms) | p50 | p95 | n |");
        System.out.println("|---|---|---|---|");
        row("speech end -> first audio byte at client", total);
        row("speech end -> speech_stopped (end-of-turn wait)", wait);
        row("speech_stopped -> first audio byte (beyond the wait)", after);
        row("server: turn end -> first audio sent", server);
        row("server: turn end -> final transcript (recognition backlog)", asrFinal);
        row("server: turn end -> first synthesised segment", firstSegment);
        row("server: final transcript -> first audio sent (agent + segmenter + TTS + send)", beyondAsr);
        System.out.printf(Locale.ROOT, "load average: %.1f%n", AsrBenchmark.loadAverage());
    }

    /** Asks for the long answer and waits until its audio plays (the microphone keeps sending silence). */
    private RealtimeClient startLongAnswer() throws Exception {
        RealtimeClient c = connect();
        c.startMic(20, true);
        c.say(Pcm.concat(Pcm.silence(300), tts().synthesize("Tell me a long story please.")));
        c.await("response.created", Duration.ofSeconds(120));
        c.await("binary", Duration.ofSeconds(60));
        Thread.sleep(1500);
        return c;
    }

    /** One long agent answer; inject clips while it plays. Returns per clip whether it was confirmed. */
    private List<Injection> injectDuringAnswer(List<short[]> clips, boolean stopAfterConfirm) throws Exception {
        List<Injection> out = new ArrayList<>();
        try (RealtimeClient c = startLongAnswer()) {
            for (short[] clip : clips) {
                int before = c.ofType("mnemos.barge_in.confirmed").size();
                int doneBefore = c.ofType("response.done").size();
                CompletableFuture<Long>[] said = c.say(clip);
                long endOfClip = said[1].get(30, TimeUnit.SECONDS);
                // give the candidate time to resolve (end-of-turn silence + recognition)
                while (System.nanoTime() < endOfClip + 1_500_000_000L) {
                    Thread.sleep(20);
                }
                List<Received> confs = c.ofType("mnemos.barge_in.confirmed");
                boolean confirmed = confs.size() > before;
                boolean answerOver = c.ofType("response.done").size() > doneBefore;
                String words =
                        confirmed ? confs.getLast().json().path("transcript").asString() : "";
                out.add(new Injection(confirmed, answerOver, said[0].get(), words));
                if ((confirmed && stopAfterConfirm) || answerOver) {
                    break;
                }
            }
        }
        return out;
    }

    record Injection(boolean confirmed, boolean answerOver, long onsetNanos, String transcript) {}

    private static FreeTtsSynthesizer tts;

    private static synchronized FreeTtsSynthesizer tts() {
        if (tts == null) {
            tts = new FreeTtsSynthesizer(1);
        }
        return tts;
    }

    void bargeIn() throws Exception {
        System.out.println("\n## Barge-in: recorded speech over the agent's answer");
        List<Double> onsetToConfirm = new ArrayList<>();
        List<Double> confirmToLastAudio = new ArrayList<>();
        List<Long> bytesAfter = new ArrayList<>();
        int trials = 0;
        int confirmed = 0;
        for (SpeechData.Utterance u : SpeechData.librivox()) {
            trials++;
            try (RealtimeClient c = startLongAnswer()) {
                CompletableFuture<Long>[] said = c.say(u.audio());
                long onset = said[0].get(30, TimeUnit.SECONDS) + 250_000_000L; // the clips start with ~0.25 s silence
                Received conf;
                try {
                    conf = c.await("mnemos.barge_in.confirmed", Duration.ofSeconds(30));
                } catch (AssertionError e) {
                    System.out.println("  missed barge-in on " + u.id());
                    continue;
                }
                confirmed++;
                said[1].get(60, TimeUnit.SECONDS);
                Thread.sleep(500);
                onsetToConfirm.add((conf.nanos() - onset) / 1e6);
                long confirmedAtMs = conf.json().path("confirmed_at_epoch_ms").asLong();
                // Client and server share this JVM: convert nanoTime stamps to epoch milliseconds.
                double offsetMs = System.currentTimeMillis() - System.nanoTime() / 1e6;
                int idx = c.received.indexOf(conf);
                long lastAudio = 0;
                long after = 0;
                for (int i = 0; i < c.received.size(); i++) {
                    Received r = c.received.get(i);
                    if (r.type().equals("response.created") && i > idx) {
                        break;
                    }
                    if (r.binary() != null) {
                        lastAudio = r.nanos();
                        if (i > idx) {
                            after += r.binary().length;
                        }
                    }
                }
                // Audio stops when the last audio byte and the stop signal (the confirmation event, on which the
                // client flushes its ≤ lead of buffered audio) have both arrived.
                double stoppedAtMs = Math.max(lastAudio, conf.nanos()) / 1e6 + offsetMs;
                confirmToLastAudio.add(Math.max(0, stoppedAtMs - confirmedAtMs));
                bytesAfter.add(after);
            }
        }
        System.out.printf(Locale.ROOT, "confirmed %d of %d real interruptions%n", confirmed, trials);
        System.out.println("| measure | p50 | p95 | n |");
        System.out.println("|---|---|---|---|");
        row("speech onset -> barge-in confirmed (ms)", onsetToConfirm);
        row("confirmed -> audio stopped at client (last byte and stop event arrived) (ms)", confirmToLastAudio);
        row(
                "agent audio bytes after the confirmation",
                bytesAfter.stream().map(Long::doubleValue).toList());
    }

    void falseBargeIns() throws Exception {
        System.out.println("\n## False barge-ins: backchannels and noise over the agent's answer");
        FreeTtsSynthesizer t = tts();
        List<String> words = List.of(
                "Yeah.",
                "Uh huh.",
                "Okay.",
                "Mm hmm.",
                "Right.",
                "Yeah, right.",
                "Okay, okay.",
                "Yes.",
                "Sure.",
                "I see.",
                "Oh, okay.",
                "Yep.",
                "Alright.",
                "Uh huh, yeah.",
                "Mhm.",
                "Oh really?",
                "Cool.",
                "Got it.",
                "Exactly.",
                "Yeah, yeah.");
        List<String> labels = new ArrayList<>();
        List<short[]> backchannels = new ArrayList<>();
        for (String w : words) {
            backchannels.add(t.synthesize(w));
            labels.add(w);
        }
        Random r = new Random(7);
        List<short[]> noises = new ArrayList<>();
        List<String> noiseLabels = new ArrayList<>();
        for (int level : new int[] {300, 1000, 3000, 8000}) {
            for (int ms : new int[] {300, 700}) {
                short[] n = new short[Pcm.samples(ms)];
                for (int i = 0; i < n.length; i++) {
                    n[i] = clip(level * r.nextGaussian());
                }
                noises.add(n);
                noiseLabels.add("white " + ms + " ms rms " + level);
            }
        }
        short[] brown = new short[Pcm.samples(800)];
        double acc = 0;
        for (int i = 0; i < brown.length; i++) {
            acc = 0.98 * acc + 400 * r.nextGaussian();
            brown[i] = clip(acc);
        }
        noises.add(brown);
        noiseLabels.add("brown noise 800 ms");
        short[] cough = new short[Pcm.samples(350)];
        for (int i = 0; i < cough.length; i++) {
            double env = Math.exp(-i / (0.08 * 16000)) * Math.min(1, i / 160.0);
            cough[i] = clip(12000 * env * r.nextGaussian());
        }
        noises.add(cough);
        noiseLabels.add("cough-like burst 350 ms");
        short[] beep = new short[Pcm.samples(400)];
        for (int i = 0; i < beep.length; i++) {
            beep[i] = (short) (6000 * Math.sin(2 * Math.PI * 1000 * i / 16000.0));
        }
        noises.add(beep);
        noiseLabels.add("1 kHz beep 400 ms");
        short[] clicks = new short[Pcm.samples(800)];
        for (int i = 0; i < clicks.length; i += Pcm.samples(90)) {
            for (int k = 0; k < 40 && i + k < clicks.length; k++) {
                clicks[i + k] = (short) (20000 * (k % 2 == 0 ? 1 : -1) * Math.exp(-k / 8.0));
            }
        }
        noises.add(clicks);
        noiseLabels.add("click train 800 ms");
        int[] bc = count(backchannels, labels);
        int[] nz = count(noises, noiseLabels);
        System.out.println("| clips | played over the agent | stopped the agent (false barge-ins) |");
        System.out.println("|---|---|---|");
        System.out.printf(
                Locale.ROOT, "| backchannels (FreeTTS): %s | %d | %d |%n", String.join(" ", words), bc[0], bc[1]);
        System.out.printf(Locale.ROOT, "| noise: %s | %d | %d |%n", String.join(", ", noiseLabels), nz[0], nz[1]);
        System.out.printf(
                Locale.ROOT,
                "false barge-in rate: %.1f%% (%d/%d)%n",
                100.0 * (bc[1] + nz[1]) / Math.max(1, bc[0] + nz[0]),
                bc[1] + nz[1],
                bc[0] + nz[0]);
    }

    private static short clip(double v) {
        return (short) Math.max(-32768, Math.min(32767, Math.round(v)));
    }

    /** Plays the clips over answers, a new answer whenever one is interrupted or over; returns {played, confirmed}. */
    private int[] count(List<short[]> clips, List<String> labels) throws Exception {
        int played = 0;
        int confirmed = 0;
        int next = 0;
        int retries = 0;
        while (next < clips.size()) {
            List<Injection> res = injectDuringAnswer(clips.subList(next, clips.size()), true);
            for (Injection i : res) {
                if (i.answerOver() && !i.confirmed()) {
                    break; // the answer ended during this clip: it did not play over the agent; retry it
                }
                played++;
                if (i.confirmed()) {
                    confirmed++;
                    System.out.println(
                            "  stopped the agent: " + labels.get(next) + " (heard as \"" + i.transcript() + "\")");
                }
                next++;
            }
            if (res.isEmpty() || ++retries > clips.size() + 3) {
                break;
            }
        }
        return new int[] {played, confirmed};
    }

    void sessions(int[] counts) throws Exception {
        System.out.println("\n## Simultaneous sessions: recorded speech streamed in real time on each");
        System.out.println(
                "| sessions | transcript lag after turn end p50 / max (ms) | first audio after turn end p50 / max"
                        + " (ms) | turns answered | load |");
        System.out.println("|---|---|---|---|---|");
        List<SpeechData.Utterance> utts = SpeechData.librivox();
        for (int n : counts) {
            List<CompletableFuture<double[]>> runs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                SpeechData.Utterance u = utts.get(i % utts.size());
                runs.add(CompletableFuture.supplyAsync(() -> {
                    try (RealtimeClient c = connect()) {
                        c.startMic(20, true);
                        c.say(Pcm.concat(Pcm.silence(300), u.audio()));
                        Received stopped = c.await("input_audio_buffer.speech_stopped", Duration.ofSeconds(120));
                        Received done = c.await(
                                "conversation.item.input_audio_transcription.completed", Duration.ofSeconds(120));
                        Received first = c.await("binary", Duration.ofSeconds(120));
                        return new double[] {
                            (done.nanos() - stopped.nanos()) / 1e6, (first.nanos() - stopped.nanos()) / 1e6
                        };
                    } catch (Exception | AssertionError e) {
                        return null;
                    }
                }));
            }
            List<Double> lag = new ArrayList<>();
            List<Double> first = new ArrayList<>();
            for (CompletableFuture<double[]> f : runs) {
                double[] v = f.get(300, TimeUnit.SECONDS);
                if (v != null) {
                    lag.add(v[0]);
                    first.add(v[1]);
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "| %d | %.0f / %.0f | %.0f / %.0f | %d/%d | %.1f |%n",
                    n,
                    pct(lag, 50),
                    lag.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN),
                    pct(first, 50),
                    first.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN),
                    lag.size(),
                    n,
                    AsrBenchmark.loadAverage());
        }
    }

    private static void row(String name, List<Double> xs) {
        System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %d |%n", name, pct(xs, 50), pct(xs, 95), xs.size());
    }

    static double pct(List<Double> xs, int p) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int i = (int) Math.ceil(p / 100.0 * a.length) - 1;
        return a[Math.max(0, Math.min(a.length - 1, i))];
    }
}

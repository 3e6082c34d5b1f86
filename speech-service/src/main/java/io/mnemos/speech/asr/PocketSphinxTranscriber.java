package io.mnemos.speech.asr;

import io.mnemos.speech.asr.internal.PocketSphinxDecoder;
import io.mnemos.speech.asr.internal.PocketSphinxLibrary;
import io.mnemos.speech.asr.internal.SerialExecutor;
import io.mnemos.speech.audio.Pcm;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streaming recognition with the system's pocketsphinx (Debian {@code libpocketsphinx3}, CMU en-US models), called
 * in-process through the FFM API.
 *
 * <p>Native decoders are pooled (model-as-a-server): a stream borrows one when its first audio is recognised and
 * returns it when the utterance ends, so any idle decoder serves any session. Recognition runs on a small pool of
 * platform threads (native calls would pin a virtual thread's carrier anyway); each stream's work is serialised on it.
 * Partial hypotheses are read every {@code partialEveryMs} of audio.
 */
public final class PocketSphinxTranscriber implements Transcriber {
    private static final Logger log = LoggerFactory.getLogger(PocketSphinxTranscriber.class);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /**
     * Settings.
     *
     * @param args           pocketsphinx command-line arguments (model paths, search options)
     * @param maxDecoders    most native decoders alive at once (each holds the models: tens of MB)
     * @param threads        recognition worker threads
     * @param partialEveryMs read a partial hypothesis after this much new audio
     */
    public record Settings(List<String> args, int maxDecoders, int threads, int partialEveryMs) {
        public Settings {
            args = List.copyOf(args);
            if (maxDecoders < 1 || threads < 1 || partialEveryMs < 10) {
                throw new IllegalArgumentException("maxDecoders, threads ≥ 1 and partialEveryMs ≥ 10 required");
            }
        }

        /** Debian's en-US models with the search tuned for live use (first pass only: {@code -fwdflat no -bestpath no}). */
        public static Settings defaults() {
            return new Settings(defaultArgs(Path.of("/usr/share/pocketsphinx/model/en-us"), true), 4, 2, 160);
        }
    }

    /**
     * Arguments for the en-US model directory of {@code pocketsphinx-en-us}; {@code live} skips the second passes and
     * prunes the search harder, to keep up with live audio on a small CPU.
     */
    public static List<String> defaultArgs(Path modelDir, boolean live) {
        List<String> a = new ArrayList<>(List.of(
                "-hmm", modelDir.resolve("en-us").toString(),
                "-lm", modelDir.resolve("en-us.lm.bin").toString(),
                "-dict", modelDir.resolve("cmudict-en-us.dict").toString(),
                "-logfn", "/dev/null"));
        if (live) {
            a.addAll(List.of("-fwdflat", "no", "-bestpath", "no"));
            // Tighter beam pruning: in the same run it halved recognition CPU (RTF 0.29 -> 0.16) at an unchanged WER
            // on the recorded clips (docs/benchmarks/speech.md, "Search pruning").
            a.addAll(List.of("-maxhmmpf", "3000", "-maxwpf", "10"));
        }
        return a;
    }

    /** Whether the library and the default model files are present on this machine. */
    public static boolean isInstalled() {
        return PocketSphinxLibrary.isAvailable()
                && Files.isRegularFile(Path.of("/usr/share/pocketsphinx/model/en-us/en-us.lm.bin"));
    }

    private final Settings settings;
    private final ExecutorService workers;
    private final LinkedBlockingDeque<PocketSphinxDecoder> idle = new LinkedBlockingDeque<>();
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicInteger streams = new AtomicInteger();
    private volatile boolean closed;

    public PocketSphinxTranscriber(Settings settings) {
        this.settings = settings;
        PocketSphinxLibrary.get(); // fail fast with an actionable message
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(settings.threads(), r -> {
            Thread t = new Thread(r, "asr-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Loads one decoder now, so the first utterance does not pay for model loading. */
    public PocketSphinxTranscriber warmUp() {
        release(borrow());
        return this;
    }

    /** Loads decoders until {@code n} exist (or the maximum), e.g. before a load test. */
    public PocketSphinxTranscriber warmUp(int n) {
        List<PocketSphinxDecoder> held = new ArrayList<>();
        while (created.get() < Math.min(n, settings.maxDecoders())) {
            held.add(borrow());
        }
        held.forEach(this::release);
        return this;
    }

    /** Native decoders created so far. */
    public int decoders() {
        return created.get();
    }

    /** Streams currently open. */
    public int openStreams() {
        return streams.get();
    }

    @Override
    public TranscriptionStream open(Consumer<Transcript> partials) {
        if (closed) {
            throw new IllegalStateException("transcriber closed");
        }
        return new Stream(partials);
    }

    private PocketSphinxDecoder borrow() {
        PocketSphinxDecoder d = idle.pollFirst();
        if (d != null) {
            return d;
        }
        if (created.incrementAndGet() <= settings.maxDecoders()) {
            try {
                long t0 = System.nanoTime();
                PocketSphinxDecoder fresh = new PocketSphinxDecoder(settings.args());
                log.info(
                        "pocketsphinx decoder {} loaded in {} ms", created.get(), (System.nanoTime() - t0) / 1_000_000);
                return fresh;
            } catch (RuntimeException e) {
                created.decrementAndGet();
                throw e;
            }
        }
        created.decrementAndGet();
        try {
            d = idle.pollFirst(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (d == null) {
            throw new IllegalStateException("all " + settings.maxDecoders() + " pocketsphinx decoders busy");
        }
        return d;
    }

    private void release(PocketSphinxDecoder d) {
        if (closed) {
            d.close();
        } else {
            idle.addFirst(d);
        }
    }

    @Override
    public void close() {
        closed = true;
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        PocketSphinxDecoder d;
        while ((d = idle.poll()) != null) {
            d.close();
        }
    }

    private final class Stream implements TranscriptionStream {
        private final SerialExecutor serial = new SerialExecutor(workers);
        private final Consumer<Transcript> partials;
        private final CompletableFuture<Transcript> result = new CompletableFuture<>();
        // Only touched on the serial executor:
        private PocketSphinxDecoder decoder;
        private long samples;
        private long samplesAtLastPartial;
        private long cpuNanos;
        private String lastPartial = "";
        private boolean failed;
        // Touched by the caller:
        private boolean ended;
        private final java.util.concurrent.atomic.AtomicBoolean counted =
                new java.util.concurrent.atomic.AtomicBoolean(true);
        private volatile Transcript latest = new Transcript("", false, 0, 0);

        Stream(Consumer<Transcript> partials) {
            this.partials = partials;
            streams.incrementAndGet();
        }

        @Override
        public void accept(short[] pcm) {
            if (ended || pcm.length == 0) {
                return;
            }
            serial.execute(() -> recognise(pcm));
        }

        private void recognise(short[] pcm) {
            if (failed || result.isDone()) {
                return;
            }
            long c0 = THREADS.getCurrentThreadCpuTime();
            try {
                if (decoder == null) {
                    decoder = borrow();
                    decoder.startUtterance();
                }
                decoder.process(pcm, 0, pcm.length);
                samples += pcm.length;
                if (samples - samplesAtLastPartial >= (long) settings.partialEveryMs() * Pcm.SAMPLES_PER_MS) {
                    samplesAtLastPartial = samples;
                    String hyp = decoder.hypothesis();
                    if (!hyp.equals(lastPartial)) {
                        lastPartial = hyp;
                        cpuNanos += THREADS.getCurrentThreadCpuTime() - c0;
                        c0 = THREADS.getCurrentThreadCpuTime();
                        Transcript t = new Transcript(hyp, false, Pcm.millis(samples), cpuNanos);
                        latest = t;
                        partials.accept(t);
                    }
                }
            } catch (RuntimeException e) {
                failed = true;
                discardDecoder();
                result.completeExceptionally(e);
            } finally {
                cpuNanos += THREADS.getCurrentThreadCpuTime() - c0;
            }
        }

        @Override
        public synchronized CompletableFuture<Transcript> finish() {
            if (!ended) {
                ended = true;
                serial.execute(this::end);
            }
            return result;
        }

        private void end() {
            if (result.isDone()) {
                uncount();
                return;
            }
            long c0 = THREADS.getCurrentThreadCpuTime();
            try {
                String text = "";
                if (decoder != null) {
                    text = decoder.endUtterance();
                    release(decoder);
                    decoder = null;
                }
                cpuNanos += THREADS.getCurrentThreadCpuTime() - c0;
                uncount(); // before completing, so a caller woken by the result sees the stream closed
                result.complete(new Transcript(text, true, Pcm.millis(samples), cpuNanos));
            } catch (RuntimeException e) {
                discardDecoder();
                uncount();
                result.completeExceptionally(e);
            }
        }

        private void uncount() {
            if (counted.compareAndSet(true, false)) {
                streams.decrementAndGet();
            }
        }

        @Override
        public synchronized void cancel() {
            ended = true;
            serial.execute(() -> {
                if (decoder != null) {
                    try {
                        decoder.reset();
                        release(decoder);
                    } catch (RuntimeException e) {
                        discardDecoder();
                    }
                    decoder = null;
                }
                uncount();
                result.complete(Transcript.empty(Pcm.millis(samples)));
            });
        }

        private void discardDecoder() {
            if (decoder != null) {
                try {
                    decoder.close();
                } catch (RuntimeException ignored) {
                    // already broken
                }
                decoder = null;
                created.decrementAndGet();
            }
        }

        @Override
        public Transcript latest() {
            return latest;
        }
    }
}

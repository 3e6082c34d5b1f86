package io.mnemos.vision.ocr;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import net.sourceforge.tess4j.ITessAPI;
import net.sourceforge.tess4j.ITessAPI.TessBaseAPI;
import net.sourceforge.tess4j.ITessAPI.TessPageIterator;
import net.sourceforge.tess4j.ITessAPI.TessResultIterator;
import net.sourceforge.tess4j.TessAPI;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link TextRecognizer} on the system's Tesseract ({@code libtesseract}, Debian {@code tesseract-ocr}) through tess4j's
 * JNA binding.
 *
 * <p><b>Concurrency.</b> A Tesseract engine ({@code TessBaseAPI}) is not thread-safe, and starting one (loading the
 * language model) takes about a second. So this class keeps a fixed pool of worker threads, each owning one engine for
 * its whole life (thread confinement: no engine is ever touched by two threads). Callers put a job on a bounded queue
 * and wait for its result; a full queue makes them wait up to {@code queueTimeout}, then {@link
 * OcrUnavailableException} with a retry hint. Each worker limits its OpenMP team to one thread
 * ({@code omp_set_num_threads(1)}): parallelism comes from the workers, and OpenMP's spinning threads only steal CPU
 * from each other on a small machine.
 *
 * <p><b>Availability.</b> If the library cannot be loaded or {@code <tessdata>/<lang>.traineddata} is missing, the
 * recognizer reports {@link OcrStatus#UNAVAILABLE} with installation instructions, and every request fails with {@link
 * OcrUnavailableException}; the rest of the service keeps working.
 */
public final class TesseractTextRecognizer implements TextRecognizer, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TesseractTextRecognizer.class);

    /** How to install what is missing, for messages. */
    public static final String INSTALL_HINT = "Install Tesseract and its English data (Debian/Ubuntu: apt-get install"
            + " tesseract-ocr tesseract-ocr-eng) and point mnemos.vision.tessdata at the folder holding"
            + " eng.traineddata (Debian 12: /usr/share/tesseract-ocr/5/tessdata)";

    private static final int RIL_TEXTLINE = ITessAPI.TessPageIteratorLevel.RIL_TEXTLINE;
    private static final Job STOP = new Job(null, null);

    /**
     * @param tessdata     folder holding {@code <language>.traineddata}
     * @param language     Tesseract language code(s), e.g. {@code eng} or {@code eng+deu}
     * @param workers      engines (and threads) in the pool
     * @param queueSize    jobs that may wait for a worker
     * @param queueTimeout how long a caller waits for room in the queue before giving up
     * @param timeout      how long a caller waits for its result once queued (queue wait plus recognition)
     * @param dpi          resolution reported to Tesseract; 0 lets Tesseract estimate it from the text size
     * @param autoRotate   whether full pages are first checked for orientation (Tesseract's OSD, PSM 1), so that
     *                     pages turned by 90°, 180° or 270° are read; needs {@code osd.traineddata} in {@code tessdata}
     *                     (ignored without it)
     */
    public record Settings(
            Path tessdata,
            String language,
            int workers,
            int queueSize,
            Duration queueTimeout,
            Duration timeout,
            int dpi,
            boolean autoRotate) {
        public Settings {
            Objects.requireNonNull(tessdata, "tessdata");
            Objects.requireNonNull(language, "language");
            Objects.requireNonNull(queueTimeout, "queueTimeout");
            Objects.requireNonNull(timeout, "timeout");
            if (workers < 1 || queueSize < 1) {
                throw new IllegalArgumentException("workers and queueSize must be at least 1");
            }
        }
    }

    private final Settings settings;
    private final BlockingQueue<Job> queue;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger ready = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private volatile @Nullable String unavailable;
    private volatile String engine = "tesseract";
    private volatile @Nullable TessAPI api;
    private volatile boolean closed;
    private final boolean osd;

    /** Checks the installation and starts the workers (engines load in the background). */
    public TesseractTextRecognizer(Settings settings) {
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.queueSize());
        this.osd = settings.autoRotate() && Files.isReadable(settings.tessdata().resolve("osd.traineddata"));
        if (settings.autoRotate() && !osd) {
            log.info("No osd.traineddata in {}: pages are not checked for orientation", settings.tessdata());
        }
        this.unavailable = checkInstallation();
        if (unavailable != null) {
            log.warn("OCR is unavailable: {}", unavailable);
            return;
        }
        for (int i = 0; i < settings.workers(); i++) {
            Thread t = Thread.ofPlatform().name("tesseract-" + i).daemon(true).unstarted(this::work);
            threads.add(t);
            t.start();
        }
    }

    private @Nullable String checkInstallation() {
        for (String lang : settings.language().split("\\+")) {
            Path model = settings.tessdata().resolve(lang + ".traineddata");
            if (!Files.isReadable(model)) {
                return "Tesseract language data " + model + " is missing. " + INSTALL_HINT + ".";
            }
        }
        try {
            TessAPI loaded = TessAPI.INSTANCE;
            engine = "tesseract " + loaded.TessVersion();
            api = loaded;
            return null;
        } catch (Throwable e) { // UnsatisfiedLinkError, NoClassDefFoundError, ExceptionInInitializerError
            return "The Tesseract library (libtesseract) cannot be loaded ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "). " + INSTALL_HINT + ".";
        }
    }

    @Override
    public OcrStatus status() {
        List<String> languages = Arrays.asList(settings.language().split("\\+"));
        String reason = unavailable;
        if (reason != null) {
            return new OcrStatus(OcrStatus.UNAVAILABLE, engine, reason, languages);
        }
        int up = ready.get();
        if (up == 0 && failed.get() == settings.workers()) {
            return new OcrStatus(
                    OcrStatus.UNAVAILABLE,
                    engine,
                    "No Tesseract engine could be started with data from " + settings.tessdata() + ". " + INSTALL_HINT
                            + ".",
                    languages);
        }
        if (up == 0) {
            return new OcrStatus(OcrStatus.STARTING, engine, "Loading the language model.", languages);
        }
        return new OcrStatus(
                OcrStatus.READY,
                engine,
                up + " of " + settings.workers() + " engines ready, data from " + settings.tessdata() + ".",
                languages);
    }

    @Override
    public OcrResult recognize(OcrRequest request) {
        OcrStatus status = status();
        if (!status.usable() || closed) {
            throw new OcrUnavailableException(status.detail(), null);
        }
        Job job = new Job(request, new CompletableFuture<>());
        try {
            if (!queue.offer(job, settings.queueTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                throw busy();
            }
            return job.result().get(settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OcrUnavailableException("Interrupted while waiting for OCR.", Duration.ofSeconds(1));
        } catch (TimeoutException e) {
            job.result().cancel(false);
            throw new OcrUnavailableException(
                    "OCR did not finish within " + settings.timeout().toSeconds() + " s. Retry later, or send a"
                            + " smaller image.",
                    settings.queueTimeout());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("OCR failed", e.getCause());
        }
    }

    private OcrUnavailableException busy() {
        return new OcrUnavailableException(
                "All " + settings.workers() + " OCR engines stayed busy for "
                        + settings.queueTimeout().toSeconds() + " s. Retry later.",
                settings.queueTimeout());
    }

    // ---- workers -------------------------------------------------------------------------------------------------

    private record Job(@Nullable OcrRequest request, @Nullable CompletableFuture<OcrResult> result) {}

    private void work() {
        TessAPI tess = Objects.requireNonNull(api);
        limitOpenMpThreads();
        TessBaseAPI handle = tess.TessBaseAPICreate();
        try {
            int rc = tess.TessBaseAPIInit3(handle, settings.tessdata().toString(), settings.language());
            if (rc != 0) {
                log.warn(
                        "Tesseract could not start with language '{}' and data {} (code {})",
                        settings.language(),
                        settings.tessdata(),
                        rc);
                if (failed.incrementAndGet() == settings.workers()) {
                    failPending("No Tesseract engine could be started. " + INSTALL_HINT + ".");
                }
                return;
            }
            // Tesseract prints diagnostics ("Estimating resolution as …") to stderr unless told otherwise.
            tess.TessBaseAPISetVariable(handle, "debug_file", "/dev/null");
            ready.incrementAndGet();
            ByteBuffer buffer = ByteBuffer.allocateDirect(0);
            while (!closed) {
                Job job = queue.take();
                if (job == STOP) {
                    break;
                }
                OcrRequest request = Objects.requireNonNull(job.request());
                CompletableFuture<OcrResult> result = Objects.requireNonNull(job.result());
                if (result.isDone()) {
                    continue; // the caller gave up
                }
                try {
                    BufferedImage grey = request.grey();
                    int need = grey.getWidth() * grey.getHeight();
                    if (buffer.capacity() < need) {
                        buffer = ByteBuffer.allocateDirect(need);
                    }
                    result.complete(run(tess, handle, request, buffer));
                } catch (RuntimeException | Error e) {
                    result.completeExceptionally(e);
                } finally {
                    tess.TessBaseAPIClear(handle);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            tess.TessBaseAPIEnd(handle);
            tess.TessBaseAPIDelete(handle);
        }
    }

    private OcrResult run(TessAPI tess, TessBaseAPI handle, OcrRequest request, ByteBuffer buffer) {
        BufferedImage grey = request.grey();
        int w = grey.getWidth();
        int h = grey.getHeight();
        PageLayout layout = request.layout().resolve(w, h);
        byte[] pixels = ((DataBufferByte) grey.getRaster().getDataBuffer()).getData();
        buffer.clear();
        buffer.put(pixels, 0, w * h).flip();

        tess.TessBaseAPISetPageSegMode(handle, psm(layout, osd));
        tess.TessBaseAPISetImage(handle, buffer, w, h, 1, w);
        if (settings.dpi() > 0) {
            tess.TessBaseAPISetSourceResolution(handle, settings.dpi());
        }
        if (tess.TessBaseAPIRecognize(handle, null) != 0) {
            throw new IllegalStateException("Tesseract failed to recognise the image");
        }
        String text = utf8(tess, tess.TessBaseAPIGetUTF8Text(handle));
        double mean = Math.max(0, tess.TessBaseAPIMeanTextConf(handle)) / 100.0;
        List<OcrLine> lines = new ArrayList<>();
        TessResultIterator ri = tess.TessBaseAPIGetIterator(handle);
        if (ri != null) {
            try {
                TessPageIterator pi = tess.TessResultIteratorGetPageIterator(ri);
                IntBuffer left = IntBuffer.allocate(1);
                IntBuffer top = IntBuffer.allocate(1);
                IntBuffer right = IntBuffer.allocate(1);
                IntBuffer bottom = IntBuffer.allocate(1);
                do {
                    String line = utf8(tess, tess.TessResultIteratorGetUTF8Text(ri, RIL_TEXTLINE))
                            .strip();
                    if (line.isEmpty()) {
                        continue;
                    }
                    float confidence = tess.TessResultIteratorConfidence(ri, RIL_TEXTLINE);
                    left.clear();
                    top.clear();
                    right.clear();
                    bottom.clear();
                    tess.TessPageIteratorBoundingBox(pi, RIL_TEXTLINE, left, top, right, bottom);
                    Box box = new Box(left.get(0), top.get(0), right.get(0) - left.get(0), bottom.get(0) - top.get(0));
                    lines.add(new OcrLine(line, box, Math.max(0, Math.min(100, confidence)) / 100.0));
                } while (tess.TessPageIteratorNext(pi, RIL_TEXTLINE) == ITessAPI.TRUE);
            } finally {
                tess.TessResultIteratorDelete(ri);
            }
        }
        String clean = text.strip();
        return new OcrResult(clean, lines, clean.isEmpty() ? 0 : mean, layout, engine);
    }

    /** Tesseract's page segmentation mode for a layout. */
    static int psm(PageLayout layout, boolean osd) {
        return switch (layout) {
            case SINGLE_LINE -> ITessAPI.TessPageSegMode.PSM_SINGLE_LINE;
            case SINGLE_BLOCK -> ITessAPI.TessPageSegMode.PSM_SINGLE_BLOCK;
            case FULL_PAGE, AUTO -> osd ? ITessAPI.TessPageSegMode.PSM_AUTO_OSD : ITessAPI.TessPageSegMode.PSM_AUTO;
        };
    }

    private static String utf8(TessAPI tess, @Nullable Pointer p) {
        if (p == null) {
            return "";
        }
        try {
            return p.getString(0, StandardCharsets.UTF_8.name());
        } finally {
            tess.TessDeleteText(p);
        }
    }

    /** One OpenMP thread for the engine on this thread; a no-op where libtesseract is built without OpenMP. */
    private static void limitOpenMpThreads() {
        try {
            Function f = NativeLibrary.getInstance("gomp").getFunction("omp_set_num_threads");
            f.invokeVoid(new Object[] {1});
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            log.debug("OpenMP not found; Tesseract threads left as they are", e);
        }
    }

    private void failPending(String why) {
        List<Job> pending = new ArrayList<>();
        queue.drainTo(pending);
        for (Job j : pending) {
            if (j.result() != null) {
                j.result().completeExceptionally(new OcrUnavailableException(why, null));
            }
        }
    }

    /** Stops the workers and frees their engines; queued jobs fail. */
    @Override
    public void close() {
        closed = true;
        failPending("OCR is shutting down.");
        for (int i = 0; i < threads.size(); i++) {
            queue.offer(STOP);
        }
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

package io.mnemos.vision.bench;

import io.mnemos.vision.TestImages;
import io.mnemos.vision.hash.ContentHash;
import io.mnemos.vision.hash.GridSignature;
import io.mnemos.vision.hash.PerceptualHash;
import io.mnemos.vision.image.ImageDecoder;
import io.mnemos.vision.image.NormalizedImage;
import io.mnemos.vision.images.ReusePolicy;
import io.mnemos.vision.ocr.OcrRequest;
import io.mnemos.vision.ocr.OcrResult;
import io.mnemos.vision.ocr.OcrStatus;
import io.mnemos.vision.ocr.PageLayout;
import io.mnemos.vision.ocr.TesseractTextRecognizer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The vision benchmark: OCR quality (CER, WER) on the shared OCR data, latency per image-size bucket, throughput, hash
 * robustness, and what reuse saves on a batch with repeats. Runs the service's own pipeline (decoder, hashes,
 * {@link TesseractTextRecognizer}, {@link ReusePolicy}) without HTTP or database, so the numbers are the engine's.
 *
 * <p>Run: {@code ./mvnw -q -pl vision-service test-compile exec:exec@bench}. Needs Tesseract ({@code apt-get install
 * tesseract-ocr tesseract-ocr-eng}) and {@code ../shared/data/ocr}. Prints a Markdown report and writes it to {@code
 * vision-service/target/vision-benchmark.md}.
 */
public final class VisionBenchmark {
    private static final Path TESSDATA = Path.of(System.getProperty("tessdata", "/usr/share/tesseract-ocr/5/tessdata"));

    private final ImageDecoder decoder = new ImageDecoder(50_000_000, 40_000_000, 1024);
    private final StringBuilder report = new StringBuilder();
    private final Path data;

    private VisionBenchmark(Path data) {
        this.data = data;
    }

    public static void main(String[] args) throws Exception {
        Path data = args.length > 0
                ? Path.of(args[0])
                : TestImages.sharedData()
                        .orElseThrow(() -> new IllegalStateException(
                                "../shared/data not found beside the repository; pass the data folder as argument"));
        new VisionBenchmark(data).run();
    }

    /** One labelled image. */
    record Sample(String name, byte[] bytes, String truth, String set) {}

    /** One measured OCR. */
    record Measured(Sample sample, long pixels, double millis, int charErrors, int chars, int wordErrors, int words) {}

    private void run() throws Exception {
        line("# Vision benchmark (generated)");
        line("");
        line("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + ", load average at start "
                + String.format(Locale.ROOT, "%.1f", loadAverage()) + ".");
        List<Sample> lines = uw3Lines();
        List<Sample> pages = tesseractPages();
        try (TesseractTextRecognizer one = recognizer(1)) {
            awaitReady(one);
            line("Engine: " + one.status().engine() + ", data " + TESSDATA + ".");
            line("");
            List<Measured> lineRuns = ocr(one, lines, PageLayout.AUTO);
            List<Measured> lineRunsPage = ocr(one, lines, PageLayout.FULL_PAGE);
            List<Measured> pageRuns = ocr(one, pages, PageLayout.AUTO);
            accuracy(lineRuns, lineRunsPage, pageRuns);
            latency(concat(lineRuns, pageRuns));
        }
        try (TesseractTextRecognizer two = recognizer(2)) {
            awaitReady(two);
            throughput(two, lines, pages);
        }
        hashRobustness(concat(lines, pages));
        try (TesseractTextRecognizer two = recognizer(2)) {
            awaitReady(two);
            reuse(two, lines, pages);
        }
        Path out = Path.of("target/vision-benchmark.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString(), StandardCharsets.UTF_8);
        System.out.println("\nWritten to " + out.toAbsolutePath());
    }

    // ---- data ----------------------------------------------------------------------------------------------------

    private List<Sample> uw3Lines() throws IOException {
        Path dir = data.resolve("ocr/uw3-lines/train");
        List<Sample> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p :
                    s.filter(f -> f.toString().endsWith(".bin.png")).sorted().toList()) {
                String truth =
                        Files.readString(Path.of(p.toString().replace(".bin.png", ".gt.txt")), StandardCharsets.UTF_8);
                out.add(new Sample(p.getFileName().toString(), Files.readAllBytes(p), truth, "uw3-line"));
            }
        }
        return out;
    }

    private List<Sample> tesseractPages() throws IOException {
        Path dir = data.resolve("ocr/tesseract-pages");
        String[][] pages = {
            {"phototest.tif", "phototest.txt"},
            {"eurotext.tif", "eurotext.txt"},
            {"8071_093.3B.tif", "8071_093.3B.txt"},
            {"8087_054.3B.tif", "8087_054.3B.txt"},
            {"phototestrot.tif", "phototest.txt"},
            {"phototest-rotated-180.png", "phototest.txt"},
            {"phototest-rotated-L.png", "phototest.txt"},
            {"phototest-rotated-R.png", "phototest.txt"}
        };
        List<Sample> out = new ArrayList<>();
        for (String[] p : pages) {
            Path image = dir.resolve(p[0]);
            if (Files.exists(image)) {
                out.add(new Sample(
                        p[0],
                        Files.readAllBytes(image),
                        Files.readString(dir.resolve(p[1]), StandardCharsets.UTF_8),
                        "page"));
            }
        }
        return out;
    }

    // ---- OCR quality and latency ---------------------------------------------------------------------------------

    private TesseractTextRecognizer recognizer(int workers) {
        return new TesseractTextRecognizer(new TesseractTextRecognizer.Settings(
                TESSDATA, "eng", workers, 64, Duration.ofMinutes(5), Duration.ofMinutes(10), 0, true));
    }

    private static void awaitReady(TesseractTextRecognizer r) throws InterruptedException {
        for (int i = 0; i < 600 && OcrStatus.STARTING.equals(r.status().state()); i++) {
            Thread.sleep(100);
        }
        if (!OcrStatus.READY.equals(r.status().state())) {
            throw new IllegalStateException(
                    "Tesseract is not usable: " + r.status().detail());
        }
    }

    private List<Measured> ocr(TesseractTextRecognizer r, List<Sample> samples, PageLayout layout) {
        List<Measured> out = new ArrayList<>();
        for (Sample s : samples) {
            long start = System.nanoTime();
            NormalizedImage img = decoder.decode(s.bytes());
            PerceptualHash.of(img.grey());
            GridSignature.of(img.grey());
            OcrResult res = r.recognize(new OcrRequest(img.grey(), layout));
            double ms = (System.nanoTime() - start) / 1e6;
            out.add(new Measured(
                    s,
                    (long) img.width() * img.height(),
                    ms,
                    TextMetrics.charErrors(s.truth(), res.text()),
                    TextMetrics.charCount(s.truth()),
                    TextMetrics.wordErrors(s.truth(), res.text()),
                    TextMetrics.wordCount(s.truth())));
        }
        return out;
    }

    private void accuracy(List<Measured> lines, List<Measured> linesAsPage, List<Measured> pages) {
        line("## OCR quality");
        line("");
        line("CER/WER = edit distance / reference length, after collapsing whitespace (case and punctuation count).");
        line("");
        line("| set | images | layout | CER | WER |");
        line("|---|---:|---|---:|---:|");
        line(row("UW3 text lines (train)", lines, "auto → line (PSM 7)"));
        line(row("UW3 text lines (train)", linesAsPage, "forced page (PSM 1)"));
        List<Measured> upright =
                pages.stream().filter(m -> !turned(m.sample().name())).toList();
        line(row("Tesseract test pages, upright", upright, "auto → page (PSM 1)"));
        List<Measured> rotated =
                pages.stream().filter(m -> turned(m.sample().name())).toList();
        if (!rotated.isEmpty()) {
            line(row("phototest turned 90°/180°/270° (4 files)", rotated, "auto → page (PSM 1, OSD)"));
        }
        line("");
        line("| page | pixels | CER | WER | seconds |");
        line("|---|---:|---:|---:|---:|");
        for (Measured m : pages) {
            line(String.format(
                    Locale.ROOT,
                    "| %s | %.2f MP | %.4f | %.4f | %.2f |",
                    m.sample().name(),
                    m.pixels() / 1e6,
                    (double) m.charErrors() / Math.max(1, m.chars()),
                    (double) m.wordErrors() / Math.max(1, m.words()),
                    m.millis() / 1000));
        }
        line("");
    }

    /** The phototest copies turned by 90°, 180° or 270°. */
    private static boolean turned(String name) {
        return name.startsWith("phototestrot") || name.startsWith("phototest-rotated");
    }

    private static String row(String set, List<Measured> runs, String layout) {
        long ce = runs.stream().mapToLong(Measured::charErrors).sum();
        long c = runs.stream().mapToLong(Measured::chars).sum();
        long we = runs.stream().mapToLong(Measured::wordErrors).sum();
        long w = runs.stream().mapToLong(Measured::words).sum();
        return String.format(
                Locale.ROOT,
                "| %s | %d | %s | %.4f | %.4f |",
                set,
                runs.size(),
                layout,
                (double) ce / Math.max(1, c),
                (double) we / Math.max(1, w));
    }

    private void latency(List<Measured> runs) {
        line("## Latency per image (one engine, sequential)");
        line("");
        line("Decode + normalise + hashes + OCR, per image, by size bucket.");
        line("");
        line("| bucket | images | p50 ms | p95 ms | max ms |");
        line("|---|---:|---:|---:|---:|");
        Map<String, List<Double>> buckets = new LinkedHashMap<>();
        buckets.put("< 0.1 MP (text lines)", new ArrayList<>());
        buckets.put("0.1–1 MP (small pages)", new ArrayList<>());
        buckets.put("> 1 MP (300 dpi scans)", new ArrayList<>());
        for (Measured m : runs) {
            String key = m.pixels() < 100_000
                    ? "< 0.1 MP (text lines)"
                    : m.pixels() <= 1_000_000 ? "0.1–1 MP (small pages)" : "> 1 MP (300 dpi scans)";
            buckets.get(key).add(m.millis());
        }
        for (var e : buckets.entrySet()) {
            List<Double> v = e.getValue();
            if (v.isEmpty()) {
                continue;
            }
            Collections.sort(v);
            line(String.format(
                    Locale.ROOT,
                    "| %s | %d | %.0f | %.0f | %.0f |",
                    e.getKey(),
                    v.size(),
                    percentile(v, 0.5),
                    percentile(v, 0.95),
                    v.getLast()));
        }
        line("");
    }

    private void throughput(TesseractTextRecognizer r, List<Sample> lines, List<Sample> pages) throws Exception {
        List<Sample> set = new ArrayList<>(lines);
        pages.stream()
                .filter(p -> p.name().startsWith("phototest") || p.name().startsWith("eurotext"))
                .forEach(set::add);
        line("## Throughput (two engines, two client threads)");
        line("");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            long start = System.nanoTime();
            List<Future<?>> jobs = new ArrayList<>();
            for (Sample s : set) {
                jobs.add(pool.submit(() -> {
                    NormalizedImage img = decoder.decode(s.bytes());
                    PerceptualHash.of(img.grey());
                    r.recognize(img.grey());
                    return null;
                }));
            }
            for (Future<?> f : jobs) {
                f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long linesN = set.stream().filter(s -> s.set().equals("uw3-line")).count();
            line(String.format(
                    Locale.ROOT,
                    "%d images (%d UW3 lines, %d small pages) in %.1f s: **%.2f images/s**.",
                    set.size(),
                    linesN,
                    set.size() - linesN,
                    seconds,
                    set.size() / seconds));
        } finally {
            pool.shutdown();
        }
        line("");
    }

    // ---- hashes --------------------------------------------------------------------------------------------------

    private void hashRobustness(List<Sample> samples) {
        line("## Perceptual hash and grid signature");
        line("");
        List<BufferedImage> greys = new ArrayList<>();
        for (Sample s : samples) {
            greys.add(decoder.decode(s.bytes()).grey());
        }
        int[] transformHist = new int[65];
        double minTransformSim = 1;
        int transforms = 0;
        int transformMatched = 0;
        ReusePolicy policy = new ReusePolicy(6, 0.9, 0.05);
        for (BufferedImage g : greys) {
            long h = PerceptualHash.of(g);
            GridSignature sig = GridSignature.of(g);
            var candidate = new ReusePolicy.Candidate(UUID.randomUUID(), h, g.getWidth(), g.getHeight(), sig, false);
            BufferedImage rgb = TestImages.rgb(g);
            for (double scale : new double[] {0.5, 0.75, 1.3}) {
                for (String fmt : new String[] {"png", "jpeg"}) {
                    BufferedImage scaled = TestImages.scaled(rgb, scale);
                    byte[] enc = fmt.equals("png") ? TestImages.encode(scaled, "png") : TestImages.jpeg(scaled, 0.6f);
                    BufferedImage t = decoder.decode(enc).grey();
                    long th = PerceptualHash.of(t);
                    transformHist[PerceptualHash.distance(h, th)]++;
                    minTransformSim = Math.min(
                            minTransformSim,
                            GridSignature.of(t, sig.cols(), sig.rows()).similarity(sig));
                    transforms++;
                    if (policy.pick(t, th, List.of(candidate)).isPresent()) {
                        transformMatched++;
                    }
                }
            }
        }
        long[] hashes = greys.stream().mapToLong(PerceptualHash::of).toArray();
        List<GridSignature> sigs = greys.stream().map(GridSignature::of).toList();
        int[] distinctHist = new int[65];
        int pairs = 0;
        int pHashOnlyFalse = 0;
        int policyFalse = 0;
        double maxDistinctSim = -1;
        for (int i = 0; i < greys.size(); i++) {
            for (int j = 0; j < greys.size(); j++) {
                if (i == j || sameContent(samples.get(i), samples.get(j))) {
                    continue;
                }
                BufferedImage a = greys.get(i);
                BufferedImage b = greys.get(j);
                long ha = hashes[i];
                long hb = hashes[j];
                int d = PerceptualHash.distance(ha, hb);
                if (i < j) {
                    distinctHist[d]++;
                    pairs++;
                    if (d <= 6) {
                        pHashOnlyFalse++;
                    }
                }
                GridSignature sb = sigs.get(j);
                if (policy.sameAspect(a.getWidth(), a.getHeight(), b.getWidth(), b.getHeight())) {
                    maxDistinctSim = Math.max(
                            maxDistinctSim,
                            GridSignature.of(a, sb.cols(), sb.rows()).similarity(sb));
                }
                var cb = new ReusePolicy.Candidate(UUID.randomUUID(), hb, b.getWidth(), b.getHeight(), sb, false);
                if (policy.pick(a, ha, List.of(cb)).isPresent()) {
                    policyFalse++;
                }
            }
        }
        line(String.format(
                Locale.ROOT,
                "%d images (UW3 lines and Tesseract pages); each resized to 50 %%, 75 %%, 130 %% and saved as PNG and"
                        + " JPEG q0.6 (%d transformed copies); %d pairs of different images (the rotated phototest"
                        + " variants count as different pictures, except phototestrot.tif and"
                        + " phototest-rotated-L.png, which are the same picture).",
                greys.size(),
                transforms,
                pairs));
        line("");
        line("| | Hamming distance of the 64-bit pHash |");
        line("|---|---|");
        line("| transformed copy vs original | " + histogram(transformHist) + " |");
        line("| different images | " + histogram(distinctHist) + " |");
        line("");
        line(String.format(
                Locale.ROOT,
                "Grid signature (≈1024 cells, aspect kept): lowest correlation of a transformed copy with its original"
                        + " **%.3f**; highest between different images with aspect ratios within 5 %% **%.3f**.",
                minTransformSim,
                maxDistinctSim));
        line("");
        line(String.format(
                Locale.ROOT,
                "Reuse policy (pHash ≤ 6, aspect within 5 %%, grid ≥ 0.90): %d of %d transformed copies matched their"
                        + " original (%.1f %%); different-image pairs that pHash ≤ 6 alone would have matched: %d;"
                        + " that the policy matched: **%d**.",
                transformMatched,
                transforms,
                100.0 * transformMatched / transforms,
                pHashOnlyFalse,
                policyFalse));
        line("");
    }

    private static boolean sameContent(Sample a, Sample b) {
        // phototestrot.tif and phototest-rotated-L.png show the same turned page.
        var same = java.util.Set.of("phototestrot.tif", "phototest-rotated-L.png");
        return same.contains(a.name()) && same.contains(b.name());
    }

    // ---- reuse ---------------------------------------------------------------------------------------------------

    /** A stored result in the in-memory stand-in for the image table. */
    record Stored(
            UUID id,
            String source,
            String contentHash,
            long pHash,
            int w,
            int h,
            GridSignature grid,
            String text,
            double ocrMillis) {}

    private void reuse(TesseractTextRecognizer r, List<Sample> lines, List<Sample> pages) throws IOException {
        List<Sample> originals = new ArrayList<>(lines.subList(0, Math.min(20, lines.size())));
        pages.stream()
                .filter(p -> p.name().equals("phototest.tif") || p.name().equals("eurotext.tif"))
                .forEach(originals::add);
        record Upload(Sample source, byte[] bytes, String kind) {}
        List<Upload> batch = new ArrayList<>();
        for (Sample s : originals) {
            batch.add(new Upload(s, s.bytes(), "original"));
            batch.add(new Upload(s, s.bytes(), "exact repeat"));
            BufferedImage rgb = TestImages.rgb(ImageIO.read(new java.io.ByteArrayInputStream(s.bytes())));
            batch.add(new Upload(s, TestImages.jpeg(TestImages.scaled(rgb, 0.75), 0.8f), "resized JPEG repeat"));
        }
        Collections.shuffle(batch, new Random(42));

        // Baseline: every upload runs OCR.
        double baselineMs = 0;
        for (Upload u : batch) {
            long start = System.nanoTime();
            NormalizedImage img = decoder.decode(u.bytes());
            r.recognize(img.grey());
            baselineMs += (System.nanoTime() - start) / 1e6;
        }

        // With reuse: hash, look up, OCR only when nothing matches.
        ReusePolicy policy = new ReusePolicy(6, 0.9, 0.05);
        List<Stored> store = new ArrayList<>();
        double reuseMs = 0;
        double lookupMs = 0;
        int ocrCalls = 0;
        int reused = 0;
        int wrong = 0;
        long charErrors = 0;
        long chars = 0;
        for (Upload u : batch) {
            long start = System.nanoTime();
            NormalizedImage img = decoder.decode(u.bytes());
            String contentHash = ContentHash.sha256(u.bytes());
            long pHash = PerceptualHash.of(img.grey());
            GridSignature grid = GridSignature.of(img.grey());
            long lookupStart = System.nanoTime();
            List<ReusePolicy.Candidate> candidates = store.stream()
                    .filter(s -> s.contentHash().equals(contentHash) || PerceptualHash.distance(s.pHash(), pHash) <= 6)
                    .sorted(Comparator.comparing((Stored s) -> !s.contentHash().equals(contentHash))
                            .thenComparingInt(s -> PerceptualHash.distance(s.pHash(), pHash)))
                    .limit(10)
                    .map(s -> new ReusePolicy.Candidate(
                            s.id(),
                            s.pHash(),
                            s.w(),
                            s.h(),
                            s.grid(),
                            s.contentHash().equals(contentHash)))
                    .toList();
            Optional<ReusePolicy.Match> match = policy.pick(img.grey(), pHash, candidates);
            lookupMs += (System.nanoTime() - lookupStart) / 1e6;
            String text;
            double ocrMs;
            if (match.isPresent()) {
                Stored src = store.stream()
                        .filter(s -> s.id().equals(match.get().id()))
                        .findFirst()
                        .orElseThrow();
                text = src.text();
                ocrMs = src.ocrMillis();
                reused++;
                if (!src.source().equals(u.source().name())) {
                    wrong++;
                }
            } else {
                long o = System.nanoTime();
                text = r.recognize(img.grey()).text();
                ocrMs = (System.nanoTime() - o) / 1e6;
                ocrCalls++;
            }
            store.add(new Stored(
                    UUID.randomUUID(),
                    u.source().name(),
                    contentHash,
                    pHash,
                    img.width(),
                    img.height(),
                    grid,
                    text,
                    ocrMs));
            charErrors += TextMetrics.charErrors(u.source().truth(), text);
            chars += TextMetrics.charCount(u.source().truth());
            reuseMs += (System.nanoTime() - start) / 1e6;
        }
        long exact = batch.stream().filter(u -> u.kind().equals("exact repeat")).count();
        long resized =
                batch.stream().filter(u -> u.kind().startsWith("resized")).count();
        line("## Reuse on a batch with repeats");
        line("");
        line(String.format(
                Locale.ROOT,
                "%d uploads in random order: %d originals (20 UW3 lines, phototest, eurotext), %d byte-identical"
                        + " repeats, %d repeats resized to 75 %% and re-encoded as JPEG q0.8. Same pipeline with an"
                        + " in-memory store standing in for the table.",
                batch.size(),
                originals.size(),
                exact,
                resized));
        line("");
        line("| | OCR calls | total seconds |");
        line("|---|---:|---:|");
        line(String.format(Locale.ROOT, "| without reuse | %d | %.1f |", batch.size(), baselineMs / 1000));
        line(String.format(Locale.ROOT, "| with reuse | %d | %.1f |", ocrCalls, reuseMs / 1000));
        line("");
        line(String.format(
                Locale.ROOT,
                "Calls avoided: **%d of %d** (%d expected: every repeat, or the original when a repeat came first);"
                        + " results reused from a different image: **%d**; time saved **%.1f s (%.0f %%)**; hashing"
                        + " and matching cost %.1f ms per upload; CER of what the batch returned %.4f.",
                reused,
                batch.size(),
                exact + resized,
                wrong,
                (baselineMs - reuseMs) / 1000,
                100 * (baselineMs - reuseMs) / baselineMs,
                lookupMs / batch.size(),
                (double) charErrors / chars));
        line("");
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static double percentile(List<Double> sorted, double p) {
        int idx = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, idx)));
    }

    private static String histogram(int[] h) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < h.length; i++) {
            if (h[i] > 0) {
                sb.append(sb.isEmpty() ? "" : ", ").append(i).append(": ").append(h[i]);
            }
        }
        return sb.toString();
    }

    @SafeVarargs
    private static <T> List<T> concat(List<T>... lists) {
        List<T> out = new ArrayList<>();
        for (List<T> l : lists) {
            out.addAll(l);
        }
        return out;
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private void line(String s) {
        report.append(s).append('\n');
        System.out.println(s);
    }
}

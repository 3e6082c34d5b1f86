package io.mnemos.vision.images;

import io.mnemos.contracts.Ids;
import io.mnemos.contracts.events.ImageProcessed;
import io.mnemos.messaging.outbox.Outbox;
import io.mnemos.vision.VisionProperties;
import io.mnemos.vision.caption.DescribeRequest;
import io.mnemos.vision.caption.Description;
import io.mnemos.vision.caption.DescriptionFailedException;
import io.mnemos.vision.caption.ImageDescriber;
import io.mnemos.vision.hash.ContentHash;
import io.mnemos.vision.hash.GridSignature;
import io.mnemos.vision.hash.PerceptualHash;
import io.mnemos.vision.image.ImageDecoder;
import io.mnemos.vision.image.InvalidImageException;
import io.mnemos.vision.image.NormalizedImage;
import io.mnemos.vision.ocr.OcrRequest;
import io.mnemos.vision.ocr.OcrResult;
import io.mnemos.vision.ocr.OcrUnavailableException;
import io.mnemos.vision.ocr.PageLayout;
import io.mnemos.vision.ocr.TextRecognizer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Processes uploads: validate and normalise → hash → reuse an earlier result for the same picture, or run OCR (and the
 * caption model, when configured) → store the record and publish {@code vision.image.processed}, in one transaction.
 *
 * <p>The slow steps (decoding, OCR, the model call) run outside any database transaction; at most {@code
 * mnemos.vision.max-concurrent} uploads are processed at once (each holds the decoded image in memory), the others
 * wait up to {@code acquire-timeout}. A refused upload stores nothing and publishes nothing.
 */
@Service
public class ImageService {
    private static final Logger log = LoggerFactory.getLogger(ImageService.class);

    /**
     * One upload.
     *
     * @param data     the encoded image
     * @param filename as sent, or null
     * @param question a question for the caption model, or null for a plain caption
     * @param layout   OCR layout, {@link PageLayout#AUTO} to choose from the image's shape
     */
    public record Upload(byte[] data, @Nullable String filename, @Nullable String question, PageLayout layout) {
        public Upload {
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(layout, "layout");
        }
    }

    private final ImageStore store;
    private final Outbox outbox;
    private final TransactionTemplate tx;
    private final ImageDecoder decoder;
    private final TextRecognizer ocr;
    private final @Nullable ImageDescriber describer;
    private final ReusePolicy reuse;
    private final VisionProperties props;
    private final VisionMetrics metrics;
    private final Semaphore slots;

    public ImageService(
            ImageStore store,
            Outbox outbox,
            TransactionTemplate tx,
            ImageDecoder decoder,
            TextRecognizer ocr,
            ObjectProvider<ImageDescriber> describer,
            VisionProperties props,
            VisionMetrics metrics) {
        this.store = store;
        this.outbox = outbox;
        this.tx = tx;
        this.decoder = decoder;
        this.ocr = ocr;
        this.describer = describer.getIfAvailable();
        this.props = props;
        this.metrics = metrics;
        this.reuse = new ReusePolicy(
                props.reuse().maxDistance(),
                props.reuse().minSimilarity(),
                props.reuse().maxAspectDifference());
        this.slots = new Semaphore(props.maxConcurrent(), true);
    }

    /** Processes an upload for a tenant and returns the stored record. */
    public ImageRecord process(String tenant, Upload upload) {
        acquire();
        try {
            return processInSlot(tenant, upload);
        } finally {
            slots.release();
        }
    }

    private ImageRecord processInSlot(String tenant, Upload upload) {
        NormalizedImage image;
        try {
            image = decoder.decode(upload.data());
        } catch (InvalidImageException e) {
            metrics.upload("rejected", e.reason().name().toLowerCase(java.util.Locale.ROOT));
            throw ImageProblems.invalidImage(e, props.maxImageSize(), props.maxPixels());
        }
        String contentHash = ContentHash.sha256(upload.data());
        long pHash = PerceptualHash.of(image.grey());
        GridSignature grid = GridSignature.of(image.grey());

        Optional<ImageRecord> source = findReusable(tenant, image, contentHash, pHash);
        OcrResult text;
        long ocrMillis;
        if (source.isPresent()) {
            text = source.get().ocr();
            ocrMillis = source.get().ocrMillis();
            metrics.ocrAvoided(ocrMillis);
        } else {
            long start = System.nanoTime();
            try {
                text = ocr.recognize(new OcrRequest(image.grey(), upload.layout()));
            } catch (OcrUnavailableException e) {
                metrics.upload("rejected", "ocr-unavailable");
                throw ImageProblems.ocrUnavailable(e);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            metrics.ocrCall(took);
            ocrMillis = took.toMillis();
        }
        CaptionOutcome caption = caption(image, upload.question(), text, source.orElse(null));

        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        ImageRecord record = new ImageRecord(
                Ids.newId(),
                tenant,
                upload.filename(),
                image.format(),
                image.width(),
                image.height(),
                image.byteSize(),
                image.orientation(),
                contentHash,
                pHash,
                grid,
                text,
                ocrMillis,
                caption,
                source.map(ImageRecord::id).orElse(null),
                now);
        tx.executeWithoutResult(status -> {
            store.insert(record);
            outbox.publish(event(record), tenant, record.id().toString());
        });
        metrics.upload(record.reused() ? "reused" : "processed", "none");
        return record;
    }

    private Optional<ImageRecord> findReusable(String tenant, NormalizedImage image, String contentHash, long pHash) {
        if (!props.reuse().enabled()) {
            return Optional.empty();
        }
        List<ReusePolicy.Candidate> candidates = store.candidates(
                tenant,
                contentHash,
                pHash,
                props.reuse().maxDistance(),
                props.reuse().maxCandidates());
        return reuse.pick(image.grey(), pHash, candidates).flatMap(match -> {
            log.debug(
                    "Reusing image {} (distance {}, similarity {})", match.id(), match.distance(), match.similarity());
            return store.find(tenant, match.id());
        });
    }

    private CaptionOutcome caption(
            NormalizedImage image, @Nullable String question, OcrResult text, @Nullable ImageRecord source) {
        if (describer == null) {
            return CaptionOutcome.notConfigured(question);
        }
        if (source != null
                && CaptionOutcome.GENERATED.equals(source.caption().status())
                && Objects.equals(source.caption().question(), question)
                && source.caption().description() != null
                && source.caption().description().provider().equals(describer.provider())
                && source.caption().description().model().equals(describer.model())) {
            long millis =
                    source.caption().millis() == null ? 0 : source.caption().millis();
            metrics.captionAvoided(millis);
            return source.caption();
        }
        long start = System.nanoTime();
        try {
            Description d = describer.describe(new DescribeRequest(image.colour(), question, text.text()));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            metrics.captionCall(CaptionOutcome.GENERATED, took);
            return new CaptionOutcome(CaptionOutcome.GENERATED, d, question, null, took.toMillis());
        } catch (DescriptionFailedException e) {
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            metrics.captionCall(CaptionOutcome.FAILED, took);
            log.warn("Caption failed: {}", e.getMessage(), e.getCause());
            return new CaptionOutcome(
                    CaptionOutcome.FAILED,
                    null,
                    question,
                    e.getMessage() + (e.retriable() ? "; retriable" : ""),
                    took.toMillis());
        }
    }

    static ImageProcessed event(ImageRecord r) {
        String text = r.ocr().text();
        if (text.length() > ImageProcessed.MAX_OCR_TEXT) {
            text = text.substring(0, ImageProcessed.MAX_OCR_TEXT);
        }
        Description d = r.caption().description();
        return new ImageProcessed(
                r.id(),
                r.filename(),
                r.format().id(),
                r.width(),
                r.height(),
                r.contentHash(),
                PerceptualHash.toHex(r.perceptualHash()),
                text,
                Math.max(0, Math.min(1, r.ocr().meanConfidence())),
                r.caption().status(),
                CaptionOutcome.GENERATED.equals(r.caption().status()) && d != null ? d.text() : null,
                r.reusedFrom(),
                r.createdAt());
    }

    /** The tenant's record, or a 404 problem. */
    public ImageRecord get(String tenant, UUID id) {
        return store.find(tenant, id).orElseThrow(() -> ImageProblems.notFound(id));
    }

    /** Deletes the tenant's record, or throws a 404 problem. */
    public void delete(String tenant, UUID id) {
        if (!store.delete(tenant, id)) {
            throw ImageProblems.notFound(id);
        }
    }

    private void acquire() {
        try {
            if (!slots.tryAcquire(props.acquireTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                metrics.upload("rejected", "busy");
                throw ImageProblems.busy(props.acquireTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ImageProblems.busy(Duration.ZERO);
        }
    }
}

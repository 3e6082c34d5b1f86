package io.mnemos.retrieval.collection;

import io.mnemos.contracts.Ids;
import io.mnemos.web.StrictJsonRequestBodies;
import io.mnemos.web.problem.FieldViolation;
import io.mnemos.web.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * NDJSON bulk ingestion as jobs: the request is validated as a whole (one document per line, every bad line reported,
 * nothing accepted if one is bad), stored with the job row, answered with 202 and a job resource, and processed in the
 * background in batches of {@code mnemos.retrieval.bulk.batch-size}. Each batch commits its documents and the job's
 * progress in one transaction, so after a restart a job resumes at the first uncommitted batch (replacing documents is
 * idempotent). A batch that fails is retried document by document; documents that still fail are listed on the job.
 * Jobs run one at a time (embedding already uses every core).
 */
@Service
public class BulkIngestions implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(BulkIngestions.class);

    /** A validated NDJSON line. */
    record Line(int line, DocumentInput document) {}

    private final CollectionService collections;
    private final CollectionStore store;
    private final TransactionTemplate tx;
    private final RetrievalProperties props;
    private final JsonMapper json;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "retrieval-bulk");
        t.setDaemon(true);
        return t;
    });

    public BulkIngestions(
            CollectionService collections, CollectionStore store, TransactionTemplate tx, RetrievalProperties props) {
        this.collections = collections;
        this.store = store;
        this.tx = tx;
        this.props = props;
        this.json = StrictJsonRequestBodies.strictScalars(JsonMapper.builder())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    /** Validates the NDJSON body, stores the job and schedules it. */
    public CollectionStore.Job submit(String tenant, String collection, byte[] body) {
        Collection c = collections.require(tenant, collection);
        List<Line> lines = parse(body);
        UUID id = Ids.newId();
        store.createJob(id, tenant, c.id(), lines.size(), body);
        log.info(
                "bulk job {} queued: {} documents for tenant {} collection '{}'", id, lines.size(), tenant, collection);
        schedule(id);
        return store.findJob(id).orElseThrow();
    }

    public CollectionStore.Job get(String tenant, String collection, UUID jobId) {
        Collection c = collections.require(tenant, collection);
        return store.findJob(tenant, c.id(), jobId).orElseThrow(() -> RetrievalProblems.jobNotFound(collection, jobId));
    }

    /** Resumes the jobs a previous run left unfinished. */
    @EventListener(ApplicationReadyEvent.class)
    public void resume() {
        List<UUID> unfinished = store.unfinishedJobs();
        if (!unfinished.isEmpty()) {
            log.info("resuming {} unfinished bulk ingestion jobs", unfinished.size());
            unfinished.forEach(this::schedule);
        }
    }

    private void schedule(UUID id) {
        try {
            worker.execute(() -> {
                try {
                    run(id);
                } catch (RuntimeException e) {
                    log.error("bulk job {} stopped; it resumes at its last committed batch after a restart", id, e);
                }
            });
        } catch (RejectedExecutionException e) {
            log.warn("bulk job {} not scheduled (shutting down); it resumes after a restart", id);
        }
    }

    List<Line> parse(byte[] body) {
        RetrievalProperties.Limits limits = props.limits();
        String text = new String(body, StandardCharsets.UTF_8);
        List<Line> lines = new ArrayList<>();
        List<FieldViolation> errors = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        String[] raw = text.split("\r?\n", -1);
        for (int i = 0; i < raw.length; i++) {
            String l = raw[i].strip();
            if (l.isEmpty()) {
                continue;
            }
            String where = "line " + (i + 1);
            DocumentInput d;
            try {
                d = json.readValue(l, DocumentInput.class);
            } catch (JacksonException e) {
                errors.add(new FieldViolation(where, "is not a JSON document object: " + e.getOriginalMessage()));
                continue;
            }
            if (d == null) {
                errors.add(new FieldViolation(where, "must be a JSON object"));
                continue;
            }
            Inputs.document(d, where, limits, errors);
            if (d.id() != null) {
                Integer before = seen.putIfAbsent(d.id(), i + 1);
                if (before != null) {
                    errors.add(new FieldViolation(
                            where + ".id", "repeats the id of line " + before + "; send each document once"));
                }
            }
            lines.add(new Line(i + 1, d));
            if (lines.size() > limits.maxBulkDocuments()) {
                throw RetrievalProblems.documentTooLarge(
                        "The bulk request", raw.length, limits.maxBulkDocuments(), "documents");
            }
        }
        if (!errors.isEmpty()) {
            throw RetrievalProblems.invalid(errors.size() > 100 ? errors.subList(0, 100) : errors);
        }
        if (lines.isEmpty()) {
            throw RetrievalProblems.invalid(
                    "body", "must hold at least one document: one JSON object per line, {\"id\", \"text\", ...}");
        }
        return lines;
    }

    private void run(UUID id) {
        CollectionStore.Job job = store.findJob(id).orElse(null);
        if (job == null || job.status().equals("completed") || job.status().equals("failed")) {
            return;
        }
        byte[] payload = store.jobPayload(id).orElse(null);
        Collection c = store.find(job.tenant(), job.collection()).orElse(null);
        if (payload == null || c == null || !c.id().equals(job.collectionId())) {
            store.finishJob(id, "failed");
            return;
        }
        List<Line> lines = parse(payload);
        store.startJob(id);
        int batchSize = props.bulk().batchSize();
        int maxErrors = props.bulk().maxReportedErrors();
        long start = System.nanoTime();
        int done = job.nextIndex();
        int startedAt = done;
        long chunks = job.chunks();
        int failed = job.failed();
        log.info(
                "bulk job {} started: tenant {} collection '{}', {} documents ({} already done)",
                id,
                job.tenant(),
                job.collection(),
                lines.size(),
                done);
        while (done < lines.size()) {
            int end = Math.min(lines.size(), done + batchSize);
            List<Line> batch = lines.subList(done, end);
            int from = done;
            int next = end;
            try {
                CollectionService.Ingested r = collections.ingest(
                        job.tenant(),
                        c,
                        batch.stream().map(l -> toNew(l.document())).toList(),
                        "bulk",
                        ingested ->
                                store.advanceJob(id, next, batch.size(), 0, ingested.chunks(), List.of(), maxErrors));
                chunks += r.chunks();
            } catch (ProblemException e) {
                if (e.getStatusCode().value() == 404) {
                    log.warn("bulk job {} stopped: collection '{}' was deleted", id, job.collection());
                    return; // the job row went with the collection
                }
                int[] outcome = oneByOne(id, job, c, batch, from, maxErrors);
                chunks += outcome[0];
                failed += outcome[1];
            } catch (RuntimeException e) {
                log.warn(
                        "bulk job {}: batch at line {} failed ({}); retrying its documents one by one",
                        id,
                        batch.getFirst().line(),
                        e.toString());
                int[] outcome = oneByOne(id, job, c, batch, from, maxErrors);
                chunks += outcome[0];
                failed += outcome[1];
            }
            done = end;
            double seconds = (System.nanoTime() - start) / 1e9;
            log.info(
                    "bulk job {}: {}/{} documents ({}%), {} chunks, {} failed, {} documents/s",
                    id,
                    done,
                    lines.size(),
                    done * 100 / lines.size(),
                    chunks,
                    failed,
                    String.format(java.util.Locale.ROOT, "%.1f", (done - startedAt) / Math.max(seconds, 1e-3)));
        }
        store.finishJob(id, "completed");
        log.info("bulk job {} completed: {} documents, {} chunks, {} failed", id, lines.size(), chunks, failed);
    }

    /**
     * Retries a failed batch per document; {@code from} is the batch's first position in the job. Returns {chunks
     * written, documents failed}.
     */
    private int[] oneByOne(UUID id, CollectionStore.Job job, Collection c, List<Line> batch, int from, int maxErrors) {
        int chunks = 0;
        int failed = 0;
        for (int k = 0; k < batch.size(); k++) {
            Line l = batch.get(k);
            int next = from + k + 1;
            try {
                CollectionService.Ingested r = collections.ingest(
                        job.tenant(),
                        c,
                        List.of(toNew(l.document())),
                        "bulk",
                        ingested -> store.advanceJob(id, next, 1, 0, ingested.chunks(), List.of(), maxErrors));
                chunks += r.chunks();
            } catch (RuntimeException e) {
                failed++;
                String message = e instanceof ProblemException p && p.getBody().getDetail() != null
                        ? p.getBody().getDetail()
                        : e.getClass().getSimpleName();
                log.warn(
                        "bulk job {}: document '{}' (line {}) failed: {}",
                        id,
                        l.document().id(),
                        l.line(),
                        message);
                tx.executeWithoutResult(s -> store.advanceJob(
                        id,
                        next,
                        0,
                        1,
                        0,
                        List.of(new CollectionStore.JobError(
                                l.line(), l.document().id(), message)),
                        maxErrors));
            }
        }
        return new int[] {chunks, failed};
    }

    static CollectionService.NewDocument toNew(DocumentInput d) {
        return new CollectionService.NewDocument(d.id(), d.title(), d.text(), d.metadata(), null);
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}

package io.mnemos.memory.conversation;

import io.mnemos.memory.conversation.ConversationStore.IndexRow;
import io.mnemos.model.Embedder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns stored rows into index documents (context window, embeddings) and keeps {@link ConversationIndex} in step with
 * PostgreSQL: after a live turn, after an import, and by a full rebuild of a tenant.
 */
public final class ConversationIndexer {

    private static final Logger log = LoggerFactory.getLogger(ConversationIndexer.class);

    /** Texts embedded per model call during imports and rebuilds. */
    static final int EMBED_BATCH = 256;

    private final ConversationIndex index;
    private final ConversationStore store;
    private final Embedder embedder;
    private final int contextTurns;
    private final TransactionTemplate readOnly;

    public ConversationIndexer(
            ConversationIndex index,
            ConversationStore store,
            Embedder embedder,
            int contextTurns,
            TransactionTemplate readOnly) {
        this.index = Objects.requireNonNull(index);
        this.store = Objects.requireNonNull(store);
        this.embedder = Objects.requireNonNull(embedder);
        this.contextTurns = contextTurns;
        this.readOnly = readOnly;
    }

    public ConversationIndex index() {
        return index;
    }

    public Embedder embedder() {
        return embedder;
    }

    /**
     * Index documents for the turns of one session (ordered by sequence). The context of turn {@code i} is {@code
     * speaker: text} of turns {@code i - w .. i + w}, {@code w = contextTurns}: answers often sit in the reply to a
     * question, and the question holds the words a later search uses; the speakers let a question that names one
     * match what was said to them (+0.008 hybrid recall@10 on LoCoMo, docs/benchmarks/memory.md).
     */
    public static List<TurnDocument> documents(List<IndexRow> session, List<float[]> vectors, int contextTurns) {
        List<TurnDocument> out = new ArrayList<>(session.size());
        for (int i = 0; i < session.size(); i++) {
            IndexRow r = session.get(i);
            StringBuilder ctx = new StringBuilder();
            for (int j = Math.max(0, i - contextTurns); j <= Math.min(session.size() - 1, i + contextTurns); j++) {
                if (!ctx.isEmpty()) {
                    ctx.append('\n');
                }
                ctx.append(session.get(j).speaker())
                        .append(": ")
                        .append(session.get(j).text());
            }
            out.add(new TurnDocument(
                    r.turnId(),
                    r.externalTurnId(),
                    r.sessionId(),
                    r.externalSessionId(),
                    r.userId(),
                    r.sequence(),
                    r.speaker(),
                    r.text(),
                    r.spokenAt(),
                    ctx.toString(),
                    vectors.get(i)));
        }
        return out;
    }

    /** (Re)indexes whole sessions of a tenant from their rows; returns the turns indexed. */
    public long indexSessions(String tenant, List<UUID> sessionIds) {
        // One index call (one NRT refresh) per batch of sessions; embeddings in model batches across sessions.
        List<TurnDocument> docs = new ArrayList<>();
        long n = 0;
        for (int i = 0; i < sessionIds.size(); i++) {
            List<IndexRow> rows = store.sessionTurns(tenant, sessionIds.get(i));
            if (!rows.isEmpty()) {
                docs.addAll(documents(rows, embed(rows), contextTurns));
            }
            if (docs.size() >= 4 * EMBED_BATCH || i == sessionIds.size() - 1) {
                index.index(tenant, docs);
                n += docs.size();
                docs.clear();
                if (sessionIds.size() > 1) {
                    log.info("indexed {} / {} sessions of tenant {} ({} turns)", i + 1, sessionIds.size(), tenant, n);
                }
            }
        }
        return n;
    }

    /**
     * Indexes a turn recorded live, and re-indexes the turns before it whose context now includes it (the context
     * window looks both ways).
     */
    public void indexLiveTurn(String tenant, UUID sessionId, long sequence) {
        List<IndexRow> window = store.turnsUpTo(tenant, sessionId, sequence, contextTurns * 2 + 1);
        if (window.isEmpty()) {
            return;
        }
        // Only the last contextTurns + 1 turns change, and only in their context field: the earlier turns keep the
        // vectors they were indexed with; what the index lacks (normally just the new turn) is embedded.
        Map<UUID, float[]> known = index.vectors(
                tenant,
                window.subList(0, window.size() - 1).stream()
                        .map(IndexRow::turnId)
                        .toList());
        List<IndexRow> missing =
                window.stream().filter(r -> !known.containsKey(r.turnId())).toList();
        Map<UUID, float[]> fresh = new HashMap<>();
        List<float[]> embedded = embed(missing);
        for (int i = 0; i < missing.size(); i++) {
            fresh.put(missing.get(i).turnId(), embedded.get(i));
        }
        List<float[]> vectors = window.stream()
                .map(r -> known.getOrDefault(r.turnId(), fresh.get(r.turnId())))
                .toList();
        List<TurnDocument> docs = documents(window, vectors, contextTurns);
        index.indexLive(tenant, docs.subList(Math.max(0, docs.size() - contextTurns - 1), docs.size()));
    }

    private List<float[]> embed(List<IndexRow> rows) {
        List<float[]> out = new ArrayList<>(rows.size());
        for (int from = 0; from < rows.size(); from += EMBED_BATCH) {
            List<String> texts = rows.subList(from, Math.min(rows.size(), from + EMBED_BATCH)).stream()
                    .map(r -> TurnDocument.embeddingText(r.speaker(), r.text()))
                    .toList();
            out.addAll(embedder.embedAll(texts));
        }
        return out;
    }

    /**
     * Rebuilds a tenant's index from PostgreSQL: deletes its entries, then streams every session and indexes it,
     * logging progress every ten seconds.
     *
     * @param expected turn count for the progress log (0 if unknown)
     * @return turns indexed
     */
    public long rebuild(String tenant, long expected) {
        long t0 = System.nanoTime();
        log.info("rebuilding the conversation index of tenant {} from PostgreSQL ({} turns)", tenant, expected);
        index.deleteAll(tenant);
        AtomicLong done = new AtomicLong();
        long[] lastLog = {t0};
        List<IndexRow> pending = new ArrayList<>();
        Runnable flush = () -> {
            // Sessions are embedded together (fewer, fuller model batches) but documents are built per session.
            List<float[]> vectors = embed(pending);
            List<TurnDocument> docs = new ArrayList<>(pending.size());
            int from = 0;
            while (from < pending.size()) {
                int to = from;
                UUID s = pending.get(from).sessionId();
                while (to < pending.size() && pending.get(to).sessionId().equals(s)) {
                    to++;
                }
                docs.addAll(documents(pending.subList(from, to), vectors.subList(from, to), contextTurns));
                from = to;
            }
            index.index(tenant, docs);
            done.addAndGet(pending.size());
            pending.clear();
            long now = System.nanoTime();
            if (now - lastLog[0] > 10_000_000_000L) {
                lastLog[0] = now;
                double secs = (now - t0) / 1e9;
                log.info(
                        "conversation index of tenant {}: {} / {} turns ({} turns/s)",
                        tenant,
                        done.get(),
                        expected,
                        Math.round(done.get() / secs));
            }
        };
        readOnly.executeWithoutResult(status -> store.forEachSession(tenant, session -> {
            pending.addAll(session);
            if (pending.size() >= EMBED_BATCH * 4) {
                flush.run();
            }
        }));
        if (!pending.isEmpty()) {
            flush.run();
        }
        index.commit(tenant);
        log.info(
                "rebuilt the conversation index of tenant {}: {} turns in {} ms",
                tenant,
                done.get(),
                (System.nanoTime() - t0) / 1_000_000);
        return done.get();
    }
}

package io.mnemos.retrieval.corpusstats.internal;

import io.mnemos.retrieval.corpusstats.Document;
import io.mnemos.retrieval.corpusstats.Tokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Tokenizes documents into shard-sized token arrays (a separator, then the document's ids, per document) and hands
 * each full shard to a {@link Sink}. A document is never split across shards.
 */
public final class ShardAccumulator {

    /** A full shard: {@code tokens[0..length)}, its document starts, and its largest token id. */
    public record SealedShard(int index, int[] tokens, int length, int[] docStarts, int maxTokenId) {}

    @FunctionalInterface
    public interface Sink {
        void accept(SealedShard shard) throws IOException;
    }

    private final Tokenizer tokenizer;
    private final Vocabulary vocab;
    private final int maxPositions;
    private final Sink sink;
    private final List<String> docIds = new ArrayList<>();

    private int[] buf;
    private int len;
    private int[] docStarts = new int[1024];
    private int docCount;
    private int maxId;
    private int shardIndex;
    private long tokens;

    private int[] docBuf = new int[1 << 12];
    private int docLen;

    public ShardAccumulator(Tokenizer tokenizer, Vocabulary vocab, int maxPositions, Sink sink) {
        if (maxPositions < 2) {
            throw new IllegalArgumentException("maxTokensPerShard must be >= 2: " + maxPositions);
        }
        this.tokenizer = tokenizer;
        this.vocab = vocab;
        this.maxPositions = maxPositions;
        this.sink = sink;
        this.buf = new int[Math.min(maxPositions, 1 << 20)];
    }

    public void add(Document doc) throws IOException {
        docLen = 0;
        try {
            tokenizer.tokenize(doc.text(), this::appendDocToken);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        int need = docLen + 1;
        if (need > maxPositions) {
            throw new IllegalArgumentException("document '" + doc.id() + "' has " + docLen
                    + " tokens, more than fit in one shard (maxTokensPerShard = " + maxPositions + ")");
        }
        if (len + need > maxPositions) {
            seal();
        }
        ensureCapacity(len + need);
        if (docCount == docStarts.length) {
            docStarts = Arrays.copyOf(docStarts, docCount * 2);
        }
        docStarts[docCount++] = len;
        buf[len++] = Vocabulary.SEPARATOR;
        System.arraycopy(docBuf, 0, buf, len, docLen);
        len += docLen;
        tokens += docLen;
        docIds.add(doc.id());
    }

    private void appendDocToken(String token) {
        int id = vocab.getOrAdd(token);
        if (id > maxId) {
            maxId = id;
        }
        if (docLen == docBuf.length) {
            docBuf = Arrays.copyOf(docBuf, (int) Math.min(Integer.MAX_VALUE - 8, docBuf.length * 2L));
        }
        docBuf[docLen++] = id;
    }

    private void ensureCapacity(int needed) {
        if (needed > buf.length) {
            long cap = Math.max(needed, buf.length * 2L);
            buf = Arrays.copyOf(buf, (int) Math.min(cap, maxPositions));
        }
    }

    /** Hands the current shard (if non-empty) to the sink. */
    public void finish() throws IOException {
        seal();
        docBuf = null;
    }

    private void seal() throws IOException {
        if (docCount == 0) {
            return;
        }
        SealedShard s = new SealedShard(shardIndex++, buf, len, Arrays.copyOf(docStarts, docCount), maxId);
        buf = new int[Math.min(maxPositions, 1 << 20)];
        len = 0;
        docCount = 0;
        sink.accept(s);
    }

    public long tokens() {
        return tokens;
    }

    public long documents() {
        return docIds.size();
    }

    public List<String> docIds() {
        return docIds;
    }

    public int shardsSealed() {
        return shardIndex;
    }
}

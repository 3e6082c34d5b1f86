package io.mnemos.retrieval.corpusstats.internal;

import java.util.Arrays;

/**
 * One suffix-array shard: the token array (every document is a separator {@code 0} followed by its token ids), its
 * suffix array, and the document start table (position of each document's separator). Positions and ranks are
 * {@code int}s, so a shard holds fewer than 2^31 positions.
 */
public abstract sealed class Shard permits HeapShard, MappedShard {

    protected final int length;
    protected final int[] docStarts;

    protected Shard(int length, int[] docStarts) {
        this.length = length;
        this.docStarts = docStarts;
    }

    /** Positions, including one separator per document. */
    public final int length() {
        return length;
    }

    public final int docCount() {
        return docStarts.length;
    }

    /** Position of the separator that starts document {@code doc}; its first token is at {@code docStart(doc)+1}. */
    public final int docStart(int doc) {
        return docStarts[doc];
    }

    /** One past the last token of document {@code doc}. */
    public final int docEnd(int doc) {
        return doc + 1 < docStarts.length ? docStarts[doc + 1] : length;
    }

    /** Document containing position {@code pos}. */
    public final int docOf(int pos) {
        int i = Arrays.binarySearch(docStarts, pos);
        return i >= 0 ? i : -i - 2;
    }

    public abstract int token(int pos);

    public abstract int suffix(int rank);

    /** Writes {@code suffix(lo..hi)} to {@code dst[off..]}. */
    public void suffixes(int lo, int hi, int[] dst, int off) {
        for (int r = lo; r < hi; r++) {
            dst[off++] = suffix(r);
        }
    }

    /** Compares the suffix at {@code pos}, cut to {@code q.length} tokens, with {@code q}. */
    public final int compare(int pos, int[] q) {
        int lim = length - pos;
        for (int j = 0; j < q.length; j++) {
            if (j >= lim) {
                return -1; // the suffix ends first: smaller
            }
            int t = token(pos + j);
            if (t != q[j]) {
                return t < q[j] ? -1 : 1;
            }
        }
        return 0;
    }

    /**
     * Suffix-array range {@code [lo, hi)} of the suffixes starting with {@code q}, searched inside {@code [from, to)},
     * packed as {@code lo << 32 | hi}.
     */
    public final long range(int[] q, int from, int to) {
        if (q.length == 0) {
            return pack(from, to);
        }
        // first rank whose suffix is >= q; the probes also bound the end of the range
        int lo = from;
        int hi = to;
        int endLo = from;
        int endHi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int c = compare(suffix(mid), q);
            if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
                if (c > 0) {
                    endHi = Math.min(endHi, mid);
                } else {
                    endLo = Math.max(endLo, mid + 1);
                }
            }
        }
        int start = lo;
        // first rank whose prefix is > q, inside the bounds found above
        lo = Math.max(start, endLo);
        hi = endHi;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(suffix(mid), q) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return pack(start, lo);
    }

    public final long range(int[] q) {
        return range(q, 0, length);
    }

    public static long pack(int lo, int hi) {
        return ((long) lo << 32) | (hi & 0xFFFFFFFFL);
    }

    public static int lo(long range) {
        return (int) (range >>> 32);
    }

    public static int hi(long range) {
        return (int) range;
    }

    /** Bytes of this shard's files on disk, or 0. */
    public abstract long bytesOnDisk();

    public abstract int tokenWidth();

    public abstract int pointerWidth();
}

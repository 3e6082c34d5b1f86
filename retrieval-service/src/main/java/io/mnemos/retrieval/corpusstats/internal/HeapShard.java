package io.mnemos.retrieval.corpusstats.internal;

/** A shard held in heap arrays (the in-memory delta index, tests). 8 bytes per position. */
public final class HeapShard extends Shard {

    private final int[] tokens;
    private final int[] sa;

    public HeapShard(int[] tokens, int[] sa, int[] docStarts) {
        super(tokens.length, docStarts);
        if (sa.length != tokens.length) {
            throw new IllegalArgumentException("suffix array length " + sa.length + " != " + tokens.length);
        }
        this.tokens = tokens;
        this.sa = sa;
    }

    @Override
    public int token(int pos) {
        return tokens[pos];
    }

    @Override
    public int suffix(int rank) {
        return sa[rank];
    }

    @Override
    public void suffixes(int lo, int hi, int[] dst, int off) {
        System.arraycopy(sa, lo, dst, off, hi - lo);
    }

    @Override
    public long bytesOnDisk() {
        return 0;
    }

    @Override
    public int tokenWidth() {
        return 4;
    }

    @Override
    public int pointerWidth() {
        return 4;
    }
}

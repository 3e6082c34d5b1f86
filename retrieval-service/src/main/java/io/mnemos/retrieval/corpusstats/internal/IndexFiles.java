package io.mnemos.retrieval.corpusstats.internal;

import io.mnemos.retrieval.corpusstats.TokenizerMode;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * On-disk format of an index directory (format version {@value #FORMAT_VERSION}), all integers little-endian:
 *
 * <pre>
 * manifest.properties  format, formatVersion, tokenizer, tokens, positions, documents, vocabularySize, shards,
 *                      shard.&lt;i&gt;.{positions,tokens,documents,tokenWidth,pointerWidth}
 * vocab.bin            magic "MNVC", count, then per id 1..count: int32 length + UTF-8 bytes (id 0 = separator)
 * docids.bin           magic, count, then per document: int32 length + UTF-8 bytes
 * tokens.&lt;i&gt;           token ids, tokenWidth bytes each (1–4, from the shard's largest id), + 3 pad bytes
 * table.&lt;i&gt;            suffix array: positions into tokens.&lt;i&gt;, pointerWidth bytes each (1–4, from the shard
 *                      length), + 3 pad bytes
 * offsets.&lt;i&gt;          int32 position of each document's separator
 * </pre>
 */
public final class IndexFiles {

    public static final String FORMAT = "mnemos-corpusstats";
    public static final int FORMAT_VERSION = 1;
    public static final String MANIFEST = "manifest.properties";
    public static final String VOCAB = "vocab.bin";
    public static final String DOC_IDS = "docids.bin";

    /** Trailing bytes after tokens/table so an unaligned 4-byte load of the last value stays inside the file. */
    static final int PAD = 3;

    private IndexFiles() {}

    public static Path tokensFile(Path dir, int shard) {
        return dir.resolve("tokens." + shard);
    }

    public static Path tableFile(Path dir, int shard) {
        return dir.resolve("table." + shard);
    }

    public static Path offsetsFile(Path dir, int shard) {
        return dir.resolve("offsets." + shard);
    }

    /** Smallest width in bytes (1–4) that holds {@code maxValue}. */
    public static int widthFor(long maxValue) {
        if (maxValue < (1L << 8)) {
            return 1;
        }
        if (maxValue < (1L << 16)) {
            return 2;
        }
        if (maxValue < (1L << 24)) {
            return 3;
        }
        return 4;
    }

    /** Writes {@code values[0..n)} with {@code width} bytes each, then the pad bytes. */
    public static void writePacked(Path file, int[] values, int n, int width, boolean pad, boolean sync)
            throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                if (buf.remaining() < 4) {
                    drain(ch, buf);
                }
                int v = values[i];
                switch (width) {
                    case 1 -> buf.put((byte) v);
                    case 2 -> buf.putShort((short) v);
                    case 3 -> buf.put((byte) v).put((byte) (v >>> 8)).put((byte) (v >>> 16));
                    default -> buf.putInt(v);
                }
            }
            if (pad) {
                if (buf.remaining() < PAD) {
                    drain(ch, buf);
                }
                for (int i = 0; i < PAD; i++) {
                    buf.put((byte) 0);
                }
            }
            drain(ch, buf);
            if (sync) {
                ch.force(false);
            }
        }
    }

    private static void drain(FileChannel ch, ByteBuffer buf) throws IOException {
        buf.flip();
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
        buf.clear();
    }

    /** Shard description as written to the manifest. */
    public record ShardMeta(int positions, long tokens, int documents, int tokenWidth, int pointerWidth) {}

    public static void writeManifest(
            Path dir, TokenizerMode mode, List<ShardMeta> shards, long documents, int vocabularySize)
            throws IOException {
        Properties p = new Properties();
        p.setProperty("format", FORMAT);
        p.setProperty("formatVersion", Integer.toString(FORMAT_VERSION));
        p.setProperty("tokenizer", mode.name());
        long tokens = 0;
        long positions = 0;
        for (int i = 0; i < shards.size(); i++) {
            ShardMeta s = shards.get(i);
            tokens += s.tokens();
            positions += s.positions();
            String k = "shard." + i + ".";
            p.setProperty(k + "positions", Integer.toString(s.positions()));
            p.setProperty(k + "tokens", Long.toString(s.tokens()));
            p.setProperty(k + "documents", Integer.toString(s.documents()));
            p.setProperty(k + "tokenWidth", Integer.toString(s.tokenWidth()));
            p.setProperty(k + "pointerWidth", Integer.toString(s.pointerWidth()));
        }
        p.setProperty("tokens", Long.toString(tokens));
        p.setProperty("positions", Long.toString(positions));
        p.setProperty("documents", Long.toString(documents));
        p.setProperty("vocabularySize", Integer.toString(vocabularySize));
        p.setProperty("shards", Integer.toString(shards.size()));
        try (Writer w = Files.newBufferedWriter(dir.resolve(MANIFEST), StandardCharsets.UTF_8)) {
            p.store(w, "Mnemos corpus-statistics index (suffix arrays over word tokens)");
        }
    }

    /** Opens (memory-maps) an index directory. */
    public static ShardedCorpusIndex open(Path dir) throws IOException {
        Path manifestFile = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new NoSuchFileException(manifestFile.toString(), null, "not a corpus-statistics index directory");
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(manifestFile, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        if (!FORMAT.equals(p.getProperty("format"))) {
            throw new IOException("not a " + FORMAT + " index: " + dir);
        }
        int version = intProp(p, "formatVersion");
        if (version != FORMAT_VERSION) {
            throw new IOException("unsupported index format version " + version + " (this build reads " + FORMAT_VERSION
                    + "): rebuild the index");
        }
        TokenizerMode mode;
        try {
            mode = TokenizerMode.valueOf(p.getProperty("tokenizer"));
        } catch (RuntimeException e) {
            throw new IOException("bad tokenizer in manifest: " + p.getProperty("tokenizer"), e);
        }
        int shardCount = intProp(p, "shards");
        Vocabulary vocab = Vocabulary.read(dir.resolve(VOCAB));
        if (vocab.size() != intProp(p, "vocabularySize")) {
            throw new IOException("vocabulary size differs from manifest in " + dir);
        }
        String[] docIds = Vocabulary.readStrings(dir.resolve(DOC_IDS));
        long bytes = Files.size(manifestFile) + Files.size(dir.resolve(VOCAB)) + Files.size(dir.resolve(DOC_IDS));
        Arena arena = Arena.ofShared();
        try {
            List<Shard> shards = new ArrayList<>(shardCount);
            for (int i = 0; i < shardCount; i++) {
                String k = "shard." + i + ".";
                int positions = intProp(p, k + "positions");
                int documents = intProp(p, k + "documents");
                int tw = intProp(p, k + "tokenWidth");
                int pw = intProp(p, k + "pointerWidth");
                if (tw < 1 || tw > 4 || pw < 1 || pw > 4) {
                    throw new IOException("bad widths for shard " + i);
                }
                MemorySegment tokens = map(tokensFile(dir, i), (long) positions * tw + PAD, arena);
                MemorySegment table = map(tableFile(dir, i), (long) positions * pw + PAD, arena);
                int[] docStarts = readOffsets(offsetsFile(dir, i), documents);
                long shardBytes = tokens.byteSize() + table.byteSize() + 4L * documents;
                bytes += shardBytes;
                shards.add(new MappedShard(positions, docStarts, tokens, tw, table, pw, shardBytes));
            }
            IndexPart part = new IndexPart(vocab, mode, shards, docIds, bytes, arena::close);
            return new ShardedCorpusIndex(List.of(part), true);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static MemorySegment map(Path file, long expectedSize, Arena arena) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size != expectedSize) {
                throw new IOException(file + " has " + size + " bytes, expected " + expectedSize);
            }
            return ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
        }
    }

    private static int[] readOffsets(Path file, int documents) throws IOException {
        byte[] b = Files.readAllBytes(file);
        if (b.length != 4L * documents) {
            throw new IOException(file + " has " + b.length + " bytes, expected " + 4L * documents);
        }
        int[] out = new int[documents];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(out);
        for (int i = 1; i < documents; i++) {
            if (out[i] <= out[i - 1]) {
                throw new IOException(file + " is not increasing at document " + i);
            }
        }
        return out;
    }

    private static int intProp(Properties p, String key) throws IOException {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IOException("manifest lacks " + key);
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IOException("manifest value of " + key + " is not an int: " + v, e);
        }
    }
}

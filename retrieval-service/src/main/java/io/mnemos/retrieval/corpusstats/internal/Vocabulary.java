package io.mnemos.retrieval.corpusstats.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * Term ↔ id map. Id {@value #SEPARATOR} is the document separator; terms get ids {@code 1, 2, ...} in order of first
 * occurrence in the build input. Not thread-safe while growing; read-only after the build.
 */
public final class Vocabulary {

    public static final int SEPARATOR = 0;

    private static final int MAGIC = 0x4D4E5643; // "MNVC"

    private final HashMap<String, Integer> ids;
    private final ArrayList<String> terms;

    public Vocabulary() {
        this(1 << 16);
    }

    private Vocabulary(int expected) {
        ids = HashMap.newHashMap(expected);
        terms = new ArrayList<>(expected);
        terms.add(null); // separator
    }

    /** Id of {@code term}, or {@code -1} if unknown. */
    public int id(String term) {
        Integer id = ids.get(term);
        return id == null ? -1 : id;
    }

    public int getOrAdd(String term) {
        Integer id = ids.get(term);
        if (id != null) {
            return id;
        }
        int next = terms.size();
        ids.put(term, next);
        terms.add(term);
        return next;
    }

    /** Ids of {@code tokens}, or {@code null} if any is unknown (the n-gram then cannot occur). */
    public int[] ids(List<String> tokens) {
        int[] out = new int[tokens.size()];
        for (int i = 0; i < out.length; i++) {
            int id = id(tokens.get(i));
            if (id < 0) {
                return null;
            }
            out[i] = id;
        }
        return out;
    }

    public String term(int id) {
        return terms.get(id);
    }

    /** Number of ids including the separator (= largest id + 1). */
    public int idCount() {
        return terms.size();
    }

    /** Number of terms (the separator excluded). */
    public int size() {
        return terms.size() - 1;
    }

    public void write(Path file) throws IOException {
        try (DataOutputStream out =
                new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(size());
            for (int i = 1; i < terms.size(); i++) {
                byte[] b = terms.get(i).getBytes(StandardCharsets.UTF_8);
                out.writeInt(b.length);
                out.write(b);
            }
        }
    }

    public static Vocabulary read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC) {
                throw new IOException("not a vocabulary file: " + file);
            }
            int n = in.readInt();
            Vocabulary v = new Vocabulary(Math.max(16, n + 1));
            for (int i = 0; i < n; i++) {
                int len = in.readInt();
                byte[] b = in.readNBytes(len);
                if (b.length != len) {
                    throw new IOException("truncated vocabulary file: " + file);
                }
                String term = new String(b, StandardCharsets.UTF_8);
                if (v.getOrAdd(term) != i + 1) {
                    throw new IOException("duplicate term in vocabulary file: " + file);
                }
            }
            return v;
        }
    }

    /** Writes a list of strings (document ids) in the same framing as the vocabulary. */
    public static void writeStrings(Path file, List<String> strings) throws IOException {
        try (DataOutputStream out =
                new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            out.writeInt(MAGIC + 1);
            out.writeInt(strings.size());
            for (String s : strings) {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                out.writeInt(b.length);
                out.write(b);
            }
        }
    }

    public static String[] readStrings(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC + 1) {
                throw new IOException("not a document id file: " + file);
            }
            int n = in.readInt();
            String[] out = new String[n];
            for (int i = 0; i < n; i++) {
                int len = in.readInt();
                byte[] b = in.readNBytes(len);
                if (b.length != len) {
                    throw new IOException("truncated document id file: " + file);
                }
                out[i] = new String(b, StandardCharsets.UTF_8);
            }
            return out;
        }
    }

    /** Approximate heap bytes, for in-memory stats. */
    public long estimatedHeapBytes() {
        long b = 0;
        for (int i = 1; i < terms.size(); i++) {
            b += 40 + 2L * terms.get(i).length() + 48;
        }
        return b;
    }

    /** Unmodifiable view of all terms by id (index 0 = separator = null). */
    public List<String> terms() {
        return java.util.Collections.unmodifiableList(terms);
    }
}

package io.mnemos.retrieval.bench;

import io.mnemos.model.Embedder;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Benchmark helper: an {@link Embedder} that remembers vectors in a file (keyed by SHA-256 of the text), so repeated
 * benchmark runs and parameter sweeps do not re-embed. Appends new vectors on {@link #flush()}. Not thread-safe.
 */
public final class FileEmbeddingCache implements Embedder {
    private final Embedder delegate;
    private final Path file;
    private final Map<String, float[]> cache = new HashMap<>();
    private final Map<String, float[]> pending = new HashMap<>();
    private long misses;

    public FileEmbeddingCache(Embedder delegate, Path file) {
        this.delegate = delegate;
        this.file = file;
        load();
    }

    private void load() {
        if (!Files.exists(file)) {
            return;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            while (true) {
                String key;
                try {
                    key = in.readUTF();
                } catch (EOFException e) {
                    break;
                }
                int n = in.readInt();
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = in.readFloat();
                }
                cache.put(key, v);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long misses() {
        return misses;
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        List<String> missing = new ArrayList<>();
        List<String> missingKeys = new ArrayList<>();
        java.util.Set<String> missingSet = new java.util.HashSet<>();
        String[] keys = new String[texts.size()];
        for (int i = 0; i < texts.size(); i++) {
            keys[i] = key(texts.get(i));
            if (!cache.containsKey(keys[i]) && missingSet.add(keys[i])) {
                missing.add(texts.get(i));
                missingKeys.add(keys[i]);
            }
        }
        if (!missing.isEmpty()) {
            misses += missing.size();
            List<float[]> vs = delegate.embedAll(missing);
            for (int i = 0; i < vs.size(); i++) {
                cache.put(missingKeys.get(i), vs.get(i));
                pending.put(missingKeys.get(i), vs.get(i));
            }
        }
        for (String k : keys) {
            out.add(cache.get(k));
        }
        return out;
    }

    @Override
    public float[] embed(String text) {
        return embedAll(List.of(text)).getFirst();
    }

    /** Appends vectors computed since the last flush to the file. */
    public void flush() {
        if (pending.isEmpty() || Boolean.getBoolean("bench.cacheReadOnly")) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                    Files.newOutputStream(
                            file, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND),
                    1 << 16))) {
                for (var e : pending.entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeInt(e.getValue().length);
                    for (float f : e.getValue()) {
                        out.writeFloat(f);
                    }
                }
            }
            pending.clear();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int dimension() {
        return delegate.dimension();
    }

    @Override
    public int maxInputTokens() {
        return delegate.maxInputTokens();
    }

    private static String key(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

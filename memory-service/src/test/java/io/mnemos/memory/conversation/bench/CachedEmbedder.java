package io.mnemos.memory.conversation.bench;

import io.mnemos.model.Embedder;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmarks only: remembers the vectors of a real embedder in a file under {@code target/}, so that re-running a
 * benchmark with other search settings does not embed the same texts again on a busy machine. The vectors are the
 * model's own (batched) vectors; only the time to compute them is saved.
 */
final class CachedEmbedder implements Embedder {
    private final Embedder delegate;
    private final Path file;
    private final Map<String, float[]> cache = new HashMap<>();
    private boolean dirty;

    CachedEmbedder(Embedder delegate, Path file) {
        this.delegate = delegate;
        this.file = file;
        if (Files.isReadable(file)) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
                int n = in.readInt();
                for (int i = 0; i < n; i++) {
                    String text = in.readUTF();
                    float[] v = new float[in.readInt()];
                    for (int j = 0; j < v.length; j++) {
                        v[j] = in.readFloat();
                    }
                    cache.put(text, v);
                }
            } catch (IOException e) {
                cache.clear();
            }
        }
    }

    @Override
    public synchronized List<float[]> embedAll(List<String> texts) {
        List<String> missing =
                texts.stream().filter(t -> !cache.containsKey(t)).distinct().toList();
        if (!missing.isEmpty()) {
            List<float[]> v = delegate.embedAll(missing);
            for (int i = 0; i < missing.size(); i++) {
                cache.put(missing.get(i), v.get(i));
            }
            dirty = true;
        }
        List<float[]> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(cache.get(t));
        }
        return out;
    }

    @Override
    public synchronized float[] embed(String text) {
        float[] v = cache.get(text);
        if (v == null) {
            v = delegate.embed(text);
            cache.put(text, v);
            dirty = true;
        }
        return v;
    }

    @Override
    public int dimension() {
        return delegate.dimension();
    }

    @Override
    public int maxInputTokens() {
        return delegate.maxInputTokens();
    }

    synchronized void save() {
        if (!dirty) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
                out.writeInt(cache.size());
                for (var e : cache.entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeInt(e.getValue().length);
                    for (float f : e.getValue()) {
                        out.writeFloat(f);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

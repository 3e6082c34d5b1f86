package io.mnemos.retrieval.corpus;

import io.mnemos.retrieval.corpusstats.Document;
import io.mnemos.retrieval.corpusstats.gutenberg.GutenbergCorpus;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

/**
 * Where the reference corpus's documents come from: a Project Gutenberg sample directory (detected by its {@code
 * manifest.tsv}) or any directory of {@code .txt}/{@code .md} files, one document per file (id = path relative to
 * the directory), read in path order so rebuilds are identical.
 */
public interface CorpusSource {

    /** The directory read. */
    Path directory();

    /** Short description for status and logs. */
    String describe();

    /** Rough token count (for build progress percentages): about one token per 5 bytes of English text. */
    long expectedTokens();

    /** The documents, streamed; close when done. */
    DocumentIterator documents() throws IOException;

    /** A closeable document stream. */
    interface DocumentIterator extends Iterator<Document>, Closeable {}

    /**
     * Opens {@code dir}.
     *
     * @throws IOException if it is not a readable directory holding a Gutenberg sample or at least one text file
     */
    static CorpusSource open(Path dir, int wordsPerDocument) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("corpus directory " + dir + " does not exist");
        }
        if (Files.isRegularFile(dir.resolve("manifest.tsv"))) {
            return new Gutenberg(GutenbergCorpus.open(dir), wordsPerDocument);
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile)
                    .filter(p -> {
                        String n = p.getFileName().toString();
                        return n.endsWith(".txt") || n.endsWith(".md");
                    })
                    .sorted()
                    .toList();
        }
        if (files.isEmpty()) {
            throw new IOException(
                    "corpus directory " + dir + " holds neither a Gutenberg manifest.tsv nor any .txt/.md file");
        }
        return new TextFiles(dir, files);
    }

    /** The shared Project Gutenberg sample. */
    record Gutenberg(GutenbergCorpus corpus, int wordsPerDocument) implements CorpusSource {
        @Override
        public Path directory() {
            return corpus.directory();
        }

        @Override
        public String describe() {
            return "Project Gutenberg sample (" + corpus.books().size() + " books) in " + corpus.directory();
        }

        @Override
        public long expectedTokens() {
            return corpus.totalBodyBytes() / 5;
        }

        @Override
        public DocumentIterator documents() {
            GutenbergCorpus.DocumentStream docs = corpus.documents(wordsPerDocument);
            return new DocumentIterator() {
                @Override
                public boolean hasNext() {
                    return docs.hasNext();
                }

                @Override
                public Document next() {
                    return docs.next();
                }

                @Override
                public void close() throws IOException {
                    docs.close();
                }
            };
        }
    }

    /** A directory of text files, one document each. */
    record TextFiles(Path directory, List<Path> files) implements CorpusSource {
        public TextFiles {
            files = List.copyOf(files);
        }

        @Override
        public String describe() {
            return files.size() + " text files in " + directory;
        }

        @Override
        public long expectedTokens() {
            long bytes = 0;
            for (Path f : files) {
                try {
                    bytes += Files.size(f);
                } catch (IOException e) {
                    // only a progress hint
                }
            }
            return Math.max(1, bytes / 5);
        }

        @Override
        public DocumentIterator documents() {
            Iterator<Path> it = files.iterator();
            return new DocumentIterator() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public Document next() {
                    if (!it.hasNext()) {
                        throw new NoSuchElementException();
                    }
                    Path f = it.next();
                    try {
                        String id = directory.relativize(f).toString();
                        return new Document(id, Files.readString(f, StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                public void close() {}
            };
        }
    }
}

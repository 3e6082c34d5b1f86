package io.mnemos.retrieval.corpusstats.gutenberg;

import io.mnemos.retrieval.corpusstats.Document;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Reader of the shared Project Gutenberg sample ({@code shared/data/gutenberg}: {@code manifest.tsv} and gzip shards
 * {@code gutenberg-shard-NN.txt.gz} in which each book starts with a line
 * {@code ##### PG-BOOK <book_id>\t<author>\t<title>}).
 *
 * <p>Books are split into documents of whole paragraphs (blank-line separated), each closed once it reaches
 * {@code wordsPerDocument} whitespace-separated words (default {@value #DEFAULT_WORDS_PER_DOCUMENT}); a paragraph
 * longer than twice that is cut at a line end. Why not whole books: CNF co-occurrence counts pairs within a
 * ~1000-token window <em>inside one document</em>, and QuCo-RAG's pre-training corpus consists of web-page-sized
 * documents; whole books (≈ 65k words each) would make the document constraint meaningless and {@code searchDocs}
 * would return a novel per hit. Why not single paragraphs: most are shorter than the window, so pairs a few lines apart
 * would be lost. Paragraph groups of ≈ 2,000 words (≈ 2,400 tokens) hold a full window around most positions and keep
 * the unit coherent. Document ids are {@code <book_id>#<chunk>} ({@code B00003#0012}).
 */
public final class GutenbergCorpus {

    /** Default location, relative to the repository root. */
    public static final String DEFAULT_LOCATION = "../shared/data/gutenberg";

    public static final int DEFAULT_WORDS_PER_DOCUMENT = 2000;

    private static final String BOOK_MARKER = "##### PG-BOOK ";

    /** One row of {@code manifest.tsv}. */
    public record Book(String bookId, int shard, String author, String title, long bodyBytes) {}

    private final Path dir;
    private final List<Book> books;
    private final List<Path> shards;

    private GutenbergCorpus(Path dir, List<Book> books, List<Path> shards) {
        this.dir = dir;
        this.books = List.copyOf(books);
        this.shards = List.copyOf(shards);
    }

    /**
     * Resolves a corpus location: an absolute path as is; a relative one against the repository root (the nearest
     * ancestor of the working directory holding {@code mvnw}), falling back to the working directory.
     */
    public static Path resolve(String location) {
        Path p = Path.of(location);
        if (p.isAbsolute()) {
            return p.normalize();
        }
        Path cwd = Path.of("").toAbsolutePath();
        for (Path d = cwd; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("mvnw"))) {
                return d.resolve(p).normalize();
            }
        }
        return cwd.resolve(p).normalize();
    }

    /** Opens the corpus directory: reads {@code manifest.tsv} and lists the shards. */
    public static GutenbergCorpus open(Path dir) throws IOException {
        Path manifest = dir.resolve("manifest.tsv");
        if (!Files.isRegularFile(manifest)) {
            throw new NoSuchFileException(manifest.toString(), null, "Gutenberg manifest not found");
        }
        List<Book> books = new ArrayList<>();
        List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.getFirst().startsWith("book_id\t")) {
            throw new IOException("unexpected manifest header in " + manifest);
        }
        List<String> header = List.of(lines.getFirst().split("\t", -1));
        int iShard = header.indexOf("shard");
        int iAuthor = header.indexOf("author");
        int iTitle = header.indexOf("title");
        int iBody = header.indexOf("body_bytes");
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            books.add(new Book(
                    f[0],
                    Integer.parseInt(f[iShard]),
                    iAuthor >= 0 ? f[iAuthor] : "",
                    iTitle >= 0 ? f[iTitle] : "",
                    iBody >= 0 ? Long.parseLong(f[iBody]) : 0));
        }
        List<Path> shards;
        try (Stream<Path> s = Files.list(dir)) {
            shards = s.filter(p -> {
                        String n = p.getFileName().toString();
                        return n.startsWith("gutenberg-shard-") && n.endsWith(".txt.gz");
                    })
                    .sorted()
                    .toList();
        }
        if (shards.isEmpty()) {
            throw new NoSuchFileException(dir.toString(), null, "no gutenberg-shard-*.txt.gz files");
        }
        return new GutenbergCorpus(dir, books, shards);
    }

    public Path directory() {
        return dir;
    }

    public List<Book> books() {
        return books;
    }

    public List<Path> shardFiles() {
        return shards;
    }

    public long totalBodyBytes() {
        return books.stream().mapToLong(Book::bodyBytes).sum();
    }

    /** Documents of {@value #DEFAULT_WORDS_PER_DOCUMENT} words; close the stream if not read to the end. */
    public DocumentStream documents() {
        return documents(DEFAULT_WORDS_PER_DOCUMENT);
    }

    public DocumentStream documents(int wordsPerDocument) {
        if (wordsPerDocument < 1) {
            throw new IllegalArgumentException("wordsPerDocument must be >= 1");
        }
        return new DocumentStream(shards, wordsPerDocument);
    }

    /**
     * Lazy iterator over the documents of all shards, in shard and book order; I/O errors surface as
     * {@link UncheckedIOException}.
     */
    public static final class DocumentStream implements Iterator<Document>, Closeable {

        private final List<Path> shards;
        private final int target;
        private int shardIndex;
        private BufferedReader reader;
        private Document next;
        private boolean done;

        private String bookId;
        private int chunk;
        private final StringBuilder text = new StringBuilder();
        private int words;
        private boolean paragraphOpen;
        private long bytesRead;

        DocumentStream(List<Path> shards, int target) {
            this.shards = shards;
            this.target = target;
        }

        /** Characters read so far (for progress). */
        public long charsRead() {
            return bytesRead;
        }

        @Override
        public boolean hasNext() {
            if (next == null && !done) {
                try {
                    next = advance();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (next == null) {
                    done = true;
                    closeQuietly();
                }
            }
            return next != null;
        }

        @Override
        public Document next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Document d = next;
            next = null;
            return d;
        }

        private Document advance() throws IOException {
            while (true) {
                if (reader == null) {
                    if (shardIndex >= shards.size()) {
                        return flush();
                    }
                    reader = new BufferedReader(
                            new InputStreamReader(
                                    new GZIPInputStream(Files.newInputStream(shards.get(shardIndex++)), 1 << 16),
                                    StandardCharsets.UTF_8),
                            1 << 16);
                }
                String line = reader.readLine();
                if (line == null) {
                    reader.close();
                    reader = null;
                    continue; // a book never spans shards; the next shard starts with a marker
                }
                bytesRead += line.length() + 1;
                if (line.startsWith(BOOK_MARKER)) {
                    Document d = flush();
                    int tab = line.indexOf('\t');
                    bookId = (tab < 0
                                    ? line.substring(BOOK_MARKER.length())
                                    : line.substring(BOOK_MARKER.length(), tab))
                            .trim();
                    chunk = 0;
                    if (d != null) {
                        return d;
                    }
                    continue;
                }
                if (bookId == null) {
                    continue; // text before the first marker
                }
                if (line.isBlank()) {
                    paragraphOpen = false;
                    if (words >= target) {
                        Document d = flush();
                        if (d != null) {
                            return d;
                        }
                    }
                    continue;
                }
                if (!text.isEmpty()) {
                    text.append(paragraphOpen ? "\n" : "\n\n");
                }
                text.append(line);
                paragraphOpen = true;
                words += countWords(line);
                if (words >= 2 * target) {
                    Document d = flush();
                    if (d != null) {
                        return d;
                    }
                }
            }
        }

        private Document flush() {
            if (words == 0 || bookId == null) {
                text.setLength(0);
                words = 0;
                return null;
            }
            Document d = new Document(bookId + "#" + String.format("%04d", chunk++), text.toString());
            text.setLength(0);
            words = 0;
            paragraphOpen = false;
            return d;
        }

        static int countWords(String line) {
            int n = 0;
            boolean in = false;
            for (int i = 0, len = line.length(); i < len; i++) {
                boolean ws = Character.isWhitespace(line.charAt(i));
                if (!ws && !in) {
                    n++;
                }
                in = !ws;
            }
            return n;
        }

        private void closeQuietly() {
            try {
                close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }

        @Override
        public void close() throws IOException {
            done = true;
            if (reader != null) {
                reader.close();
                reader = null;
            }
        }
    }
}

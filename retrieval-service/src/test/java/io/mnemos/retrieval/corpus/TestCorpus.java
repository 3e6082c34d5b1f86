package io.mnemos.retrieval.corpus;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small English reference corpus written to a temporary directory (one {@code .txt} file per document), for tests
 * of the corpus API and the grounding gate. Facts are chosen so that some entity pairs co-occur in one document
 * (Hamlet / William Shakespeare) and others never do (Hamlet / Charles Dickens), and so that {@code London} is
 * common while {@code Chawton} occurs once.
 */
public final class TestCorpus {
    public static final Map<String, String> DOCUMENTS = new LinkedHashMap<>();

    static {
        DOCUMENTS.put(
                "shakespeare.txt",
                "William Shakespeare was an English playwright and poet. Shakespeare wrote Hamlet, Macbeth and King"
                        + " Lear. Hamlet is set in Denmark. Shakespeare was born in Stratford-upon-Avon in 1564 and"
                        + " worked in London for many years. The Globe Theatre in London staged many of his plays.");
        DOCUMENTS.put(
                "dickens.txt",
                "Charles Dickens was an English novelist who lived in London. Dickens wrote Oliver Twist and Great"
                        + " Expectations. Oliver Twist tells the story of an orphan in London. Dickens was born in"
                        + " Portsmouth in 1812.");
        DOCUMENTS.put(
                "austen.txt",
                "Jane Austen was an English novelist. Austen wrote Pride and Prejudice and Emma. In Pride and"
                        + " Prejudice, Elizabeth Bennet meets Mr. Darcy. Austen lived in Bath and later in Chawton,"
                        + " and she visited London. Pride and Prejudice was published in 1813.");
        DOCUMENTS.put(
                "london.txt",
                "London is the capital of England. The River Thames flows through London. Many writers lived in"
                        + " London, and London has many theatres. The Bank of England is in London.");
        DOCUMENTS.put(
                "waterloo.txt",
                "Napoleon was defeated at Waterloo in 1815 by the Duke of Wellington. The Duke of Wellington later"
                        + " became Prime Minister. Napoleon died on Saint Helena.");
        DOCUMENTS.put(
                "holmes.txt",
                "Arthur Conan Doyle created Sherlock Holmes. Sherlock Holmes lived at Baker Street in London with"
                        + " Dr. Watson. Sherlock Holmes solved many crimes in London.");
    }

    private TestCorpus() {}

    /** Writes the documents into {@code dir} (created) and returns it. */
    public static Path write(Path dir) {
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, String> e : DOCUMENTS.entrySet()) {
                Files.writeString(dir.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Properties pointing at {@code source}, index in {@code indexDir}, small shards. */
    public static CorpusProperties properties(Path source, Path indexDir) {
        return new CorpusProperties(
                "test", source.toString(), indexDir.toString(), false, 1 << 16, 2000, Duration.ofSeconds(2), 2000);
    }

    /** A service over the test corpus in {@code root} (source and index below it), built and ready. */
    public static CorpusIndexService ready(Path root) throws InterruptedException {
        Path source = write(root.resolve("source"));
        CorpusIndexService service = new CorpusIndexService(
                properties(source, root.resolve("index")),
                root.toString(),
                new SimpleMeterRegistry(),
                CorpusSource::open);
        service.startBuild();
        if (!service.awaitReady(Duration.ofSeconds(60))) {
            throw new IllegalStateException("test corpus index not ready: " + service.state() + " "
                    + service.problem().orElse(""));
        }
        return service;
    }
}

package io.mnemos.retrieval.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mnemos.retrieval.corpusstats.CorpusIndex;
import io.mnemos.retrieval.corpusstats.Document;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;

/** Index lifecycle: lazy build with 503 + Retry-After meanwhile, missing corpus, reuse after restart, failures. */
class CorpusIndexServiceTest {
    @TempDir
    Path root;

    CorpusIndexService service(Path source, CorpusIndexService.SourceOpener opener) {
        return new CorpusIndexService(
                TestCorpus.properties(source, root.resolve("index")),
                root.toString(),
                new SimpleMeterRegistry(),
                opener);
    }

    @Test
    void missingCorpusSaysHowToConfigureIt() {
        CorpusIndexService s = service(root.resolve("nowhere"), CorpusSource::open);
        assertThat(s.state()).isEqualTo(CorpusIndexService.State.NOT_LOADED);
        assertThatThrownBy(s::acquire).isInstanceOfSatisfying(CorpusUnavailableException.class, e -> {
            assertThat(e.getStatusCode().value()).isEqualTo(503);
            assertThat(e.slug()).isEqualTo("corpus-not-configured");
            assertThat(e.getBody().getDetail()).contains("'nowhere'").contains("mnemos.corpus.source");
            // every tenant sees this: the directory's name, never the server path
            assertThat(e.getBody().getDetail()).doesNotContain(root.toString());
            assertThat(e.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNull();
        });
        assertThat(s.state()).isEqualTo(CorpusIndexService.State.MISSING);
    }

    @Test
    void queriesGet503WithRetryAfterWhileBuildingThenTheIndex() throws Exception {
        Path source = TestCorpus.write(root.resolve("source"));
        CountDownLatch release = new CountDownLatch(1);
        CorpusIndexService s = service(source, (dir, words) -> blocking(CorpusSource.open(dir, words), release));
        try {
            assertThatThrownBy(s::acquire).isInstanceOfSatisfying(CorpusUnavailableException.class, e -> {
                assertThat(e.state()).isEqualTo(CorpusIndexService.State.BUILDING);
                assertThat(e.slug()).isEqualTo("corpus-index-building");
                assertThat(e.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
                assertThat(e.getBody().getProperties()).containsKey("progress");
            });
            assertThat(s.state()).isEqualTo(CorpusIndexService.State.BUILDING);
            assertThat(s.progress()).isPresent();
            release.countDown();
            assertThat(s.awaitReady(Duration.ofSeconds(30))).isTrue();
            assertThat(s.acquire().count("London").count()).isEqualTo(12);
            assertThat(s.progress().orElseThrow().percent()).isEqualTo(100.0);
        } finally {
            release.countDown();
            s.close();
        }
    }

    @Test
    void anExistingIndexIsReusedWithoutReadingTheSource() throws Exception {
        Path source = TestCorpus.write(root.resolve("source"));
        CorpusIndexService first = service(source, CorpusSource::open);
        first.startBuild();
        assertThat(first.awaitReady(Duration.ofSeconds(30))).isTrue();
        first.close();

        AtomicInteger opened = new AtomicInteger();
        CorpusIndexService second = service(source, (dir, words) -> {
            opened.incrementAndGet();
            throw new IOException("must not be read");
        });
        CorpusIndex index = second.acquire();
        assertThat(index.stats().documents()).isEqualTo(6);
        assertThat(second.state()).isEqualTo(CorpusIndexService.State.READY);
        assertThat(opened).hasValue(0);
        second.close();
    }

    @Test
    void aFailedBuildIsReportedAndCanBeRetried() throws Exception {
        Path source = TestCorpus.write(root.resolve("source"));
        AtomicInteger attempts = new AtomicInteger();
        CorpusIndexService s = service(source, (dir, words) -> {
            CorpusSource real = CorpusSource.open(dir, words);
            return attempts.incrementAndGet() == 1 ? failing(real) : real;
        });
        try {
            s.startBuild();
            for (int i = 0; i < 200 && s.state() == CorpusIndexService.State.BUILDING; i++) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
            assertThat(s.state()).isEqualTo(CorpusIndexService.State.FAILED);
            assertThatThrownBy(s::acquire).isInstanceOfSatisfying(CorpusUnavailableException.class, e -> {
                assertThat(e.slug()).isEqualTo("corpus-index-failed");
                assertThat(e.getBody().getDetail()).contains("POST /v1/corpus/build", "IllegalStateException");
                assertThat(e.getBody().getDetail()).doesNotContain("disk on fire"); // may hold paths: log only
            });
            s.startBuild();
            assertThat(s.awaitReady(Duration.ofSeconds(30))).isTrue();
        } finally {
            s.close();
        }
    }

    /** A source whose documents wait for {@code release} before the first one. */
    static CorpusSource blocking(CorpusSource real, CountDownLatch release) {
        return wrap(real, () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    static CorpusSource failing(CorpusSource real) {
        return wrap(real, () -> {
            throw new IllegalStateException("disk on fire");
        });
    }

    private static CorpusSource wrap(CorpusSource real, Runnable beforeFirst) {
        return new CorpusSource() {
            @Override
            public Path directory() {
                return real.directory();
            }

            @Override
            public String describe() {
                return real.describe();
            }

            @Override
            public long expectedTokens() {
                return real.expectedTokens();
            }

            @Override
            public DocumentIterator documents() throws IOException {
                DocumentIterator docs = real.documents();
                return new DocumentIterator() {
                    boolean started;

                    @Override
                    public boolean hasNext() {
                        if (!started) {
                            started = true;
                            beforeFirst.run();
                        }
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
        };
    }
}

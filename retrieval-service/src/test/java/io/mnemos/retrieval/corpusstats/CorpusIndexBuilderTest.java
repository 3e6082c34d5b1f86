package io.mnemos.retrieval.corpusstats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mnemos.retrieval.corpusstats.internal.IndexFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusIndexBuilderTest {

    @TempDir
    Path tmp;

    private static List<Document> docs(String... texts) {
        List<Document> out = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            out.add(new Document("d" + i, texts[i]));
        }
        return out;
    }

    private static final List<Document> SMALL = docs(
            "Tom AND Jerry met in Paris . Paris is big .",
            "Jerry went home . Tom stayed in Paris",
            "",
            "paris , PARIS and Paris !");

    @Test
    void onDiskRoundTripGivesTheSameAnswersAsInMemory() throws IOException {
        Path dir = tmp.resolve("index");
        CorpusIndexBuilder.BuildSummary summary = CorpusIndexBuilder.create().build(SMALL.iterator(), dir);
        assertThat(summary.directory()).isEqualTo(dir.toAbsolutePath());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(
                            "manifest.properties", "vocab.bin", "docids.bin", "tokens.0", "table.0", "offsets.0");
        }
        try (Stream<Path> siblings = Files.list(tmp)) {
            assertThat(siblings).containsExactly(dir); // no temp directory left behind
        }
        try (CorpusIndex disk = CorpusIndex.open(dir);
                CorpusIndex mem = CorpusIndexBuilder.create().buildInMemory(SMALL.iterator())) {
            IndexStats stats = disk.stats();
            assertThat(stats.tokens()).isEqualTo(25);
            assertThat(stats.documents()).isEqualTo(4);
            assertThat(stats.shards()).singleElement().satisfies(s -> {
                assertThat(s.tokenWidth()).isEqualTo(1);
                assertThat(s.pointerWidth()).isEqualTo(1);
                assertThat(s.positions()).isEqualTo(29);
            });
            long fileBytes = 0;
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    fileBytes += Files.size(p);
                }
            }
            assertThat(stats.bytesOnDisk()).isEqualTo(fileBytes);
            assertThat(summary.stats()).isEqualTo(stats);
            for (String q :
                    List.of("Paris", "Tom", "Jerry", "in Paris", "Tom AND Jerry", "paris", "PARIS", "x", "", ".")) {
                assertThat(disk.count(q).count()).as(q).isEqualTo(mem.count(q).count());
            }
            assertThat(disk.count("Paris").count()).isEqualTo(4);
            // the entity string is an n-gram, never parsed as CNF
            assertThat(disk.count("Tom AND Jerry").count()).isEqualTo(1);
            assertThat(disk.cnf("Tom AND Jerry", 100, 1000).count()).isEqualTo(2);
            assertThat(disk.cnf("Tom AND Paris", 2, 1000).count()).isEqualTo(0);
            assertThat(disk.cnf("Tom AND Paris", 3, 1000).count()).isEqualTo(1);
            assertThat(disk.prob("in Paris").prob()).isEqualTo(1.0);
            assertThat(disk.nextTokens("Paris", 10, 100).tokens())
                    .extracting(NextToken::token)
                    .containsExactly("!", ".", "is"); // ties by token string
            assertThat(disk.document(3).tokens()).containsExactly("paris", ",", "PARIS", "and", "Paris", "!");
            assertThat(disk.document(2).tokens()).isEmpty();
        }
    }

    @Test
    void foldedIndexMatchesAnyCase() {
        try (CorpusIndex folded =
                CorpusIndexBuilder.create().tokenizerMode(TokenizerMode.FOLDED).buildInMemory(SMALL.iterator())) {
            assertThat(folded.count("PaRiS").count()).isEqualTo(6);
            assertThat(folded.count("tom and jerry").count()).isEqualTo(1);
            assertThat(folded.stats().mode()).isEqualTo(TokenizerMode.FOLDED);
        }
    }

    @Test
    void documentBoundariesAreNeverCrossed() {
        try (CorpusIndex index = CorpusIndexBuilder.create()
                .buildInMemory(docs("a b", "c d", "b c").iterator())) {
            assertThat(index.count("b c").count()).isEqualTo(1); // only inside the third document
            assertThat(index.count("a b c").count()).isZero();
            assertThat(index.cnf("a AND c", 1000, 1000).count()).isZero();
            assertThat(index.cnf("b AND c", 1000, 1000).count()).isEqualTo(1);
            assertThat(index.nextTokens("b", 10, 100).endOfDocumentCount()).isEqualTo(1);
            SearchDocsResult r = index.searchDocs(CnfQuery.and("b", "c"), 10, 1000, 10);
            assertThat(r.docs()).singleElement().satisfies(d -> {
                assertThat(d.docIndex()).isEqualTo(2);
                assertThat(d.docId()).isEqualTo("d2");
                assertThat(d.spans()).containsExactly(new Span(0, 2));
            });
        }
    }

    @Test
    void wideVocabulariesAndLongShardsUseWiderFields() throws IOException {
        Random rnd = new Random(11);
        List<Document> docs = new ArrayList<>();
        for (int d = 0; d < 80; d++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 1000; i++) {
                sb.append('w').append(rnd.nextInt(400)).append(' ');
            }
            docs.add(new Document("d" + d, sb.toString()));
        }
        Path dir = tmp.resolve("wide");
        CorpusIndexBuilder.create().durable(false).build(docs.iterator(), dir);
        try (CorpusIndex disk = CorpusIndex.open(dir);
                CorpusIndex mem = CorpusIndexBuilder.create().buildInMemory(docs.iterator())) {
            ShardStats s = disk.stats().shards().getFirst();
            assertThat(s.tokenWidth()).isEqualTo(2);
            assertThat(s.pointerWidth()).isEqualTo(3);
            for (int i = 0; i < 200; i++) {
                String q = "w" + rnd.nextInt(450) + (i % 2 == 0 ? "" : " w" + rnd.nextInt(400));
                assertThat(disk.count(q).count()).isEqualTo(mem.count(q).count());
            }
            assertThat(disk.cnf("w1 AND w2", 50, 100_000).count())
                    .isEqualTo(mem.cnf("w1 AND w2", 50, 100_000).count());
        }
    }

    @Test
    void existingDirectoryIsKeptUnlessOverwriteIsRequested() throws IOException {
        Path dir = tmp.resolve("index");
        CorpusIndexBuilder.create().build(SMALL.iterator(), dir);
        assertThatThrownBy(() -> CorpusIndexBuilder.create().build(docs("x").iterator(), dir))
                .isInstanceOf(FileAlreadyExistsException.class);
        CorpusIndexBuilder.create().overwrite(true).build(docs("x y x").iterator(), dir);
        try (CorpusIndex index = CorpusIndex.open(dir)) {
            assertThat(index.count("x").count()).isEqualTo(2);
            assertThat(index.count("Paris").count()).isZero();
        }
        try (Stream<Path> siblings = Files.list(tmp)) {
            assertThat(siblings).containsExactly(dir);
        }
    }

    @Test
    void failedBuildLeavesNothingBehind() throws IOException {
        Path dir = tmp.resolve("index");
        CorpusIndexBuilder b = CorpusIndexBuilder.create().maxTokensPerShard(4);
        assertThatThrownBy(() -> b.build(docs("a b", "a b c d e").iterator(), dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("d1");
        try (Stream<Path> siblings = Files.list(tmp)) {
            assertThat(siblings).isEmpty();
        }
    }

    @Test
    void progressIsReportedPerPhaseAndShard() throws IOException {
        List<BuildProgress.Event> events = Collections.synchronizedList(new ArrayList<>());
        CorpusIndexBuilder.create()
                .maxTokensPerShard(12)
                .expectedTokens(25)
                .progress(events::add)
                .build(SMALL.iterator(), tmp.resolve("p"));
        assertThat(events.getLast().phase()).isEqualTo(BuildProgress.Phase.DONE);
        assertThat(events.getLast().percent()).isEqualTo(100.0);
        assertThat(events.getLast().tokensRead()).isEqualTo(25);
        assertThat(events.getLast().documentsRead()).isEqualTo(4);
        assertThat(events.stream()
                        .filter(e -> e.phase() == BuildProgress.Phase.SORT)
                        .map(BuildProgress.Event::shard))
                .containsExactly(0, 1, 2);
        assertThat(events.stream().filter(e -> e.phase() == BuildProgress.Phase.WRITE))
                .hasSize(3);
        for (BuildProgress.Event e : events) {
            assertThat(e.percent()).isBetween(0.0, 100.0);
        }
    }

    @Test
    void emptyCorpus() throws IOException {
        Path dir = tmp.resolve("empty");
        CorpusIndexBuilder.create().build(Collections.emptyIterator(), dir);
        try (CorpusIndex index = CorpusIndex.open(dir)) {
            assertThat(index.count("").count()).isZero();
            assertThat(index.count("a").count()).isZero();
            assertThat(index.cnf("a AND b", 10, 10).count()).isZero();
            assertThat(index.nextTokens("", 5, 10).promptCount()).isZero();
            assertThat(index.prob("a").prob()).isEqualTo(-1.0);
            assertThat(index.stats().shards()).isEmpty();
        }
    }

    @Test
    void corruptOrForeignDirectoriesAreRejected() throws IOException {
        assertThatThrownBy(() -> CorpusIndex.open(tmp)).isInstanceOf(IOException.class);
        Path dir = tmp.resolve("index");
        CorpusIndexBuilder.create().build(SMALL.iterator(), dir);
        try (FileChannel ch = FileChannel.open(IndexFiles.tableFile(dir, 0), StandardOpenOption.WRITE)) {
            ch.truncate(5);
        }
        assertThatThrownBy(() -> CorpusIndex.open(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("table.0");
        Path dir2 = tmp.resolve("index2");
        CorpusIndexBuilder.create().build(SMALL.iterator(), dir2);
        Path manifest = dir2.resolve(IndexFiles.MANIFEST);
        Files.writeString(manifest, Files.readString(manifest).replace("formatVersion=1", "formatVersion=99"));
        assertThatThrownBy(() -> CorpusIndex.open(dir2))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("format version 99");
    }

    @Test
    void closedIndexRefusesQueries() throws IOException {
        Path dir = tmp.resolve("index");
        CorpusIndexBuilder.create().build(SMALL.iterator(), dir);
        CorpusIndex index = CorpusIndex.open(dir);
        index.close();
        assertThatThrownBy(() -> index.count("Paris")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void compositeSumsMainAndDelta() throws IOException {
        Path dir = tmp.resolve("main");
        CorpusIndexBuilder.create().build(SMALL.iterator(), dir);
        try (CorpusIndex main = CorpusIndex.open(dir);
                CorpusIndex delta = CorpusIndexBuilder.create()
                        .buildInMemory(docs("Paris Paris Zurich").iterator())) {
            CompositeCorpusIndex all = CompositeCorpusIndex.of(main, delta);
            assertThat(all.count("Paris").count()).isEqualTo(6);
            assertThat(all.count("Zurich").count()).isEqualTo(1);
            assertThat(all.count("").count()).isEqualTo(28);
            assertThat(all.document(4).docId()).isEqualTo("d0");
            assertThat(all.searchDocs(CnfQuery.ngram("Zurich"), 10, 10, 10).docs())
                    .singleElement()
                    .satisfies(d -> assertThat(d.docIndex()).isEqualTo(4));
            assertThat(all.with(delta).count("Zurich").count()).isEqualTo(2);
            try (CorpusIndex folded = CorpusIndexBuilder.create()
                    .tokenizerMode(TokenizerMode.FOLDED)
                    .buildInMemory(docs("x").iterator())) {
                assertThatThrownBy(() -> CompositeCorpusIndex.of(main, folded))
                        .isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    @Test
    void invalidArguments() {
        try (CorpusIndex index = CorpusIndexBuilder.create().buildInMemory(SMALL.iterator())) {
            assertThatThrownBy(() -> index.cnf("a AND", 10, 10)).isInstanceOf(InvalidQueryException.class);
            assertThatThrownBy(() -> index.cnf("a AND \"\u200B\"", 10, 10)).isInstanceOf(InvalidQueryException.class);
            assertThatThrownBy(() -> index.cnf("a AND b", -1, 10)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> index.cnf("a AND b", 1, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> index.prob(" ")).isInstanceOf(InvalidQueryException.class);
            assertThatThrownBy(() -> index.prob("Tom", "in Paris")).isInstanceOf(InvalidQueryException.class);
            assertThatThrownBy(() -> index.nextTokens("a", 0, 10)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> index.document(4)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }
}

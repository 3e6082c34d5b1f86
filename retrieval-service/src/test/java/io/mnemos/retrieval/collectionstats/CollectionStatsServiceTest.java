package io.mnemos.retrieval.collectionstats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mnemos.retrieval.collection.DocumentsChanged;
import io.mnemos.retrieval.corpusstats.CorpusIndex;
import io.mnemos.web.problem.NotFoundProblem;
import io.mnemos.web.problem.ServiceUnavailableProblem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rebuild logic of {@link CollectionStatsService} with a real text store and real in-memory suffix-array indexes:
 * debouncing, the max delay, atomic swaps (the old version answers until the new one is in), deletes, replacements,
 * collection deletes, tenant isolation and the rebuild after a restart.
 */
class CollectionStatsServiceTest {
    static final UUID KB = UUID.randomUUID();

    @TempDir
    Path dir;

    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    CollectionStatsService service;

    CollectionStatsService start(Duration debounce, Duration maxDelay) {
        service = new CollectionStatsService(
                new CollectionStatsProperties(true, null, debounce, maxDelay, 1 << 20, Duration.ofSeconds(1)),
                new TenantTextStore(dir),
                meters);
        return service;
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    void write(String tenant, String id, String text) {
        service.onDocumentsChanged(new DocumentsChanged(
                tenant, KB, "kb", List.of(new DocumentsChanged.Written(id, "", text)), List.of(), false));
    }

    void delete(String tenant, String id) {
        service.onDocumentsChanged(new DocumentsChanged(tenant, KB, "kb", List.of(), List.of(id), false));
    }

    long count(String tenant, String ngram) {
        return service.acquire(tenant).count(ngram).count();
    }

    long builds() {
        return meters.timer("mnemos.collectionstats.build").count();
    }

    void idle(String tenant) throws InterruptedException {
        assertThat(service.awaitIdle(tenant, Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void aBurstOfChangesIsOneRebuildAfterTheDebounce() throws Exception {
        start(Duration.ofSeconds(1), Duration.ofSeconds(10));
        for (int i = 0; i < 5; i++) {
            write("acme", "d" + i, "The quokka number " + i + " smiles.");
        }
        // nothing built yet: the first index is still pending
        assertThatThrownBy(() -> service.acquire("acme"))
                .isInstanceOf(ServiceUnavailableProblem.class)
                .hasMessageContaining("being (re)built");
        assertThat(service.status("acme").state()).isEqualTo("building");
        assertThat(service.status("acme").pendingChanges()).isEqualTo(5);
        idle("acme");
        assertThat(builds()).isEqualTo(1);
        assertThat(count("acme", "quokka")).isEqualTo(5);
        CollectionStatsService.Status status = service.status("acme");
        assertThat(status.state()).isEqualTo("ready");
        assertThat(status.documents()).isEqualTo(5);
        assertThat(status.tokens()).isEqualTo(5 * 6);
        assertThat(status.pendingChanges()).isZero();
        assertThat(status.builtAt()).isNotNull();
    }

    @Test
    void continuousChangesAreBuiltNoLaterThanTheMaxDelay() throws Exception {
        start(Duration.ofMillis(400), Duration.ofMillis(600));
        long t0 = System.nanoTime();
        int i = 0;
        // a change every 100 ms keeps postponing the debounce; the max delay still forces a build
        while (builds() == 0 && System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos()) {
            write("acme", "d" + i++, "ongoing change");
            Thread.sleep(100);
        }
        assertThat(builds()).isGreaterThanOrEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void queriesSeeThePreviousVersionUntilTheNewOneIsSwappedIn() throws Exception {
        start(Duration.ofSeconds(1), Duration.ofSeconds(10));
        write("acme", "a", "Old text about the wombat.");
        idle("acme");
        CorpusIndex first = service.acquire("acme");

        write("acme", "b", "New text about the platypus.");
        // pending: the old version still answers, without the new document
        assertThat(service.acquire("acme")).isSameAs(first);
        assertThat(count("acme", "platypus")).isZero();
        assertThat(service.status("acme").pendingChanges()).isEqualTo(1);
        assertThat(service.status("acme").state()).isEqualTo("ready");

        idle("acme");
        assertThat(service.acquire("acme")).isNotSameAs(first);
        assertThat(count("acme", "platypus")).isEqualTo(1);
        assertThat(count("acme", "wombat")).isEqualTo(1);
    }

    @Test
    void replacementsAndDeletesAreReflectedAndAnEmptyTenantIsNotFound() throws Exception {
        start(Duration.ofMillis(100), Duration.ofSeconds(10));
        write("acme", "a", "The lighthouse keeper of Fennick Rock.");
        write("acme", "b", "Another document.");
        idle("acme");
        assertThat(count("acme", "Fennick Rock")).isEqualTo(1);

        write("acme", "a", "The lighthouse keeper moved inland.");
        idle("acme");
        assertThat(count("acme", "Fennick Rock")).isZero();
        assertThat(count("acme", "moved inland")).isEqualTo(1);
        assertThat(service.status("acme").documents()).isEqualTo(2);

        delete("acme", "a");
        idle("acme");
        assertThat(count("acme", "lighthouse")).isZero();
        assertThat(service.status("acme").documents()).isEqualTo(1);

        service.onDocumentsChanged(new DocumentsChanged("acme", KB, "kb", List.of(), List.of("b"), true));
        idle("acme");
        assertThatThrownBy(() -> service.acquire("acme"))
                .isInstanceOf(NotFoundProblem.class)
                .hasMessageContaining("no documents");
        assertThat(service.status("acme").state()).isEqualTo("empty");
        assertThat(service.find("acme")).isEmpty();
    }

    @Test
    void tenantsNeverSeeEachOthersCounts() throws Exception {
        start(Duration.ofMillis(100), Duration.ofSeconds(10));
        write("acme", "same-id", "Acme's secret project Bluebird.");
        write("globex", "same-id", "Globex makes paper clips.");
        idle("acme");
        idle("globex");
        assertThat(count("acme", "Bluebird")).isEqualTo(1);
        assertThat(count("globex", "Bluebird")).isZero();
        assertThat(count("globex", "paper clips")).isEqualTo(1);
        assertThat(count("acme", "paper clips")).isZero();
        assertThatThrownBy(() -> service.acquire("initech")).isInstanceOf(NotFoundProblem.class);
    }

    @Test
    void afterARestartTheIndexIsRebuiltFromTheTextStoreOnFirstUse() throws Exception {
        start(Duration.ofMillis(100), Duration.ofSeconds(10));
        write("acme", "a", "Persisted across restarts: the Ostrander ledger.");
        idle("acme");
        service.close();

        long before = builds();
        start(Duration.ofSeconds(30), Duration.ofSeconds(60));
        Thread.sleep(200);
        assertThat(builds()).as("nothing is built at startup").isEqualTo(before);
        // first use starts the build at once (not after the 30 s debounce); 503 until it is in
        assertThat(service.status("acme").state()).isIn("building", "ready");
        idle("acme");
        assertThat(builds()).isEqualTo(before + 1);
        assertThat(count("acme", "Ostrander ledger")).isEqualTo(1);
        // document ids are collection/document
        assertThat(service.acquire("acme").document(0).docId()).isEqualTo("kb/a");
    }
}

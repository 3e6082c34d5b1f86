package io.mnemos.retrieval.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mnemos.retrieval.bench.BenchEmbedders;
import io.mnemos.retrieval.bench.SciFact;
import io.mnemos.retrieval.bench.SciFactRegression;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checked-in retrieval quality: runs the evaluation that {@code regression/scifact.yaml} describes (SciFact subset,
 * configuration, expected metrics with tolerances) through the real chunk → embed → index → search path, and fails
 * when a metric leaves its tolerance in either direction (an improvement must be recorded in the YAML). Skipped with a
 * message when {@code ../shared/data/scifact} is absent.
 */
class RetrievalRegressionIT {

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void sciFactMetricsStayWithinTolerance() {
        Map<String, Object> spec = SciFactRegression.loadSpec("/regression/scifact.yaml");
        var data = SciFact.locate();
        assumeTrue(data.isPresent(), "SKIPPED: SciFact data not found at ../shared/data/scifact");
        String embedder = (String) ((Map<String, Object>) spec.get("config")).get("embedder");
        List<SciFactRegression.Result> results =
                SciFactRegression.run(spec, SciFact.load(data.get()), BenchEmbedders.create(embedder), dir);
        results.forEach(System.out::println);
        assertThat(results)
                .as("SciFact metrics (regression/scifact.yaml)")
                .allSatisfy(
                        r -> assertThat(r.withinTolerance()).as(r.toString()).isTrue());
    }
}

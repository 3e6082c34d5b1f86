package io.mnemos.orchestrator.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mnemos.model.MiniLmEmbedder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Held-out routing accuracy with the real int8 MiniLM and the shipped exemplars must not fall below the values
 * recorded in {@code routing/regression.properties} minus their tolerance. Skipped with a message when {@code
 * ../shared/data} is absent.
 */
class RoutingRegressionIT {

    @Test
    void heldOutAccuracyDoesNotRegress() throws IOException {
        Optional<Path> data = RoutingSet.locate();
        assumeTrue(data.isPresent(), "SKIPPED: ../shared/data (locomo, multihop, scifact) not found");
        Properties expected = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("routing/regression.properties")) {
            expected.load(in);
        }
        double tolerance = Double.parseDouble(expected.getProperty("tolerance"));
        RoutingSet set = RoutingSet.load(data.get());
        RouteExemplars exemplars = RouteExemplars.fromClasspath(RouteExemplars.DEFAULT_RESOURCE);
        assertThat(set.heldOut()).hasSizeGreaterThanOrEqualTo(100);

        // The shipped exemplars are written for Mnemos: none may be a turn of the evaluation set.
        Set<String> exemplarTexts = exemplars.exemplars().stream()
                .map(e -> e.text().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        assertThat(set.turns()).noneMatch(t -> exemplarTexts.contains(t.text().toLowerCase(Locale.ROOT)));

        try (MiniLmEmbedder model = new MiniLmEmbedder()) {
            SemanticRouter router = new SemanticRouter(
                    model,
                    exemplars,
                    SemanticRouter.Settings.defaults(),
                    ActionScriptMatcher.none(),
                    new SimpleMeterRegistry());
            RoutingEvaluation withContext = RoutingEvaluation.run(router, set.heldOut(), true);
            RoutingEvaluation textOnly = RoutingEvaluation.run(router, set.heldOut(), false);

            assertThat(withContext.accuracy())
                    .as("held-out accuracy with memory context; confusion:%n%s", withContext.confusionMarkdown())
                    .isGreaterThanOrEqualTo(Double.parseDouble(expected.getProperty("heldout.accuracy")) - tolerance);
            assertThat(textOnly.accuracy())
                    .as("held-out accuracy, text only; confusion:%n%s", textOnly.confusionMarkdown())
                    .isGreaterThanOrEqualTo(
                            Double.parseDouble(expected.getProperty("heldout.accuracy.text-only")) - tolerance);
        }
    }
}

package io.mnemos.memory.conversation.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mnemos.memory.conversation.ConversationIndex;
import io.mnemos.memory.profile.TestEmbedders;
import io.mnemos.search.Fusion;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Checks LoCoMo evidence recall against {@code regression/locomo-conversation.yaml} with the real int8 MiniLM and the
 * real Lucene index. Skips (with a message) when {@code ../shared/data/locomo} is absent.
 */
class LocomoRegressionIT {

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void recallStaysWhereItWas() throws Exception {
        var file = Locomo.file();
        assumeTrue(
                file.isPresent(),
                "Shared data ../shared/data/locomo/locomo-dev.json is absent (it sits beside the repository);"
                        + " skipping the LoCoMo regression.");
        Map<String, Object> spec;
        try (InputStream in = getClass().getResourceAsStream("/regression/locomo-conversation.yaml")) {
            spec = new Yaml().load(in);
        }
        List<String> ids = (List<String>) spec.get("conversations");
        Map<String, Object> s = (Map<String, Object>) spec.get("settings");
        double tolerance = ((Number) spec.get("tolerance")).doubleValue();
        List<Locomo.Conversation> convs = Locomo.load(file.get()).stream()
                .filter(c -> ids.contains(c.sampleId()))
                .toList();
        assertThat(convs).hasSize(ids.size());

        ConversationIndex.Settings settings = ConversationIndex.Settings.defaults()
                .withContextWeight(((Number) s.get("contextWeight")).floatValue())
                .withFusion(Fusion.convex(((Number) s.get("alpha")).doubleValue()));
        LocomoEval.Result r = LocomoEval.run(
                convs, TestEmbedders.miniLm(), dir, settings, ((Number) s.get("contextTurns")).intValue());
        System.out.println("LoCoMo regression " + ids + ":\n" + r.table());

        Map<String, Map<String, Number>> expected = (Map<String, Map<String, Number>>) spec.get("expected");
        List<String> failures = new ArrayList<>();
        for (var metric : expected.entrySet()) {
            int k = metric.getKey().equals("recall@5") ? 5 : 10;
            for (var m : metric.getValue().entrySet()) {
                double actual = r.recall(m.getKey(), 0, k);
                double want = m.getValue().doubleValue();
                if (Math.abs(actual - want) > tolerance) {
                    failures.add(String.format(
                            "%s %s = %.3f, expected %.3f ± %.3f",
                            m.getKey(), metric.getKey(), actual, want, tolerance));
                }
            }
        }
        assertThat(failures).as("LoCoMo recall left the checked-in range").isEmpty();
        // the baseline must stay far below search: otherwise the evaluation itself is broken
        assertThat(r.recall("recency", 0, 10)).isLessThan(r.recall("bm25", 0, 10) / 2);
    }
}

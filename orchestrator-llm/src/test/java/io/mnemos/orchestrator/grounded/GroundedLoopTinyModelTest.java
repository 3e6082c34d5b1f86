package io.mnemos.orchestrator.grounded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mnemos.orchestrator.grounded.GenerationTrace.Generation;
import io.mnemos.orchestrator.grounded.GenerationTrace.Verification;
import io.mnemos.orchestrator.llm.LlmClient;
import io.mnemos.orchestrator.llm.LlmClients;
import io.mnemos.orchestrator.llm.LlmProperties;
import io.mnemos.orchestrator.llm.LlmProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The grounded loop end to end on the REAL in-process model ({@code ../shared/models/mnemos-tiny-llama}, provider
 * {@code jlama} built by the llm package's own factory), against a local fake of retrieval-service's verify and search
 * endpoints (a protocol double: the real gate is tested in retrieval-service). The model writes old-novel English and
 * follows no instructions, so this asserts the loop's mechanics on real generated sentences, not their quality.
 *
 * <p>The fake flags every sentence containing a chosen word: the longest word of the first sentence it is asked about
 * (so at least one flag is guaranteed whatever the model writes).
 */
class GroundedLoopTinyModelTest {
    static final String NAME = "mnemos-tiny-llama";

    static Optional<Path> modelDir() {
        String configured = System.getProperty("mnemos.tiny.model", System.getenv("MNEMOS_TINY_MODEL"));
        List<String> candidates = configured != null
                ? List.of(configured)
                : List.of("../../shared/models/" + NAME, "../shared/models/" + NAME, "shared/models/" + NAME);
        return candidates.stream()
                .map(Path::of)
                .filter(p -> Files.isRegularFile(p.resolve("model.safetensors")))
                .map(p -> p.toAbsolutePath().normalize())
                .findFirst();
    }

    static LlmClient llm;

    @BeforeAll
    static void load(@TempDir Path work) {
        Path dir = modelDir().orElse(null);
        assumeTrue(
                dir != null,
                "the real test model " + NAME + " is not here (expected in ../shared/models/" + NAME
                        + " or -Dmnemos.tiny.model=DIR): skipping");
        LlmProperties llmProps = new LlmProperties(
                LlmProvider.JLAMA,
                null,
                null,
                null,
                dir,
                LlmProperties.Quantization.NONE,
                work,
                null,
                Duration.ofSeconds(60),
                0,
                Duration.ofMillis(10),
                64,
                0.0,
                1,
                new LlmProperties.Breaker(50, 10, 4, Duration.ofSeconds(30), 1));
        llm = LlmClients.create(llmProps, new SimpleMeterRegistry());
    }

    private static GroundedGenerator.Request request(FakeRetrieval retrieval) {
        return new GroundedGenerator.Request(
                "acme",
                "Who lived in the old house by the sea?",
                List.of(new Passage(
                        "documents", "d1#0", "The house", "The old house by the sea was empty.", "books/d1")),
                retrieval.url(),
                List.of("books"),
                retrieval.poster());
    }

    @Test
    void realSentencesThatPassAreKeptWithinTheBudget() throws Exception {
        int budget = 40;
        GroundedGenerator generator = new GroundedGenerator(
                llm, new GroundedProperties(true, budget, 20, 2, 1, 4, 200, 0.0, false), new SimpleMeterRegistry());
        try (FakeRetrieval retrieval = new FakeRetrieval()) {
            GroundedGenerator.GroundedAnswer a = generator.generate(request(retrieval));
            GenerationTrace t = a.trace();
            System.out.printf(
                    "grounded loop (nothing flagged) on %s: %.0f ms, %d tokens, stop %s, kept %s%n",
                    NAME, t.timings().get("total"), t.tokensUsed(), t.stopReason(), t.kept());

            assertThat(a.grounded()).isTrue();
            assertThat(t.kept()).isNotEmpty().containsExactlyElementsOf(retrieval.verifiedSentences());
            assertThat(a.text()).isEqualTo(String.join(" ", t.kept()));
            assertThat(t.regenerations()).isZero();
            assertThat(retrieval.calls("/v1/collections/")).isEmpty();
            assertThat(t.tokensUsed()).isPositive().isLessThanOrEqualTo(budget);
            assertThat(t.stopReason()).isIn("token-budget", "end-of-answer", "question-echo");
        }
    }

    @Test
    void theLoopVerifiesRealSentencesRegeneratesAfterAFlagAndStaysInItsBudget() throws Exception {
        int budget = 60;
        GroundedProperties props = new GroundedProperties(true, budget, 20, 2, 1, 4, 200, 0.0, false);
        GroundedGenerator generator = new GroundedGenerator(llm, props, new SimpleMeterRegistry());

        try (FakeRetrieval retrieval = new FakeRetrieval()) {
            AtomicReference<String> chosen = new AtomicReference<>();
            retrieval.flag = sentence -> {
                List<String> words = words(sentence);
                if (chosen.get() == null && !words.isEmpty()) {
                    chosen.set(words.stream()
                            .max(java.util.Comparator.comparingInt(String::length))
                            .orElseThrow());
                }
                return words.contains(chosen.get());
            };
            assertThat(generator.isActive()).isTrue();
            long t0 = System.nanoTime();
            GroundedGenerator.GroundedAnswer a = generator.generate(request(retrieval));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            GenerationTrace t = a.trace();
            System.out.printf(
                    "grounded loop on %s: %d ms, %d tokens, %d regenerations, stop %s, outcome %s, word '%s'%n%s%n",
                    NAME,
                    ms,
                    t.tokensUsed(),
                    t.regenerations(),
                    t.stopReason(),
                    t.outcome(),
                    chosen.get(),
                    JsonMapper.builder()
                            .build()
                            .writerWithDefaultPrettyPrinter()
                            .writeValueAsString(t));

            List<Generation> generations = t.steps().stream()
                    .filter(Generation.class::isInstance)
                    .map(Generation.class::cast)
                    .toList();
            List<Verification> verifications = t.steps().stream()
                    .filter(Verification.class::isInstance)
                    .map(Verification.class::cast)
                    .toList();
            // Real text came out of the model.
            assertThat(generations).isNotEmpty().allSatisfy(g -> assertThat(g.error())
                    .isNull());
            assertThat(generations.getFirst().text()).matches("(?s).*[A-Za-z].*");
            // One verify call per sentence checked, in order, as the turn's tenant.
            assertThat(retrieval.verifiedSentences())
                    .containsExactlyElementsOf(
                            verifications.stream().map(Verification::sentence).toList());
            assertThat(retrieval.calls).allSatisfy(c -> assertThat(c.tenant()).isEqualTo("acme"));
            // The first checked sentence holds the chosen word: flagged, then retrieval and a regeneration.
            assertThat(verifications.getFirst().verdict()).isEqualTo("flagged");
            assertThat(t.regenerations()).isBetween(1, 2);
            assertThat(generations.get(1).purpose()).isEqualTo("regenerate");
            assertThat(retrieval.calls("/v1/collections/books/search")).hasSize(t.regenerations());
            // Flagged sentences are never kept; kept ones passed.
            for (Verification v : verifications) {
                assertThat(v.verdict()).isEqualTo(words(v.sentence()).contains(chosen.get()) ? "flagged" : "kept");
            }
            assertThat(t.kept())
                    .containsExactlyElementsOf(verifications.stream()
                            .filter(v -> v.verdict().equals("kept"))
                            .map(Verification::sentence)
                            .toList());
            // The budget bounds every call and the total.
            assertThat(generations.stream().mapToInt(Generation::outputTokens).sum())
                    .isEqualTo(t.tokensUsed())
                    .isLessThanOrEqualTo(budget);
            assertThat(generations).allSatisfy(g -> assertThat(g.outputTokens()).isLessThanOrEqualTo(g.maxTokens()));
            assertThat(t.stopReason())
                    .isIn("token-budget", "max-rounds", "end-of-answer", "no-progress", "question-echo");
            assertThat(t.timings().get("llm")).isPositive();
            assertThat(a.grounded()).isEqualTo(!t.kept().isEmpty());
            assertThat(ms).isLessThan(60_000);
        }
    }

    private static List<String> words(String sentence) {
        List<String> out = new ArrayList<>();
        for (String w : sentence.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
            if (w.length() >= 3) {
                out.add(w);
            }
        }
        return out;
    }
}

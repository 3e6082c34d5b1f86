package io.mnemos.orchestrator.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-process runner on the real 8M-parameter Llama model in {@code ../shared/models/mnemos-tiny-llama}: loads,
 * tokenizes like Hugging Face, generates exactly PyTorch's greedy tokens, streams, is cancelled mid-stream, is timed,
 * and runs quantized to Q4 on disk. Skipped when the model is absent. Token counts are small to keep it fast.
 */
class JlamaRunnerTest {
    private static final String PROMPT = "It was a dark and stormy night";
    /** Token ids from Hugging Face's tokenizer (the model's train_summary.json), BOS first. */
    private static final int[] PROMPT_IDS = {0, 1076, 325, 262, 1332, 282, 7680, 1047, 948};
    /** PyTorch's greedy continuation (train_summary.json), as text. */
    private static final String GREEDY_START = ". The snow was falling, and the snow\nwas falling.";

    private static Path modelDir;
    private static JlamaRunner runner;

    @BeforeAll
    static void load() {
        modelDir = TinyModel.dir().orElse(null);
        assumeTrue(modelDir != null, TinyModel.MISSING);
        runner = JlamaRunner.load(modelDir, LlmProperties.Quantization.NONE, Path.of("unused"), null);
    }

    @AfterAll
    static void close() {
        if (runner != null) {
            runner.close();
        }
    }

    @Test
    void tokenizesLikeHuggingFace() {
        int[] ids = runner.encode(PROMPT);
        assertThat(runner.bosToken()).isEqualTo(PROMPT_IDS[0]);
        assertThat(ids).containsExactly(java.util.Arrays.copyOfRange(PROMPT_IDS, 1, PROMPT_IDS.length));
        assertThat(runner.decode(ids)).isEqualTo(PROMPT);
        assertThat(runner.contextLength()).isEqualTo(512);
        assertThat(runner.precision()).isEqualTo("BF16");
    }

    @Test
    void greedyGenerationMatchesPyTorchAndIsTimed() {
        List<String> pieces = new CopyOnWriteArrayList<>();

        JlamaRunner.Generation g = runner.generate(PROMPT, 16, 0f, (id, t) -> pieces.add(t), () -> false);

        assertThat(g.text()).startsWith(GREEDY_START);
        assertThat(g.outputTokens()).isEqualTo(16);
        assertThat(g.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(g.promptTokens()).isEqualTo(PROMPT_IDS.length);
        assertThat(String.join("", pieces)).isEqualTo(g.text());
        assertThat(g.promptNanos()).isPositive().isLessThanOrEqualTo(g.totalNanos());
    }

    @Test
    void cancellationStopsTheLoopAtTheNextToken() {
        AtomicInteger seen = new AtomicInteger();

        JlamaRunner.Generation g =
                runner.generate(PROMPT, 200, 0.7f, (id, t) -> seen.incrementAndGet(), () -> seen.get() >= 5);

        assertThat(g.finishReason()).isEqualTo(FinishReason.CANCELLED);
        assertThat(seen.get()).isEqualTo(5);
        assertThat(g.outputTokens()).isEqualTo(5);
    }

    @Test
    void promptLongerThanTheContextIsRejected() {
        String longPrompt = "and the snow was falling ".repeat(200);
        assertThatThrownBy(() -> runner.generate(longPrompt, 4, 0f, (i, t) -> {}, () -> false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not fit the model's context of 512");
    }

    @Test
    void scoresItsOwnGreedyTextAsLikelyAndOtherTextAsLessLikely() {
        // PyTorch's greedy sequence (train_summary.json): the generated part is what the model finds most likely.
        int[] greedy = {0, 1076, 325, 262, 1332, 282, 7680, 1047, 948, 17, 389, 3128, 325, 4270, 15, 282, 264, 3128};
        double[] nll = runner.negativeLogLikelihoods(greedy);
        assertThat(nll).hasSize(greedy.length - 1);
        double generatedPart =
                java.util.Arrays.stream(nll, 8, nll.length).average().orElseThrow();
        double promptPart = java.util.Arrays.stream(nll, 0, 8).average().orElseThrow();
        assertThat(generatedPart).isLessThan(2.0).isLessThan(promptPart);

        int[] other = runner.encode("The old man looked at the sea and said that he would go home.");
        double ppl = Math.exp(java.util.Arrays.stream(runner.negativeLogLikelihoods(other))
                .average()
                .orElseThrow());
        // Far better than chance (8,192 tokens); a mis-loaded model scores in the thousands.
        assertThat(ppl).isBetween(Math.exp(generatedPart), 1000.0);
    }

    @Test
    void clientStreamsTokensAndIsCancelledMidStream(@TempDir Path work) throws Exception {
        TestLlmProperties p = new TestLlmProperties();
        p.provider = LlmProvider.JLAMA;
        p.model = null;
        p.modelDir = modelDir;
        p.workDir = work;
        p.maxTokens = 200;
        p.temperature = 0.7;
        try (ResilientLlmClient client = new ResilientLlmClient(p.build(), new SimpleMeterRegistry())) {
            // Whole answer first: greedy, like PyTorch.
            LlmResult whole = client.generate(
                    LlmPrompt.of(PROMPT),
                    LlmOptions.defaults().withMaxTokens(12).withTemperature(0));
            assertThat(whole).isInstanceOfSatisfying(LlmResult.Completed.class, c -> {
                assertThat(c.generated()).startsWith(GREEDY_START.substring(0, 20));
                assertThat(c.outputTokens()).isEqualTo(12);
            });

            List<String> tokens = new CopyOnWriteArrayList<>();
            CountDownLatch four = new CountDownLatch(4);
            LlmStream s = client.stream(LlmPrompt.of(PROMPT), LlmOptions.defaults(), t -> {
                tokens.add(t);
                four.countDown();
            });
            assertThat(four.await(30, TimeUnit.SECONDS)).isTrue();
            s.cancel();
            int atCancel = tokens.size();
            Thread.sleep(200);

            assertThat(tokens).hasSize(atCancel);
            LlmResult r = s.result().get(5, TimeUnit.SECONDS);
            assertThat(r).isInstanceOfSatisfying(LlmResult.Completed.class, c -> {
                assertThat(c.finishReason()).isEqualTo(FinishReason.CANCELLED);
                assertThat(c.generated()).isEqualTo(String.join("", tokens));
                assertThat(c.timeToFirstToken()).isNotNull().isPositive();
            });
            assertThat(atCancel).isLessThan(200);
            assertThat(client.status().available()).isTrue();
        }
    }

    @Test
    void langChain4jChatModelRunsOnTheSameRunnerWithoutTools(@TempDir Path work) {
        TestLlmProperties p = new TestLlmProperties();
        p.provider = LlmProvider.JLAMA;
        p.modelDir = modelDir;
        p.workDir = work;
        try (ResilientLlmClient client = new ResilientLlmClient(p.build(), new SimpleMeterRegistry())) {
            var chat = client.chatModel().orElseThrow();
            var response = chat.chat(dev.langchain4j.model.chat.request.ChatRequest.builder()
                    .messages(dev.langchain4j.data.message.UserMessage.from(PROMPT))
                    .maxOutputTokens(8)
                    .temperature(0.0)
                    .build());
            assertThat(response.aiMessage().text()).startsWith(". The snow");
            assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(8);

            var withTools = dev.langchain4j.model.chat.request.ChatRequest.builder()
                    .messages(dev.langchain4j.data.message.UserMessage.from(PROMPT))
                    .toolSpecifications(dev.langchain4j.agent.tool.ToolSpecification.builder()
                            .name("lookup")
                            .build())
                    .build();
            assertThatThrownBy(() -> chat.chat(withTools))
                    .isInstanceOf(dev.langchain4j.exception.UnsupportedFeatureException.class);
        }
    }

    @Test
    void quantizesToQ4OnDiskAndGeneratesFromIt(@TempDir Path work) {
        Path q4 = JlamaRunner.quantizeQ4(modelDir, work);

        assertThat(q4).isEqualTo(work.resolve("mnemos-tiny-llama-JQ4"));
        assertThat(q4.resolve(".finished")).exists();
        assertThat(q4.resolve("model.safetensors").toFile().length())
                .as("4-bit blocks are about half of bf16's size")
                .isLessThan(modelDir.resolve("model.safetensors").toFile().length() * 6 / 10);
        assertThat(JlamaRunner.quantizeQ4(modelDir, work))
                .as("a complete copy is reused")
                .isEqualTo(q4);

        try (JlamaRunner q = JlamaRunner.load(modelDir, LlmProperties.Quantization.Q4, work, null)) {
            assertThat(q.precision()).isEqualTo("Q4");
            assertThat(q.encode(PROMPT)).containsExactly(runner.encode(PROMPT));
            JlamaRunner.Generation g = q.generate(PROMPT, 12, 0f, (i, t) -> {}, () -> false);
            assertThat(g.outputTokens()).isEqualTo(12);
            assertThat(g.text()).isNotBlank();
            assertThat(g.text().chars().allMatch(c -> c < 128)).isTrue();
        }
        try (var files = Files.list(work)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("mnemos-tiny-llama-JQ4");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

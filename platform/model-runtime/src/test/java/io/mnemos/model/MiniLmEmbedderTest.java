package io.mnemos.model;

import static io.mnemos.model.SharedModels.MINI_LM;
import static io.mnemos.model.SharedModels.SENTENCES;
import static io.mnemos.model.SharedModels.cosine;
import static io.mnemos.model.SharedModels.norm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Runs the real int8 MiniLM model (no fakes). */
class MiniLmEmbedderTest {

    @Test
    void vectorsHave384DimensionsAndUnitLength() {
        assertThat(MINI_LM.dimension()).isEqualTo(384);
        List<float[]> vectors = MINI_LM.embedAll(SENTENCES);
        assertThat(vectors).hasSize(SENTENCES.size());
        for (float[] v : vectors) {
            assertThat(v).hasSize(384);
            assertThat(norm(v)).isCloseTo(1.0, within(1e-5));
        }
        assertThat(norm(MINI_LM.embed("The cat sat on the mat"))).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void emptyInputGivesEmptyOutputWithoutLoadingTheModel() {
        try (MiniLmEmbedder lazy = new MiniLmEmbedder()) {
            assertThat(lazy.embedAll(List.of())).isEmpty();
            assertThat(lazy.isLoaded()).isFalse();
        }
    }

    @Test
    void loadsLazilyOnFirstUseAndRefusesAfterClose() {
        MiniLmEmbedder lazy = new MiniLmEmbedder();
        assertThat(lazy.isLoaded()).isFalse();
        assertThat(lazy.maxInputTokens()).isEqualTo(256); // known without loading
        assertThat(lazy.embed("wake up")).hasSize(384);
        assertThat(lazy.isLoaded()).isTrue();
        lazy.close();
        assertThat(lazy.isLoaded()).isFalse();
        assertThatThrownBy(() -> lazy.embed("again")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void nullTextsAreRejected() {
        assertThatThrownBy(() -> MINI_LM.embedAll(Arrays.asList("a", null)))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("texts[1]");
        assertThatThrownBy(() -> MINI_LM.embed(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void configIsValidated() {
        assertThatThrownBy(() -> MiniLmEmbedder.Config.defaults().withMaxInputTokens(513))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MiniLmEmbedder.Config.defaults().withBatchSize(0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void equalsLangChain4jsOwnModelForShortTexts() {
        for (String text : SENTENCES.stream().filter(t -> !t.isBlank()).toList()) { // the stock one rejects blanks
            assertThat(cosine(MINI_LM.embed(text), SharedModels.Stock.embed(text)))
                    .as(text)
                    .isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void semanticSanity() {
        float[] cat = MINI_LM.embed("The cat sat on the mat");
        float[] rug = MINI_LM.embed("A cat is sitting on a rug");
        float[] stocks = MINI_LM.embed("Stock markets fell sharply today");
        assertThat(cosine(cat, rug)).isGreaterThan(cosine(cat, stocks) + 0.3);
    }

    @Test
    void embedAllPreservesOrderWhateverTheLengths() {
        // Reverse and shuffle: the output must follow the input, not the internal length sort.
        List<String> shuffled = new ArrayList<>(SENTENCES);
        Collections.shuffle(shuffled, new java.util.Random(7));
        try (MiniLmEmbedder exact =
                new MiniLmEmbedder(MiniLmEmbedder.Config.defaults().withBatchSize(1))) {
            List<float[]> vectors = exact.embedAll(shuffled);
            for (int i = 0; i < shuffled.size(); i++) {
                assertThat(vectors.get(i)).as(shuffled.get(i)).containsExactly(MINI_LM.embed(shuffled.get(i)));
            }
        }
    }

    @Test
    void batchedVectorsMatchSingleOnesWithinInt8Noise() {
        // The model quantizes activations with one scale per batch, so batching moves vectors a little (see javadoc):
        // measured cosine to the single-text vector 0.99-0.995 for sentences, down to 0.967 for "" and "Hello".
        assertCloseToSingle(MINI_LM.embedAll(SENTENCES), SENTENCES);
        // A batch of copies of one text has the same per-batch scales as the text alone.
        String text = SENTENCES.get(5);
        for (float[] v : MINI_LM.embedAll(List.of(text, text, text))) {
            assertThat(cosine(v, MINI_LM.embed(text))).isCloseTo(1.0, within(1e-6));
        }
    }

    /** Batched vectors within int8 batch noise of the single-text ones (measured bounds, with margin). */
    static void assertCloseToSingle(List<float[]> batched, List<String> texts) {
        double sum = 0;
        for (int i = 0; i < texts.size(); i++) {
            double c = cosine(batched.get(i), MINI_LM.embed(texts.get(i)));
            assertThat(c).as(texts.get(i)).isGreaterThan(MINI_LM.countTokens(texts.get(i)) >= 6 ? 0.98 : 0.95);
            sum += c;
        }
        assertThat(sum / texts.size()).isGreaterThan(0.985);
    }

    @Test
    void batchSizeOneGivesExactlyTheSingleTextVectors() {
        List<String> many = IntStream.range(0, 70)
                .mapToObj(i -> SENTENCES.get(i % SENTENCES.size()) + " #" + i)
                .toList();
        try (MiniLmEmbedder exact =
                new MiniLmEmbedder(MiniLmEmbedder.Config.defaults().withBatchSize(1))) {
            List<float[]> vectors = exact.embedAll(many);
            for (int i = 0; i < many.size(); i += 7) {
                assertThat(vectors.get(i)).containsExactly(exact.embed(many.get(i)));
            }
        }
    }

    @Test
    void largeInputsAreSplitIntoBatches() {
        List<String> many = IntStream.range(0, 75)
                .mapToObj(i -> SENTENCES.get(i % SENTENCES.size()) + " " + i)
                .toList();
        try (MiniLmEmbedder small =
                new MiniLmEmbedder(MiniLmEmbedder.Config.defaults().withBatchSize(8))) {
            List<float[]> vectors = small.embedAll(many);
            assertThat(vectors).hasSize(75);
            assertCloseToSingle(vectors, many);
        }
    }

    @Test
    void concurrentCallersGetTheSameVectorsAsSequentialOnes() throws Exception {
        float[][] expected = SENTENCES.stream().map(MINI_LM::embed).toArray(float[][]::new);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> futures = new ArrayList<>();
            for (int r = 0; r < 5; r++) {
                for (String text : SENTENCES) {
                    futures.add(pool.submit(() -> MINI_LM.embed(text)));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                assertThat(cosine(futures.get(i).get(), expected[i % SENTENCES.size()]))
                        .isCloseTo(1.0, within(1e-6));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Words that are one word piece each, so word counts equal token counts. */
    private static List<String> words(int n) {
        String[] vocabulary = ("the cat dog house river money market paper water light green house time people "
                        + "city music game world school night")
                .split(" ");
        return IntStream.range(0, n)
                .mapToObj(i -> vocabulary[(i * 7 + i / vocabulary.length) % vocabulary.length])
                .toList();
    }

    @Test
    void readsUpTo256TokensAndTruncatesTheRest() {
        int limit = MINI_LM.maxInputTokens() - 2; // [CLS] and [SEP]
        assertThat(limit).isEqualTo(254);
        List<String> words = words(400);
        String longText = String.join(" ", words);
        String firstTokens = String.join(" ", words.subList(0, limit));
        assertThat(MINI_LM.countTokens(longText)).isEqualTo(402);
        assertThat(MINI_LM.countTokens(firstTokens)).isEqualTo(256);

        // A text longer than the window embeds exactly like its first 254 word pieces ...
        assertThat(MINI_LM.embed(longText)).containsExactly(MINI_LM.embed(firstTokens));
        // ... and what comes after the window does not matter,
        String otherTail = firstTokens + " " + String.join(" ", Collections.nCopies(100, "banana"));
        assertThat(MINI_LM.embed(otherTail)).containsExactly(MINI_LM.embed(firstTokens));
        // ... but the words between 128 and 254 do (LangChain4j's stock tokenizer stops at 126 word pieces).
        String changedMiddle = String.join(" ", words.subList(0, 200)) + " "
                + String.join(" ", Collections.nCopies(limit - 200, "banana"));
        assertThat(cosine(MINI_LM.embed(changedMiddle), MINI_LM.embed(firstTokens)))
                .isLessThan(0.999);
        assertThat(SharedModels.Stock.embed(changedMiddle)).containsExactly(SharedModels.Stock.embed(firstTokens));
    }

    @Test
    void truncationLimitIsConfigurable() {
        try (MiniLmEmbedder short128 =
                new MiniLmEmbedder(MiniLmEmbedder.Config.defaults().withMaxInputTokens(128))) {
            List<String> words = words(300);
            String longText = String.join(" ", words);
            assertThat(short128.maxInputTokens()).isEqualTo(128);
            assertThat(short128.embed(longText))
                    .containsExactly(short128.embed(String.join(" ", words.subList(0, 126))));
            // 128 is LangChain4j's stock limit: same vector as the stock model, even for long texts.
            assertThat(cosine(short128.embed(longText), SharedModels.Stock.embed(longText)))
                    .isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void countTokensIncludesSpecialTokens() {
        assertThat(MINI_LM.countTokens("")).isEqualTo(2);
        assertThat(MINI_LM.countTokens("hello world")).isEqualTo(4);
        assertThat(SENTENCES.stream().map(MINI_LM::countTokens).collect(Collectors.toList()))
                .allSatisfy(n -> assertThat(n).isBetween(2, 60));
    }

    @Test
    void tokenVectorsAreTheWordPiecesInOrderWithUnitLengthStates() {
        List<MiniLmEmbedder.TokenVectors> out =
                MINI_LM.tokenVectors(List.of("The cat sat on the mat.", "Violins", SENTENCES.get(5)));
        assertThat(out).hasSize(3);
        assertThat(out.get(0).tokens()).containsExactly("the", "cat", "sat", "on", "the", "mat", ".");
        assertThat(out.get(1).tokens()).hasSize(MINI_LM.countTokens("Violins") - 2); // [CLS] and [SEP] left out
        assertThat(out.get(2).vectors().length).isEqualTo(MINI_LM.countTokens(SENTENCES.get(5)) - 2);
        for (MiniLmEmbedder.TokenVectors t : out) {
            assertThat(t.vectors().length).isEqualTo(t.tokens().length);
            for (float[] v : t.vectors()) {
                assertThat(v).hasSize(384);
                assertThat(norm(v)).isCloseTo(1.0, within(1e-5));
            }
        }
        // contextual states of one sentence: the same word twice is closer to itself than to another word
        float[][] v = out.get(0).vectors();
        assertThat(cosine(v[0], v[4])).isGreaterThan(cosine(v[0], v[1]));
        assertThat(MINI_LM.tokenVectors(List.of())).isEmpty();
    }
}

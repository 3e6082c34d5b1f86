package io.mnemos.orchestrator.grounded;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mnemos.orchestrator.grounded.GenerationTrace.Generation;
import io.mnemos.orchestrator.grounded.GenerationTrace.Retrieval;
import io.mnemos.orchestrator.grounded.GenerationTrace.Step;
import io.mnemos.orchestrator.grounded.GenerationTrace.Verification;
import io.mnemos.orchestrator.llm.FinishReason;
import io.mnemos.orchestrator.llm.LlmFailure;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * PROTOCOL TEST: the grounded loop with a scripted LLM against a local HTTP endpoint speaking retrieval-service's
 * verify and search JSON (the real gate is tested in retrieval-service). Checks which sentences are verified, kept
 * and regenerated, the retrieval for flagged claims, the stop conditions and the fallback when the LLM degrades.
 */
class GroundedGeneratorProtocolTest {
    FakeRetrieval retrieval;
    ScriptedLlmClient llm;
    SimpleMeterRegistry meters;

    @BeforeEach
    void start() throws IOException {
        retrieval = new FakeRetrieval();
        retrieval.flag = s -> s.contains("Zorblax");
        llm = new ScriptedLlmClient();
        meters = new SimpleMeterRegistry();
    }

    @AfterEach
    void stop() {
        retrieval.close();
    }

    private GroundedGenerator generator(int budget, int perCall, int maxRounds, boolean failOpen) {
        return new GroundedGenerator(
                llm, new GroundedProperties(true, budget, perCall, maxRounds, 2, 8, 600, 0.0, failOpen), meters);
    }

    private GroundedGenerator.Request request() {
        return new GroundedGenerator.Request(
                "acme",
                "Who invented the telephone?",
                List.of(new Passage("memory", "t-1", "turn", "You asked me about phones yesterday.", null)),
                retrieval.url(),
                List.of("handbook"),
                retrieval.poster());
    }

    @Test
    void aReportingListenerHearsEachKeptSentenceAsItIsKeptAndNeverADroppedOne() {
        llm.then("Paris is in France. Zorblax invented the telephone. It rang at once.", FinishReason.STOP)
                .then("Bell invented the telephone. So the answer is Bell.", FinishReason.STOP);
        List<String> heard = new java.util.ArrayList<>();
        List<Integer> verifiedWhenHeard = new java.util.ArrayList<>();
        GroundedGenerator g = generator(128, 64, 3, true);

        GroundedGenerator.GroundedAnswer a = GroundedGenerator.reporting(
                (mode, sentence) -> {
                    heard.add(mode + ": " + sentence);
                    verifiedWhenHeard.add(retrieval.verifiedSentences().size());
                },
                () -> g.generate(request()));

        assertThat(heard)
                .containsExactly(
                        "grounded: Paris is in France.",
                        "grounded: Bell invented the telephone.",
                        "grounded: So the answer is Bell.");
        // Reported right after its own verification, before the next sentence is verified.
        assertThat(verifiedWhenHeard).containsExactly(1, 3, 4);
        assertThat(a.text()).isEqualTo("Paris is in France. Bell invented the telephone. So the answer is Bell.");
        // Outside reporting(), nobody is told.
        llm.then("Bell invented the telephone. So the answer is Bell.", FinishReason.STOP);
        g.generate(request());
        assertThat(heard).hasSize(3);
    }

    @Test
    void aFlaggedSentenceIsDroppedRetrievedForAndRegeneratedWithThePassages() {
        llm.then("Paris is in France. Zorblax invented the telephone. It rang at once.", FinishReason.STOP)
                .then("Bell invented the telephone. So the answer is Bell.", FinishReason.STOP);

        GroundedGenerator.GroundedAnswer a = generator(128, 64, 3, true).generate(request());

        assertThat(a.grounded()).isTrue();
        assertThat(a.text()).isEqualTo("Paris is in France. Bell invented the telephone. So the answer is Bell.");
        // Every sentence reached is verified once; the one after the flagged sentence is dropped unverified.
        assertThat(retrieval.verifiedSentences())
                .containsExactly(
                        "Paris is in France.",
                        "Zorblax invented the telephone.",
                        "Bell invented the telephone.",
                        "So the answer is Bell.");
        assertThat(retrieval.calls).allSatisfy(c -> assertThat(c.tenant()).isEqualTo("acme"));
        assertThat(retrieval.calls("/v1/collections/handbook/search"))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.body().path("query").asString()).isEqualTo("Zorblax invented");
                    assertThat(c.body().path("k").asInt()).isEqualTo(2);
                });
        // The regeneration continues after the kept sentence, with the retrieved passage first in the prompt.
        assertThat(llm.prompts).hasSize(2);
        String second = llm.prompts.get(1).text();
        assertThat(second)
                .contains("[1] On Zorblax invented: The record says plainly that Zorblax invented is not so.")
                .contains("[2] turn: You asked me about phones yesterday.")
                .endsWith("Answer: Paris is in France.");
        assertThat(llm.prompts.get(0).text()).doesNotContain("Zorblax").endsWith("Answer:");

        GenerationTrace t = a.trace();
        assertThat(t.outcome()).isEqualTo("grounded");
        assertThat(t.stopReason()).isEqualTo("answer-given");
        assertThat(t.regenerations()).isEqualTo(1);
        assertThat(t.tokensUsed()).isEqualTo(12 + 9);
        assertThat(t.steps())
                .extracting(Step::kind)
                .containsExactly(
                        "generation",
                        "verification",
                        "verification",
                        "retrieval",
                        "generation",
                        "verification",
                        "verification");
        Verification flagged = (Verification) t.steps().get(2);
        assertThat(flagged.verdict()).isEqualTo("flagged");
        assertThat(flagged.claims()).singleElement().satisfies(c -> {
            assertThat(c.count()).isZero();
            assertThat(c.threshold()).isEqualTo(1.0);
            assertThat(c.rule()).contains("< 1");
        });
        assertThat(flagged.thresholds()).containsKey("binaryTupleThreshold");
        assertThat(((Retrieval) t.steps().get(3)).added()).hasSize(1);
        assertThat(((Generation) t.steps().get(4)).purpose()).isEqualTo("regenerate");
        assertThat(((Generation) t.steps().get(4)).passages()).isEqualTo(2);
        assertThat(a.passages()).extracting(Passage::source).containsExactly("documents", "memory");
        assertThat(meters.counter("mnemos.grounded.regenerations").count()).isEqualTo(1);
        assertThat(meters.counter("mnemos.grounded.sentences", "verdict", "flagged")
                        .count())
                .isEqualTo(1);
    }

    @Test
    void passingSentencesAreKeptWithoutRetrieval() {
        llm.then("Paris is in France. It is a large city.", FinishReason.STOP);

        GroundedGenerator.GroundedAnswer a = generator(128, 64, 3, true).generate(request());

        assertThat(a.grounded()).isTrue();
        assertThat(a.text()).isEqualTo("Paris is in France. It is a large city.");
        assertThat(a.trace().stopReason()).isEqualTo("end-of-answer");
        assertThat(a.trace().regenerations()).isZero();
        assertThat(retrieval.calls("/v1/collections/")).isEmpty();
        assertThat(retrieval.verifiedSentences()).hasSize(2);
        assertThat(llm.prompts).hasSize(1);
    }

    @Test
    void theTokenBudgetBoundsEveryCallAndEndsTheLoop() {
        // 6 + 4 = 10 tokens: each call asks for at most what is left; an unfinished sentence at the limit is dropped.
        llm.then("A fine day it was. The sun", FinishReason.LENGTH, 6)
                .then("It rained later. Then", FinishReason.LENGTH, 4);

        GroundedGenerator.GroundedAnswer a = generator(10, 6, 3, true).generate(request());

        assertThat(llm.options).extracting(o -> o.maxTokens()).containsExactly(6, 4);
        assertThat(a.text()).isEqualTo("A fine day it was. It rained later.");
        assertThat(a.trace().stopReason()).isEqualTo("token-budget");
        assertThat(a.trace().tokensUsed())
                .isEqualTo(10)
                .isLessThanOrEqualTo(a.trace().tokenBudget());
        assertThat(retrieval.verifiedSentences()).containsExactly("A fine day it was.", "It rained later.");
        // The second call continues the kept text.
        assertThat(llm.prompts.get(1).text()).endsWith("Answer: A fine day it was.");
    }

    @Test
    void aSentenceStillFlaggedAfterMaxRoundsEndsTheLoopAndNothingKeptFallsBack() {
        llm.then("Zorblax did it.", FinishReason.STOP)
                .then("Zorblax did it again.", FinishReason.STOP)
                .then("Never asked for.", FinishReason.STOP);

        GroundedGenerator.GroundedAnswer a = generator(128, 64, 1, true).generate(request());

        assertThat(llm.prompts).hasSize(2); // the first generation and one regeneration
        assertThat(a.grounded()).isFalse();
        assertThat(a.trace().stopReason()).isEqualTo("max-rounds");
        assertThat(a.trace().fallbackReason())
                .contains("no generated sentence was kept")
                .contains("max-rounds");
        assertThat(a.trace().kept()).isEmpty();
        assertThat(retrieval.calls("/v1/collections/")).hasSize(1);
    }

    @Test
    void aDegradedLlmFallsBackWithTheReason() {
        llm.then("Paris is in France.", FinishReason.LENGTH, 5)
                .thenDegraded(LlmFailure.Kind.TIMEOUT, "no answer within 60s");

        GroundedGenerator.GroundedAnswer a = generator(128, 5, 3, true).generate(request());

        assertThat(a.grounded()).isFalse();
        assertThat(a.trace().outcome()).isEqualTo("fallback");
        assertThat(a.trace().stopReason()).isEqualTo("llm-degraded");
        assertThat(a.trace().fallbackReason()).isEqualTo("the language model degraded: timeout: no answer within 60s");
        Generation last = (Generation) a.trace().steps().getLast();
        assertThat(last.finishReason()).isEqualTo("degraded");
        assertThat(last.error()).startsWith("timeout");
    }

    @Test
    void garbageFromTheLlmFallsBack() {
        llm.then("### ... !!! ---", FinishReason.STOP, 7);

        GroundedGenerator.GroundedAnswer a = generator(128, 64, 3, true).generate(request());

        assertThat(a.grounded()).isFalse();
        assertThat(a.trace().stopReason()).isEqualTo("no-progress");
        assertThat(a.trace().fallbackReason()).startsWith("the language model returned no usable text");
        assertThat(retrieval.verifiedSentences()).isEmpty();
    }

    @Test
    void aFailedVerifyCallKeepsTheSentenceUnverifiedWhenFailOpenAndStopsOtherwise() {
        retrieval.verifyStatus = 500;
        llm.then("Paris is in France.", FinishReason.STOP);
        GroundedGenerator.GroundedAnswer open = generator(128, 64, 3, true).generate(request());
        assertThat(open.grounded()).isTrue();
        assertThat(((Verification) open.trace().steps().get(1)).verdict()).isEqualTo("unverified");
        assertThat(((Verification) open.trace().steps().get(1)).error()).contains("HTTP 500");

        llm.then("Paris is in France.", FinishReason.STOP);
        GroundedGenerator.GroundedAnswer closed = generator(128, 64, 3, false).generate(request());
        assertThat(closed.grounded()).isFalse();
        assertThat(closed.trace().stopReason()).isEqualTo("verify-failed");
        assertThat(closed.trace().fallbackReason())
                .startsWith("the grounding gate could not be called")
                .contains("500");
        assertThat(open.trace().unverified()).isEqualTo(1);
    }

    @Test
    void theTraceSerialisesWithStepKinds() {
        llm.then("Zorblax did it.", FinishReason.STOP).then("Bell did it.", FinishReason.STOP);
        GenerationTrace t = generator(128, 64, 3, true).generate(request()).trace();

        JsonNode json = JsonMapper.builder().build().valueToTree(t);

        List<String> kinds = new java.util.ArrayList<>();
        json.path("steps").forEach(step -> kinds.add(step.path("kind").asString()));
        assertThat(kinds).containsExactly("generation", "verification", "retrieval", "generation", "verification");
        assertThat(json.path("timings").has("verify")).isTrue();
        assertThat(json.path("steps").get(1).path("claims").get(0).path("count").asInt())
                .isZero();
    }
}

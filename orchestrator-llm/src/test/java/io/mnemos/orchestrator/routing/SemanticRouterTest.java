package io.mnemos.orchestrator.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mnemos.orchestrator.routing.RouteDecision.Basis;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Rules, the k-NN vote, the thresholds and the known-name cue, with a word-overlap fake embedder. */
class SemanticRouterTest {

    private static final RouteExemplars EXEMPLARS = RouteExemplars.parse(
            List.of(
                    "# test exemplars",
                    "MEMORY\twhen did she adopt the puppy",
                    "MEMORY\twhat gift did he give his sister",
                    "DOCUMENTS\twhich studio produced the film",
                    "DOCUMENTS\twhat year was the university founded",
                    "TASK\tschedule a meeting tomorrow",
                    "TASK\tsend an email to the team",
                    "CHITCHAT\thello there friend",
                    "CHITCHAT\tthanks a lot"),
            "test");

    private final WordEmbedder embedder = new WordEmbedder();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private SemanticRouter router(SemanticRouter.Settings settings, ActionScriptMatcher scripts) {
        return new SemanticRouter(embedder, EXEMPLARS, settings, scripts, meters);
    }

    private SemanticRouter router(SemanticRouter.Settings settings) {
        return router(settings, ActionScriptMatcher.none());
    }

    private static SemanticRouter.Settings settings(int k, double minConfidence, double minSimilarity) {
        return new SemanticRouter.Settings(k, minConfidence, minSimilarity, Route.CHITCHAT, 0.5, 0.0, 0.0);
    }

    @Test
    void nearestExemplarsDecideAndAreReportedForTheTrace() {
        RouteDecision d =
                router(settings(1, 0.5, 0.2)).route(TurnInput.text("t", "Which studio produced the film Alien?"));

        assertThat(d.routes()).containsExactly(Route.DOCUMENTS);
        assertThat(d.basis()).isEqualTo(Basis.SEMANTIC);
        assertThat(d.confidence()).isEqualTo(1.0);
        assertThat(d.nearest()).hasSize(1);
        assertThat(d.nearest().getFirst().exemplar()).isEqualTo("which studio produced the film");
        assertThat(d.nearest().getFirst().similarity()).isGreaterThan(0.8);
        assertThat(d.timings().totalNanos()).isGreaterThanOrEqualTo(d.timings().embedNanos());
        assertThat(d.timings().embedNanos()).isPositive();
    }

    @Test
    void similarityWeightedVoteOfKNeighbours() {
        // "send an email to the team about the film": TASK exemplar shares 4 words, DOCUMENTS exemplars share 1-2.
        RouteDecision d =
                router(settings(3, 0.0, 0.0)).route(TurnInput.text("t", "send an email to the team about the film"));

        assertThat(d.primary()).isEqualTo(Route.TASK);
        assertThat(d.nearest()).hasSize(3);
        assertThat(d.nearest().getFirst().route()).isEqualTo(Route.TASK);
        // the nearest are sorted best first
        assertThat(d.nearest().get(0).similarity())
                .isGreaterThanOrEqualTo(d.nearest().get(1).similarity());
        assertThat(d.nearest().get(1).similarity())
                .isGreaterThanOrEqualTo(d.nearest().get(2).similarity());
        assertThat(d.confidence()).isGreaterThan(0.5).isLessThan(1.0);
    }

    @Test
    void turnUnlikeEveryExemplarTakesTheFallback() {
        SemanticRouter.Settings s = new SemanticRouter.Settings(3, 0.0, 0.2, Route.DOCUMENTS, 0.5, 0.0, 0.0);
        RouteDecision d = router(s).route(TurnInput.text("t", "zebra quantum marmalade"));

        assertThat(d.routes()).containsExactly(Route.DOCUMENTS);
        assertThat(d.basis()).isEqualTo(Basis.FALLBACK);
        assertThat(d.reason()).contains("fallback DOCUMENTS");
    }

    @Test
    void splitVoteBelowMinConfidenceTakesTheFallback() {
        // About as close to one MEMORY as to one DOCUMENTS exemplar: each gets about half of the vote.
        String turn = "puppy studio";
        RouteDecision strict = router(settings(2, 0.6, 0.0)).route(TurnInput.text("t", turn));
        RouteDecision lenient = router(settings(2, 0.5, 0.0)).route(TurnInput.text("t", turn));

        assertThat(strict.basis()).isEqualTo(Basis.FALLBACK);
        assertThat(strict.primary()).isEqualTo(Route.CHITCHAT);
        // the confidence is the winner's share of the similarity-weighted vote
        double a = strict.nearest().get(0).similarity();
        double b = strict.nearest().get(1).similarity();
        assertThat(strict.nearest())
                .extracting(RouteDecision.Neighbour::route)
                .containsExactlyInAnyOrder(Route.MEMORY, Route.DOCUMENTS);
        assertThat(strict.confidence()).isCloseTo(a / (a + b), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(strict.confidence()).isBetween(0.5, 0.6);
        assertThat(lenient.basis()).isEqualTo(Basis.SEMANTIC);
        assertThat(lenient.primary()).isIn(Route.MEMORY, Route.DOCUMENTS);
    }

    @Test
    void knownNameTipsACloseVoteTowardsMemoryButNotAClearOne() {
        SemanticRouter router = router(settings(2, 0.0, 0.0));
        // Closer to DOCUMENTS (the film studio) than to MEMORY (what did ... give): DOCUMENTS without context.
        String question = "what did Tim give from the film studio";
        TurnInput withoutName = TurnInput.text("t", question);
        TurnInput withName = withoutName.withKnownNames(Set.of("Tim", "Gina"));
        TurnInput lowerCase =
                TurnInput.text("t", "what did tim give from the film studio").withKnownNames(Set.of("Tim"));

        assertThat(router.route(withoutName).primary()).isEqualTo(Route.DOCUMENTS);
        RouteDecision named = router.route(withName);
        assertThat(named.primary()).isEqualTo(Route.MEMORY);
        assertThat(named.reason()).contains("known person 'Tim'");
        assertThat(router.route(lowerCase).primary()).isEqualTo(Route.DOCUMENTS);
        // A clear task keeps its route even when it names a known person.
        TurnInput task = TurnInput.text("t", "send an email to the team Tim").withKnownNames(Set.of("Tim"));
        assertThat(router.route(task).primary()).isEqualTo(Route.TASK);
    }

    @Test
    void unknownProperNounsTipACloseVoteTowardsDocuments() {
        SemanticRouter.Settings s = new SemanticRouter.Settings(2, 0.0, 0.0, Route.CHITCHAT, 0.5, 0.5, 0.0);
        SemanticRouter router = router(s);
        // Closer to MEMORY (gift, sister) than to DOCUMENTS (film).
        String question = "what gift did he give his sister from the film";
        Set<String> memory = Set.of("Gina");
        assertThat(router.route(TurnInput.text("t", question).withKnownNames(memory))
                        .primary())
                .isEqualTo(Route.MEMORY);

        RouteDecision publicFigure =
                router.route(TurnInput.text("t", question + " Casablanca").withKnownNames(memory));
        assertThat(publicFigure.primary()).isEqualTo(Route.DOCUMENTS);
        assertThat(publicFigure.reason()).contains("[Casablanca]");
        // A name the memory knows is no evidence for documents.
        assertThat(router.route(TurnInput.text("t", question + " Casablanca").withKnownNames(Set.of("Casablanca")))
                        .primary())
                .isEqualTo(Route.MEMORY);
        // Without a memory context, or with both cues off, the vote alone decides.
        assertThat(router.route(TurnInput.text("t", question + " Casablanca")).primary())
                .isEqualTo(Route.MEMORY);
        assertThat(router(s.withoutCues())
                        .route(TurnInput.text("t", question + " Casablanca").withKnownNames(memory))
                        .primary())
                .isEqualTo(Route.MEMORY);
    }

    @Test
    void firstPersonQuestionAboutTheUsersPastTipsACloseVoteTowardsMemory() {
        String question = "what did I give from the film studio";
        SemanticRouter.Settings off = settings(2, 0.0, 0.0);

        assertThat(router(off).route(TurnInput.text("t", question)).primary()).isEqualTo(Route.DOCUMENTS);
        RouteDecision on = router(off.withFirstPersonWeight(0.5)).route(TurnInput.text("t", question));
        assertThat(on.primary()).isEqualTo(Route.MEMORY);
        assertThat(on.reason()).contains("asks about own past");
        // a request that mentions "my" is not a question about the past
        assertThat(router(off.withFirstPersonWeight(0.5))
                        .route(TurnInput.text("t", "send an email to the team about my film"))
                        .primary())
                .isEqualTo(Route.TASK);
    }

    @Test
    void imageAttachedRoutesToVisionWithoutEmbeddingAnEmptyText() {
        TurnInput turn =
                new TurnInput("t", "", List.of(new TurnInput.Attachment(TurnInput.Modality.IMAGE, "abc")), Set.of());
        RouteDecision d = router(settings(1, 0.5, 0.2)).route(turn);

        assertThat(d.routes()).containsExactly(Route.VISION);
        assertThat(d.basis()).isEqualTo(Basis.RULE);
        assertThat(d.reason()).isEqualTo("rule:image-attached");
        assertThat(embedder.embedCalls).hasValue(0);
        assertThat(embedder.embedAllCalls).hasValue(0);
    }

    @Test
    void imageWithAConfidentQuestionAddsTheQuestionsRoute() {
        TurnInput aboutMemory = new TurnInput(
                "t",
                "when did she adopt the puppy in this photo",
                List.of(new TurnInput.Attachment(TurnInput.Modality.IMAGE, "abc")),
                Set.of());
        TurnInput smallTalk = new TurnInput(
                "t",
                "hello there friend",
                List.of(new TurnInput.Attachment(TurnInput.Modality.IMAGE, "abc")),
                Set.of());
        SemanticRouter router = router(settings(1, 0.5, 0.2));

        assertThat(router.route(aboutMemory).routes()).containsExactly(Route.VISION, Route.MEMORY);
        assertThat(router.route(smallTalk).routes()).containsExactly(Route.VISION);
    }

    @Test
    void audioAloneIsNoRule() {
        TurnInput turn = new TurnInput(
                "t",
                "schedule a meeting tomorrow",
                List.of(new TurnInput.Attachment(TurnInput.Modality.AUDIO, "a")),
                Set.of());
        assertThat(router(settings(1, 0.5, 0.2)).route(turn).routes()).containsExactly(Route.TASK);
    }

    @Test
    void matchingActionScriptReplaysWithoutEmbedding() {
        ActionScriptMatcher scripts = turn -> turn.text().contains("invoice")
                ? Optional.of(new ActionScriptMatcher.Match("script-42", 0.93))
                : Optional.empty();
        SemanticRouter router = router(settings(1, 0.5, 0.2), scripts);

        RouteDecision replay = router.route(TurnInput.text("t", "hello, file the invoice like last month"));
        assertThat(replay.routes()).containsExactly(Route.TASK);
        assertThat(replay.basis()).isEqualTo(Basis.RULE);
        assertThat(replay.reason()).contains("script-42").contains("0.930");
        assertThat(embedder.embedCalls).hasValue(0);

        assertThat(router.route(TurnInput.text("t", "hello there friend")).primary())
                .isEqualTo(Route.CHITCHAT);
    }

    @Test
    void emptyTextTakesTheFallbackWithoutEmbedding() {
        RouteDecision d = router(settings(1, 0.5, 0.2)).route(TurnInput.text("t", "   "));

        assertThat(d.routes()).containsExactly(Route.CHITCHAT);
        assertThat(d.basis()).isEqualTo(Basis.FALLBACK);
        assertThat(embedder.embedCalls).hasValue(0);
    }

    @Test
    void aDecisionCarriesTheTurnsVectorForTheSpecialistsButARuleDecisionHasNone() {
        SemanticRouter router = router(settings(1, 0.5, 0.2));
        RouteDecision d = router.route(TurnInput.text("t", "Which studio produced the film Alien?"));
        assertThat(d.queryVector()).isNotNull();
        assertThat(d.queryVector().model()).isEqualTo(embedder.modelId());
        assertThat(d.queryVector().vector())
                .containsExactly(WordEmbedder.vector("Which studio produced the film Alien?"));

        RouteDecision fallback = router.route(TurnInput.text("t", "zebra quantum marmalade"));
        assertThat(fallback.basis()).isEqualTo(Basis.FALLBACK);
        assertThat(fallback.queryVector())
                .as("embedded, so still worth passing on")
                .isNotNull();

        assertThat(router.route(TurnInput.text("t", " ")).queryVector()).isNull();
    }

    @Test
    void warmUpEmbedsTheExemplarsAndOneTurnSoTheFirstTurnPaysForNeither() {
        SemanticRouter router = router(settings(1, 0.5, 0.2));
        router.warmUp();
        assertThat(embedder.embedAllCalls).hasValue(1);
        assertThat(embedder.embedCalls).hasValue(1);
        router.route(TurnInput.text("t", "thanks a lot"));
        assertThat(embedder.embedAllCalls).hasValue(1);
    }

    @Test
    void exemplarsAreEmbeddedLazilyAndOnce() {
        SemanticRouter router = router(settings(1, 0.5, 0.2));
        assertThat(embedder.embedAllCalls).hasValue(0);

        router.route(TurnInput.text("t", "thanks a lot"));
        router.route(TurnInput.text("t", "schedule a meeting tomorrow"));

        assertThat(embedder.embedAllCalls).hasValue(1);
        assertThat(embedder.embedCalls).hasValue(2);
    }

    @Test
    void decisionsAreCountedAndTimed() {
        SemanticRouter router = router(settings(1, 0.5, 0.2));
        router.route(TurnInput.text("t", "thanks a lot"));
        router.route(TurnInput.text("t", "zebra quantum marmalade"));

        assertThat(meters.get("mnemos.routing.decisions")
                        .tag("route", "chitchat")
                        .tag("basis", "semantic")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(meters.get("mnemos.routing.decisions")
                        .tag("basis", "fallback")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(meters.get("mnemos.routing.duration").timer().count()).isEqualTo(2);
    }

    @Test
    void aFailingEmbedderDegradesToTheFallbackButRulesStillApply() {
        io.mnemos.model.Embedder broken = new WordEmbedder() {
            @Override
            public java.util.List<float[]> embedAll(java.util.List<String> texts) {
                throw new IllegalStateException("model not loadable");
            }
        };
        SemanticRouter router =
                new SemanticRouter(broken, EXEMPLARS, settings(1, 0.5, 0.2), ActionScriptMatcher.none(), meters);

        RouteDecision d = router.route(TurnInput.text("t", "schedule a meeting tomorrow"));
        assertThat(d.routes()).containsExactly(Route.CHITCHAT);
        assertThat(d.basis()).isEqualTo(Basis.FALLBACK);
        assertThat(d.reason()).contains("model not loadable");

        TurnInput image = new TurnInput(
                "t", "what is this", List.of(new TurnInput.Attachment(TurnInput.Modality.IMAGE, "h")), Set.of());
        assertThat(router.route(image).routes()).containsExactly(Route.VISION);
    }

    @Test
    void taskCannotBeTheFallback() {
        assertThatThrownBy(() -> new SemanticRouter.Settings(3, 0.5, 0.2, Route.TASK, 0.5, 0.5, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TASK");
    }
}

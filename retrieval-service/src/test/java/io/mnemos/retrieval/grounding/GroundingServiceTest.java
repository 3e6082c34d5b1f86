package io.mnemos.retrieval.grounding;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.mnemos.retrieval.corpus.CorpusIndexService;
import io.mnemos.retrieval.corpus.TestCorpus;
import io.mnemos.retrieval.corpusstats.CorpusIndex;
import io.mnemos.retrieval.search.Retriever;
import io.mnemos.retrieval.search.SearchHit;
import io.mnemos.retrieval.search.SearchRequest;
import io.mnemos.retrieval.search.SearchResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * The gate's decisions on a small real corpus built on disk (suffix-array index, OpenNLP extraction): rare entities
 * retrieve, common ones do not; a fabricated pair that never co-occurs is flagged, a true pair is not.
 */
class GroundingServiceTest {
    @TempDir
    static Path root;

    static CorpusIndexService corpus;
    static CorpusIndex index;
    static OpenNlpEntityExtractor extractor;
    static final List<SearchRequest> searches = new ArrayList<>();

    /** Thresholds for a 300-token corpus: mean entity count below 5 retrieves; a head seen fewer than 2 times is rare. */
    static final GroundingProperties PROPS = GroundingProperties.defaults().withThresholds(5, 2, 1);

    @BeforeAll
    static void setUp() throws Exception {
        corpus = TestCorpus.ready(root);
        index = corpus.acquire();
        extractor = new OpenNlpEntityExtractor(PROPS.mergeMinCount());
    }

    @AfterAll
    static void tearDown() {
        if (corpus != null) {
            corpus.acquire().close();
        }
    }

    static GroundingService gate(GroundingProperties props, Retriever retriever) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        if (retriever != null) {
            beans.addBean("retriever", retriever);
        }
        return new GroundingService(
                corpus,
                extractor,
                props,
                beans.getBeanProvider(Retriever.class),
                beans.getBeanProvider(MeterRegistry.class));
    }

    static Retriever recordingRetriever() {
        return request -> {
            searches.add(request);
            return new SearchResponse(
                    List.of(new SearchHit(
                            request.collection(),
                            "doc-1",
                            "doc-1#0",
                            "Chawton",
                            "Chawton is a village.",
                            1.5,
                            Map.of(),
                            List.of(),
                            null)),
                    10);
        };
    }

    @Test
    void commonEntityDoesNotRetrieve() {
        AssessResponse r = gate(PROPS, null)
                .assess("t1", new AssessRequest("Which river flows through London?", null, null, null));
        long london = index.count("London").count();
        assertThat(london).isGreaterThanOrEqualTo(10);
        assertThat(r.entitySource()).isEqualTo("extracted");
        assertThat(r.entities()).containsExactly(new AssessResponse.EntityCount("London", london));
        assertThat(r.meanCount()).isEqualTo((double) london);
        assertThat(r.retrieve()).isFalse();
        assertThat(r.rule()).isEqualTo("mean-at-or-above-threshold");
        assertThat(r.hitsStatus()).isEqualTo("not-retrieving");
        assertThat(r.hits()).isNull();
    }

    @Test
    void rareEntityRetrievesFromTheCallersCollection() {
        searches.clear();
        AssessResponse r = gate(PROPS, recordingRetriever())
                .assess("tenant-a", new AssessRequest("Who lived in Chawton?", null, "books", 2));
        assertThat(r.entities()).containsExactly(new AssessResponse.EntityCount("Chawton", 1));
        assertThat(r.retrieve()).isTrue();
        assertThat(r.rule()).isEqualTo("mean-below-threshold");
        assertThat(r.explanation()).contains("1.0 < question threshold 5");
        assertThat(r.retrievalQuery()).isEqualTo("Who lived in Chawton?");
        assertThat(r.hitsStatus()).isEqualTo("returned");
        assertThat(r.hits()).hasSize(1);
        assertThat(searches).hasSize(1);
        assertThat(searches.getFirst().tenant()).isEqualTo("tenant-a");
        assertThat(searches.getFirst().collection()).isEqualTo("books");
        assertThat(searches.getFirst().k()).isEqualTo(2);
    }

    @Test
    void unknownEntityRetrievesButWithoutRetrieverSaysSo() {
        AssessResponse r = gate(PROPS, null)
                .assess("t1", new AssessRequest("Who founded Zorblax Industries?", null, "books", null));
        assertThat(r.entities()).extracting(AssessResponse.EntityCount::text).containsExactly("Zorblax Industries");
        assertThat(r.entities().getFirst().count()).isZero();
        assertThat(r.retrieve()).isTrue();
        assertThat(r.hitsStatus()).isEqualTo("retriever-unavailable");
    }

    @Test
    void meanNotAnyDecides() {
        // Chawton (1) and London (>= 10): the mean is above 5, so no retrieval although one entity is rare
        AssessResponse r =
                gate(PROPS, null).assess("t1", new AssessRequest("Is Chawton near London?", null, null, null));
        assertThat(r.entities()).extracting(AssessResponse.EntityCount::text).containsExactly("Chawton", "London");
        assertThat(r.meanCount()).isGreaterThanOrEqualTo(5.0);
        assertThat(r.retrieve()).isFalse();
    }

    @Test
    void givenEntitiesReplaceExtractionAndNoEntitiesMeansNoRetrieval() {
        AssessResponse given = gate(PROPS, null)
                .assess(
                        "t1",
                        new AssessRequest(
                                "anything at all", List.of("Elizabeth Bennet", "Elizabeth Bennet"), null, null));
        assertThat(given.entitySource()).isEqualTo("given");
        assertThat(given.entities()).containsExactly(new AssessResponse.EntityCount("Elizabeth Bennet", 1));
        assertThat(given.retrieve()).isTrue();

        AssessResponse none =
                gate(PROPS, null).assess("t1", new AssessRequest("what is this about?", null, null, null));
        assertThat(none.entities()).isEmpty();
        assertThat(none.meanCount()).isNull();
        assertThat(none.retrieve()).isFalse();
        assertThat(none.rule()).isEqualTo("no-entities");
    }

    @Test
    void negativeThresholdDisablesStageOne() {
        AssessResponse r = gate(PROPS.withThresholds(-1, 2, 1), null)
                .assess("t1", new AssessRequest("Who lived in Chawton?", null, null, null));
        assertThat(r.retrieve()).isFalse();
        assertThat(r.rule()).isEqualTo("stage-disabled");
    }

    @Test
    void truePairIsSupportedAndFabricatedPairIsFlagged() {
        VerifyResponse r = gate(PROPS, null)
                .verify(new VerifyRequest(
                        "Hamlet was written by William Shakespeare. Hamlet was written by Charles Dickens.",
                        null,
                        null));
        assertThat(r.sentences()).hasSize(2);
        VerifyResponse.ClaimCheck truth = r.sentences().get(0).claims().getFirst();
        assertThat(truth.kind()).isEqualTo("triple");
        assertThat(truth.head()).isEqualTo("Hamlet");
        assertThat(truth.relation()).isEqualTo("was written by");
        assertThat(truth.tail()).isEqualTo("William Shakespeare");
        assertThat(truth.count())
                .isEqualTo(index.cnf("Hamlet AND William Shakespeare", 1000, 500_000)
                        .count())
                .isPositive();
        assertThat(truth.flagged()).isFalse();
        assertThat(truth.retrievalQuery()).isNull();

        VerifyResponse.ClaimCheck fake = r.sentences().get(1).claims().getFirst();
        assertThat(fake.tail()).isEqualTo("Charles Dickens");
        assertThat(fake.count()).isZero();
        assertThat(fake.flagged()).isTrue();
        assertThat(fake.rule()).contains("0 < threshold 1").contains("within 1000 tokens");
        assertThat(fake.retrievalQuery()).isEqualTo("Hamlet was written by");
        assertThat(r.flagged()).isTrue();
        assertThat(r.firstFlaggedSentence()).isEqualTo(1);
        assertThat(r.cleanText()).isEqualTo("Hamlet was written by William Shakespeare.");
        assertThat(r.queries()).containsExactly("Hamlet was written by");
        assertThat(r.thresholds()).containsEntry("ternaryTupleThreshold", 1.0).containsEntry("maxDiffTokens", 1000);
    }

    @Test
    void pairsThatExistInDifferentDocumentsAreFlagged() {
        // both are common in the corpus, but never within one document
        VerifyResponse r = gate(PROPS, null)
                .verify(new VerifyRequest("Sherlock Holmes met Elizabeth Bennet in London.", null, null));
        List<VerifyResponse.ClaimCheck> claims = r.sentences().getFirst().claims();
        assertThat(claims).extracting(VerifyResponse.ClaimCheck::tail).containsExactly("Elizabeth Bennet", "London");
        assertThat(claims.get(0).flagged()).isTrue();
        assertThat(claims.get(1).flagged()).isFalse();
        assertThat(claims.get(1).count()).isPositive();
    }

    @Test
    void rareHeadOfAPairIsFlaggedAndCommonHeadIsNot() {
        VerifyResponse r = gate(PROPS, null)
                .verify(new VerifyRequest(
                        "Zorblax Quintaine was a celebrated poet. London is a large city.", null, null));
        VerifyResponse.ClaimCheck rare = r.sentences().get(0).claims().getFirst();
        assertThat(rare.kind()).isEqualTo("pair");
        assertThat(rare.head()).isEqualTo("Zorblax Quintaine");
        assertThat(rare.count()).isZero();
        assertThat(rare.flagged()).isTrue();
        assertThat(rare.retrievalQuery()).isEqualTo("Zorblax Quintaine was a celebrated poet");
        VerifyResponse.ClaimCheck common = r.sentences().get(1).claims().getFirst();
        assertThat(common.head()).isEqualTo("London");
        assertThat(common.flagged()).isFalse();
        assertThat(r.firstFlaggedSentence()).isZero();
        assertThat(r.cleanText()).isEmpty();
    }

    @Test
    void hedgesStopAndAnswersEndTheCheck() {
        VerifyResponse hedged = gate(PROPS, null)
                .verify(new VerifyRequest(
                        "The passage does not mention his birthplace. Hamlet was written by Charles Dickens.",
                        null,
                        null));
        assertThat(hedged.sentences())
                .extracting(VerifyResponse.SentenceCheck::status)
                .containsExactly("hedge", "not-checked");
        assertThat(hedged.flagged()).isFalse();

        VerifyResponse answered = gate(PROPS, null)
                .verify(new VerifyRequest(
                        "Austen wrote Emma. So the answer is Emma. Hamlet was written by Charles Dickens.",
                        null,
                        null));
        assertThat(answered.sentences())
                .extracting(VerifyResponse.SentenceCheck::status)
                .containsExactly("checked", "answer", "not-checked");
        assertThat(answered.flagged()).isFalse();
    }

    @Test
    void givenEntitiesAreFoundInTheText() {
        VerifyResponse r = gate(PROPS, null)
                .verify(new VerifyRequest(
                        "The Globe Theatre staged plays by Charles Dickens.",
                        null,
                        List.of("Globe Theatre", "Charles Dickens")));
        assertThat(r.entitySource()).isEqualTo("given");
        VerifyResponse.ClaimCheck c = r.sentences().getFirst().claims().getFirst();
        assertThat(c.head()).isEqualTo("Globe Theatre");
        assertThat(c.tail()).isEqualTo("Charles Dickens");
        assertThat(c.flagged()).isTrue();
    }
}

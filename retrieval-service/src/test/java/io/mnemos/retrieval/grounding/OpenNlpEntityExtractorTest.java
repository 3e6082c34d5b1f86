package io.mnemos.retrieval.grounding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Entity and tuple extraction on real sentences (HotpotQA-style questions, novel summaries). */
class OpenNlpEntityExtractorTest {
    static OpenNlpEntityExtractor extractor;

    @BeforeAll
    static void load() {
        extractor = new OpenNlpEntityExtractor(2);
    }

    /** Corpus counts from a map; absent phrases count 0. */
    static TermCounter corpus(Map<String, Long> counts) {
        return ngram -> counts.getOrDefault(ngram, 0L);
    }

    @Test
    void properNounRunsAreNames() {
        assertThat(extractor.entities("Elizabeth Bennet lives at Longbourn with her sister Jane.", TermCounter.NONE))
                .containsExactly("Elizabeth Bennet", "Longbourn", "Jane");
        assertThat(extractor.entities("Sherlock Holmes lived at Baker Street with Dr. Watson.", TermCounter.NONE))
                .containsExactly("Sherlock Holmes", "Baker Street", "Dr. Watson");
        assertThat(extractor.entities("If Gallu is a demon Lilu is what?", TermCounter.NONE))
                .containsExactly("Gallu", "Lilu");
    }

    @Test
    void questionWordsAndCommonWordsAreNotNames() {
        assertThat(extractor.entities("What is the capital of the country?", TermCounter.NONE))
                .isEmpty();
        assertThat(extractor.entities("", TermCounter.NONE)).isEmpty();
        assertThat(extractor.entities("Who wrote Hamlet?", TermCounter.NONE)).containsExactly("Hamlet");
    }

    @Test
    void connectorPhrasesMergeOnlyWhenTheCorpusKnowsThem() {
        String s = "The Duke of Wellington defeated Napoleon at Waterloo in 1815.";
        assertThat(extractor.entities(s, TermCounter.NONE))
                .containsExactly("Duke", "Wellington", "Napoleon", "Waterloo");
        assertThat(extractor.entities(s, corpus(Map.of("Duke of Wellington", 59L))))
                .containsExactly("Duke of Wellington", "Napoleon", "Waterloo");
        List<Mention> mentions = extractor.mentions(s, corpus(Map.of("Duke of Wellington", 59L)));
        assertThat(mentions.getLast()).isEqualTo(new Mention("1815", 56, 60, Mention.Kind.NUMBER));
    }

    @Test
    void titlesTheTaggerReadsAsNounsComeFromTheCorpus() {
        String q = "Who wrote the novel Pride and Prejudice?";
        assertThat(extractor.entities(q, TermCounter.NONE)).containsExactly("Pride", "Prejudice");
        assertThat(extractor.entities(q, corpus(Map.of("Pride and Prejudice", 8L))))
                .containsExactly("Pride and Prejudice");
    }

    @Test
    void unknownCapitalisedWordsBesideANameStayInIt() {
        assertThat(extractor.entities("What year was Zorblax Quintaine born?", TermCounter.NONE))
                .containsExactly("Zorblax Quintaine");
    }

    @Test
    void triplesLinkTheFirstNameToLaterMentions() {
        String s = "Hamlet was written by William Shakespeare in 1600.";
        List<Claim> claims = ClaimExtractor.claims(s, extractor.mentions(s, TermCounter.NONE));
        assertThat(claims)
                .containsExactly(
                        new Claim("Hamlet", "was written by", "William Shakespeare"),
                        new Claim("Hamlet", "was written by William Shakespeare in", "1600"));
        assertThat(claims.getFirst().retrievalQuery()).isEqualTo("Hamlet was written by");
    }

    @Test
    void aSingleNameGivesAPairAndNoNameGivesNothing() {
        String s = "Napoleon died on a remote island far from home.";
        assertThat(ClaimExtractor.claims(s, extractor.mentions(s, TermCounter.NONE)))
                .containsExactly(new Claim("Napoleon", "died on a remote island far from home", null));
        String none = "He was born in a small village.";
        assertThat(ClaimExtractor.claims(none, extractor.mentions(none, TermCounter.NONE)))
                .isEmpty();
    }
}

package io.mnemos.orchestrator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The no-LLM answer: which sentences are quoted, how they are cited, and when nothing is. */
class ExtractiveComposerTest {

    private static Evidence doc(String id, String text) {
        return new Evidence("documents", id, "Doc " + id, text, 1.0, "c/" + id);
    }

    @Test
    void quotesTheSentencesThatCoverTheQuestionTermsAndCitesTheirPassage() {
        List<Evidence> found = List.of(
                doc("a", "The museum opens at nine. It is closed on Mondays."),
                doc("b", "Marie Curie won the Nobel Prize in Physics in 1903. She was born in Warsaw."),
                doc("c", "Prizes are given every year. The physics building is old."));
        ExtractiveComposer.Composed c = ExtractiveComposer.compose("Where was Marie Curie born?", found, 2);
        // the two rare names outweigh "born" alone; both sentences of passage b, nothing of a or c
        assertThat(c.chosen())
                .extracting(ExtractiveComposer.Chosen::sentence)
                .containsExactly("Marie Curie won the Nobel Prize in Physics in 1903.", "She was born in Warsaw.");
        assertThat(c.citations()).singleElement().satisfies(ci -> {
            assertThat(ci.id()).isEqualTo("b");
            assertThat(ci.reference()).isEqualTo("c/b");
        });
        assertThat(c.text())
                .isEqualTo("Marie Curie won the Nobel Prize in Physics in 1903. [1] She was born in Warsaw. [1]");
    }

    @Test
    void severalSentencesAreNumberedByPassageAndDuplicatesAreQuotedOnce() {
        List<Evidence> found = List.of(
                doc("x", "Alice likes green tea. Alice likes green tea."),
                doc("y", "Bob prefers black coffee with green tea on weekends."));
        ExtractiveComposer.Composed c = ExtractiveComposer.compose("green tea", found, 3);
        assertThat(c.chosen())
                .extracting(ExtractiveComposer.Chosen::sentence)
                .containsExactlyInAnyOrder(
                        "Alice likes green tea.", "Bob prefers black coffee with green tea on weekends.");
        assertThat(c.citations()).extracting(ExtractiveComposer.Citation::n).containsExactly(1, 2);
        assertThat(c.text()).contains("[1]").contains("[2]");
    }

    @Test
    void nothingIsQuotedWhenNoSentenceSharesAContentWordWithTheQuestion() {
        List<Evidence> found = List.of(doc("a", "The museum opens at nine."));
        assertThat(ExtractiveComposer.compose("What is the capital of Peru?", found, 3)
                        .text())
                .isEmpty();
        assertThat(ExtractiveComposer.compose("What is it?", found, 3).chosen())
                .as("a question of stop words only")
                .isEmpty();
        assertThat(ExtractiveComposer.compose("museum", List.of(), 3).chosen()).isEmpty();
    }

    @Test
    void termsFoldPluralsAndDropStopWords() {
        assertThat(ExtractiveComposer.terms("What are the best hiking books?")).containsExactly("best", "hik", "book");
    }
}

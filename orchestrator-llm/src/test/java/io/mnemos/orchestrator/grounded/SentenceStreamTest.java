package io.mnemos.orchestrator.grounded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SentenceStreamTest {

    @Test
    void completesSentencesOnlyWhenWhiteSpaceFollows() {
        SentenceStream s = new SentenceStream();
        assertThat(s.append("It was late. The sn")).containsExactly("It was late.");
        assertThat(s.append("ow fell.")).isEmpty();
        assertThat(s.pending()).isEqualTo("The snow fell.");
        assertThat(s.append(" \"Who is there?\" she asked")).containsExactly("The snow fell.", "\"Who is there?\"");
        assertThat(s.finish()).containsExactly("she asked");
        assertThat(s.pending()).isEmpty();
    }

    @Test
    void titlesAndInitialsDoNotEndASentence() {
        assertThat(SentenceStream.split("Mr. Darcy met J. Smith at St. Paul's. They spoke.", true))
                .containsExactly("Mr. Darcy met J. Smith at St. Paul's.", "They spoke.");
    }

    @Test
    void blankLinesEndASentenceAndEmptyPiecesAreDropped() {
        assertThat(SentenceStream.split("CHAPTER I\n\nIt began!  ... \n\n", true))
                .containsExactly("CHAPTER I", "It began!");
        assertThat(SentenceStream.split("an unfinished one", false)).isEmpty();
    }
}

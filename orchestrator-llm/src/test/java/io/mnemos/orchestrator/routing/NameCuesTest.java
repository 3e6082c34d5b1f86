package io.mnemos.orchestrator.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class NameCuesTest {

    @Test
    void knownNamesMatchWholeWordsCaseSensitively() {
        assertThat(NameCues.knownNameIn("What did Tim's sister say?", Set.of("Tim")))
                .contains("Tim");
        assertThat(NameCues.knownNameIn("Timothy called", Set.of("Tim"))).isEmpty();
        assertThat(NameCues.knownNameIn("will you come", Set.of("Will"))).isEmpty();
        assertThat(NameCues.knownNameIn("Ask Maria", Set.of("M"))).isEmpty();
    }

    @Test
    void unknownProperNounsSkipSentenceStartsCalendarWordsAndKnownNames() {
        assertThat(NameCues.unknownProperNouns("Which label signed Tim Buckley in 1966?", Set.of()))
                .containsExactly("Tim", "Buckley");
        assertThat(NameCues.unknownProperNouns("What did Tim do last Friday in May?", Set.of("Tim")))
                .isEmpty();
        assertThat(NameCues.unknownProperNouns("Who directed it? The film was shot in Leland.", Set.of()))
                .containsExactly("Leland");
        assertThat(NameCues.unknownProperNouns("I think I'm done, thanks", Set.of()))
                .isEmpty();
        assertThat(NameCues.unknownProperNouns("\"Wonderland\" was sung by O'Neal's band", Set.of()))
                .containsExactly("O'Neal");
    }

    @Test
    void firstPersonQuestionsAboutTheUsersOwnPastAreRecognised() {
        assertThat(NameCues.asksAboutOwnPast("What did I say about my sister's wedding?"))
                .isTrue();
        assertThat(NameCues.asksAboutOwnPast("When did I tell you about Kyoto?"))
                .isTrue();
        assertThat(NameCues.asksAboutOwnPast("What's my usual order at the Thai place?"))
                .isTrue();
        assertThat(NameCues.asksAboutOwnPast("Did we talk about the budget?")).isTrue();
        // requests, small talk and questions about the assistant are not
        assertThat(NameCues.asksAboutOwnPast("Can you move my 10 o'clock call?"))
                .isFalse();
        assertThat(NameCues.asksAboutOwnPast("Add milk to my shopping list")).isFalse();
        assertThat(NameCues.asksAboutOwnPast("What's your favourite colour?")).isFalse();
        assertThat(NameCues.asksAboutOwnPast("What should I call you?")).isFalse();
        assertThat(NameCues.asksAboutOwnPast("Who directed the film Alien?")).isFalse();
    }
}

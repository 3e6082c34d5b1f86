package io.mnemos.orchestrator.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class KnownNamesTest {

    private final KnownNames names = new KnownNames(KnownNames.Settings.defaults());

    @Test
    void statementsTeachTheirNamesQuestionsAndDocumentTurnsDoNot() {
        names.learnFromTurn("acme", "alice", "Yesterday I went hiking with Anna and Tom.", Route.CHITCHAT);
        assertThat(names.of("acme", "alice")).containsExactlyInAnyOrder("Anna", "Tom");

        names.learnFromTurn("acme", "alice", "Which label signed Tim Buckley?", Route.DOCUMENTS);
        names.learnFromTurn("acme", "alice", "did you know that Jeff Buckley sang Hallelujah", Route.MEMORY);
        names.learnFromTurn("acme", "alice", "Tell me about the Eiffel Tower", Route.DOCUMENTS);
        assertThat(names.of("acme", "alice")).containsExactlyInAnyOrder("Anna", "Tom");
    }

    @Test
    void speakersThatAreNamesAreLearnedRoleLabelsAreNot() {
        names.learnSpeakers("acme", "alice", List.of("Caroline", "user", "agent", "Jon Luther", "I"));
        assertThat(names.of("acme", "alice")).containsExactlyInAnyOrder("Caroline", "Jon Luther");
    }

    @Test
    void namesStayWithTheirTenantAndUser() {
        names.learnSpeakers("acme", "alice", List.of("Caroline"));
        assertThat(names.of("acme", "bob")).isEmpty();
        assertThat(names.of("other", "alice")).isEmpty();
    }

    @Test
    void theOldestNamesGoFirstWhenAUserHasTooMany() {
        KnownNames small = new KnownNames(new KnownNames.Settings(10, 2, Duration.ofHours(1)));
        small.learnSpeakers("acme", "alice", List.of("Anna", "Tom"));
        small.learnSpeakers("acme", "alice", List.of("Anna")); // seen again: the newest now
        small.learnSpeakers("acme", "alice", List.of("Zoe"));
        assertThat(small.of("acme", "alice")).containsExactlyInAnyOrder("Anna", "Zoe");
    }

    @Test
    void learnedNamesFireTheRoutersKnownNameCue() {
        names.learnFromTurn("acme", "alice", "I had lunch with Priya today.", Route.CHITCHAT);
        TurnInput turn = TurnInput.text("acme", "What did Priya recommend?").withKnownNames(names.of("acme", "alice"));
        assertThat(NameCues.knownNameIn(turn.text(), turn.knownNames())).contains("Priya");
    }
}

package io.mnemos.memory.experience;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnemos.contracts.Ids;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateInductionTest {

    @Test
    void generaliseTurnsDifferencesIntoSlotsAndMatchBindsThem() {
        TextPattern p = TextPattern.generalise(List.of(
                Token.words("book a table for 2 at Nopa tonight"),
                Token.words("book a table for 4 at Zuni Cafe tonight")));
        assertThat(p.toString()).isEqualTo("book a table for {slot1} at {slot2} tonight");
        TextPattern.Match m = p.match("Book a table for 6 at State Bird tonight");
        assertThat(m.confidence()).isEqualTo(1.0);
        assertThat(m.bindings()).containsExactly(Map.entry("slot1", "6"), Map.entry("slot2", "State Bird"));
        TextPattern.Match partial = p.match("book a table at Nopa");
        assertThat(partial.confidence()).isLessThan(0.8);
        assertThat(TextPattern.parse(p.toString())).isEqualTo(p);
    }

    @Test
    void taskTemplateLinksParametersToGoalSlots() {
        List<Episode> eps = List.of(
                episode("send a message to Bob saying hi there", "Bob", "hi there"),
                episode("send a message to Ann Lee saying running late", "Ann Lee", "running late"),
                episode("send a message to Carl saying ok", "Carl", "ok"));
        List<ExperienceTemplate> all = TemplateInducer.defaults().induceAll("t", eps, Instant.EPOCH);
        ExperienceTemplate task = all.stream()
                .filter(t -> t.level() == TemplateLevel.TASK)
                .findFirst()
                .orElseThrow();
        assertThat(task.pattern()).isEqualTo("send a message to {slot1} saying {slot2}");
        assertThat(task.support()).isEqualTo(3);
        assertThat(task.steps().get(1).params()).containsEntry("name", "{slot1}");
        assertThat(task.steps().get(2).params()).containsEntry("text", "{slot2}");
        assertThat(task.steps().get(3).params()).containsEntry("element", "send_button");

        TemplateMatch m = TemplateMatcher.defaults()
                .match("Send a message to Dora Maar saying see you soon", all)
                .orElseThrow();
        assertThat(m.level()).isEqualTo(TemplateLevel.TASK);
        assertThat(m.bindings()).containsEntry("slot1", "Dora Maar").containsEntry("slot2", "see you soon");
        assertThat(m.steps().get(1))
                .isEqualTo(new EpisodeStep("select Dora Maar", "select_contact", Map.of("name", "Dora Maar")));
        assertThat(m.unbound()).isEmpty();
    }

    @Test
    void fallsBackToSubTaskThenActionLevel() {
        List<Episode> eps = List.of(
                episode("send a message to Bob saying hi", "Bob", "hi"),
                episode("send a message to Ann saying yo", "Ann", "yo"));
        List<ExperienceTemplate> all = TemplateInducer.defaults().induceAll("t", eps, Instant.EPOCH);
        TemplateMatcher matcher = TemplateMatcher.defaults();
        TemplateMatch sub = matcher.match("select Zoe", all).orElseThrow();
        assertThat(sub.level()).isEqualTo(TemplateLevel.SUB_TASK);
        assertThat(sub.steps()).containsExactly(new EpisodeStep("select Zoe", "select_contact", Map.of("name", "Zoe")));
        TemplateMatch action = matcher.match("please select the contact Zoe now", all, TemplateLevel.ACTION)
                .orElseThrow();
        assertThat(action.steps().getFirst().action()).isEqualTo("select_contact");
        assertThat(matcher.match("what is the capital of France", all)).isEmpty();
    }

    @Test
    void differentPhrasingsAreNotMergedIntoOneTemplate() {
        List<Episode> eps = List.of(
                episode("send a message to Bob saying hi", "Bob", "hi"),
                episode("send a message to Ann saying yo", "Ann", "yo"),
                episode("text Bob that hi", "Bob", "hi"),
                episode("text Ann that yo", "Ann", "yo"));
        List<String> patterns = TemplateInducer.defaults().induceAll("t", eps, Instant.EPOCH).stream()
                .filter(t -> t.level() == TemplateLevel.TASK)
                .map(ExperienceTemplate::pattern)
                .toList();
        assertThat(patterns)
                .containsExactlyInAnyOrder("send a message to {slot1} saying {slot2}", "text {slot1} that {slot2}");
    }

    private static Episode episode(String goal, String contact, String text) {
        return new Episode(
                Ids.newId(),
                goal,
                List.of(
                        new EpisodeStep("open the messages app", "open_app", Map.of("app", "Messages")),
                        new EpisodeStep("select " + contact, "select_contact", Map.of("name", contact)),
                        new EpisodeStep("type " + text, "type_text", Map.of("text", text)),
                        new EpisodeStep("press send", "tap", Map.of("element", "send_button"))),
                Episode.Outcome.SUCCESS,
                Instant.EPOCH);
    }
}

package io.mnemos.memory.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnemos.memory.search.TimeExpressions.Parsed;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class TimeExpressionsTest {

    // Wednesday 2026-06-17 15:30 in Paris (UTC+2)
    private static final ZonedDateTime NOW = ZonedDateTime.of(2026, 6, 17, 15, 30, 0, 0, ZoneId.of("Europe/Paris"));

    private static Parsed parse(String q) {
        return TimeExpressions.parse(q, NOW);
    }

    private static void assertRange(String q, String from, String to, String rest) {
        Parsed p = parse(q);
        assertThat(p.range()).as(q).isPresent();
        assertThat(p.range().get().from()).as(q + " from").isEqualTo(Instant.parse(from));
        assertThat(p.range().get().to()).as(q + " to").isEqualTo(Instant.parse(to));
        assertThat(p.text()).as(q + " text").isEqualTo(rest);
    }

    @Test
    void daysRelativeToNowInTheUsersZone() {
        assertRange("what did I say yesterday?", "2026-06-15T22:00:00Z", "2026-06-16T22:00:00Z", "what did I say?");
        assertRange("Today I ate sushi", "2026-06-16T22:00:00Z", "2026-06-17T22:00:00Z", "I ate sushi");
        assertRange("the day before yesterday we met", "2026-06-14T22:00:00Z", "2026-06-15T22:00:00Z", "we met");
        assertRange("3 days ago", "2026-06-13T22:00:00Z", "2026-06-14T22:00:00Z", "");
    }

    @Test
    void weeksStartOnMonday() {
        assertRange("what did I say last week", "2026-06-07T22:00:00Z", "2026-06-14T22:00:00Z", "what did I say");
        assertRange("plans this week", "2026-06-14T22:00:00Z", "2026-06-21T22:00:00Z", "plans");
        assertRange("last weekend hike", "2026-06-12T22:00:00Z", "2026-06-14T22:00:00Z", "hike");
        assertRange("on monday", "2026-06-14T22:00:00Z", "2026-06-15T22:00:00Z", "");
        assertRange("last wednesday", "2026-06-09T22:00:00Z", "2026-06-10T22:00:00Z", "");
    }

    @Test
    void monthsAndYears() {
        assertRange("what did we plan in May", "2026-04-30T22:00:00Z", "2026-05-31T22:00:00Z", "what did we plan");
        // a month later than now without a year means last year's
        assertRange("during September", "2025-08-31T22:00:00Z", "2025-09-30T22:00:00Z", "");
        assertRange("trip in May 2023", "2023-04-30T22:00:00Z", "2023-05-31T22:00:00Z", "trip");
        assertRange("last month", "2026-04-30T22:00:00Z", "2026-05-31T22:00:00Z", "");
        assertRange("in 2024", "2023-12-31T23:00:00Z", "2024-12-31T23:00:00Z", "");
        assertRange("last year", "2024-12-31T23:00:00Z", "2025-12-31T23:00:00Z", "");
    }

    @Test
    void explicitDates() {
        assertRange("support group on 7 May 2023", "2023-05-06T22:00:00Z", "2023-05-07T22:00:00Z", "support group");
        assertRange("May 7th", "2026-05-06T22:00:00Z", "2026-05-07T22:00:00Z", "");
        // December 24 has not come yet this year: last year's
        assertRange("on December 24", "2025-12-23T23:00:00Z", "2025-12-24T23:00:00Z", "");
    }

    @Test
    void rollingWindowsEndNow() {
        Parsed p = parse("in the past two weeks");
        assertThat(p.range().get().from()).isEqualTo(NOW.minusWeeks(2).toInstant());
        assertThat(p.range().get().to()).isAfter(NOW.toInstant());
        Parsed since = parse("everything since March");
        assertThat(since.range().get().from()).isEqualTo(Instant.parse("2026-02-28T23:00:00Z"));
        assertThat(since.text()).isEqualTo("everything");
    }

    @Test
    void noExpressionLeavesTheQueryAlone() {
        for (String q : new String[] {
            "I may go hiking", "March to the beat", "weekly report", "the 2024 election", "yesterdays news"
        }) {
            Parsed p = parse(q);
            assertThat(p.range()).as(q).isEmpty();
            assertThat(p.text()).isEqualTo(q);
        }
        assertThat(parse("  ").range()).isEmpty();
        // an impossible day is not a day: what remains is the month
        assertThat(parse("on 31 February 2023").range().get().expression()).isEqualTo("February 2023");
    }
}

package io.mnemos.memory.search;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small rule-based parser for time expressions in search queries ("what did I say last week", "in May",
 * "3 days ago"), relative to a given {@code now} in a time zone. The first expression found (rules in order) becomes a
 * half-open range {@code [from, to)}; it is removed from the query text so that it does not distort BM25 or the query
 * embedding.
 *
 * <p>Supported: today, yesterday, the day before yesterday; this/last week, month, year; last weekend;
 * (on|last) &lt;weekday&gt;; (the) last/past N days|weeks|months|years (up to now); N days|weeks|months|years ago;
 * (in|during|since) &lt;month&gt; [year], &lt;month&gt; &lt;year&gt;, &lt;month&gt; &lt;day&gt;[,] [year], &lt;day&gt;
 * &lt;month&gt; [year]; in|during|since &lt;year&gt;. A month without a year is its latest occurrence not after
 * {@code now}; weeks start on Monday. "since X" runs from the start of X to now. Numbers may be digits or words up to
 * twelve ("a", "one", … "twelve").
 */
public final class TimeExpressions {
    private TimeExpressions() {}

    /**
     * A time range found in a query.
     *
     * @param from inclusive start
     * @param to exclusive end
     * @param expression the text that was recognised, as written
     */
    public record TimeRange(Instant from, Instant to, String expression) {}

    /**
     * A query split into its text and its time range.
     *
     * @param text the query without the time expression (whitespace collapsed)
     * @param range the range, if an expression was found
     */
    public record Parsed(String text, Optional<TimeRange> range) {}

    private static final String NUM = "(\\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)";
    private static final String UNIT = "(day|week|month|year)s?";
    private static final String MONTHS = "(january|february|march|april|may|june|july|august|september|october"
            + "|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)";
    private static final String WEEKDAYS = "(monday|tuesday|wednesday|thursday|friday|saturday|sunday)";
    private static final Map<String, Integer> WORDS = Map.ofEntries(
            Map.entry("a", 1),
            Map.entry("an", 1),
            Map.entry("one", 1),
            Map.entry("two", 2),
            Map.entry("three", 3),
            Map.entry("four", 4),
            Map.entry("five", 5),
            Map.entry("six", 6),
            Map.entry("seven", 7),
            Map.entry("eight", 8),
            Map.entry("nine", 9),
            Map.entry("ten", 10),
            Map.entry("eleven", 11),
            Map.entry("twelve", 12));

    /** A rule: a pattern and how a match becomes [from, to) given now; null = not a valid date after all. */
    private record Rule(Pattern pattern, BiFunction<Matcher, ZonedDateTime, ZonedDateTime[]> range) {}

    private static Rule rule(String regex, BiFunction<Matcher, ZonedDateTime, ZonedDateTime[]> range) {
        return new Rule(
                Pattern.compile("(?<![\\p{L}\\p{N}])" + regex + "(?![\\p{L}\\p{N}])", Pattern.CASE_INSENSITIVE), range);
    }

    private static final List<Rule> RULES = List.of(
            rule("(?:the )?day before yesterday", (m, now) -> day(now.minusDays(2))),
            rule("yesterday", (m, now) -> day(now.minusDays(1))),
            rule("today|earlier today", (m, now) -> day(now)),
            rule("(?:in |during |over )?(?:the )?(?:last|past) " + NUM + " " + UNIT, (m, now) ->
                    new ZonedDateTime[] {now.minus(number(m.group(1)), unit(m.group(2))), now.plusNanos(1)}),
            rule(NUM + " " + UNIT + " ago", (m, now) -> {
                ChronoUnit u = unit(m.group(2));
                return period(now.minus(number(m.group(1)), u), u);
            }),
            rule("last weekend", (m, now) -> {
                ZonedDateTime sat = startOfDay(now).with(TemporalAdjusters.previous(DayOfWeek.SATURDAY));
                if (sat.plusDays(2).isAfter(startOfDay(now))) {
                    sat = sat.minusWeeks(1); // today is Sunday: yesterday's weekend is not over, take the one before
                }
                return new ZonedDateTime[] {sat, sat.plusDays(2)};
            }),
            rule("(this|last|previous) (week|month|year)", (m, now) -> {
                ChronoUnit u = unit(m.group(2));
                ZonedDateTime ref = m.group(1).equalsIgnoreCase("this") ? now : now.minus(1, u);
                return period(ref, u);
            }),
            rule("(?:on |last )" + WEEKDAYS, (m, now) -> {
                DayOfWeek d = DayOfWeek.valueOf(m.group(1).toUpperCase(Locale.ROOT));
                return day(now.with(TemporalAdjusters.previous(d)));
            }),
            // 7 May 2023, 7th of May
            rule(
                    "(?:on )?(\\d{1,2})(?:st|nd|rd|th)? (?:of )?" + MONTHS + ",?(?: (\\d{4}))?",
                    (m, now) -> date(now, m.group(2), m.group(3), m.group(1))),
            // May 7, May 7th 2023
            rule(
                    "(?:on )?" + MONTHS + " (\\d{1,2})(?:st|nd|rd|th)?(?:,? (\\d{4}))?",
                    (m, now) -> date(now, m.group(1), m.group(3), m.group(2))),
            // since May (2023): from the start of that month to now
            rule("since " + MONTHS + "(?: (\\d{4}))?", (m, now) -> {
                ZonedDateTime[] r = month(now, m.group(1), m.group(2));
                return new ZonedDateTime[] {r[0], now.plusNanos(1)};
            }),
            // in May, during May 2023, May 2023
            rule(
                    "(?:(?:in|during) (?:the month of )?" + MONTHS + "(?: (\\d{4}))?)|(?:" + MONTHS + " (\\d{4}))",
                    (m, now) -> m.group(1) != null
                            ? month(now, m.group(1), m.group(2))
                            : month(now, m.group(3), m.group(4))),
            rule("since (\\d{4})", (m, now) -> new ZonedDateTime[] {yearStart(now, m.group(1)), now.plusNanos(1)}),
            rule(
                    "(?:in|during) (\\d{4})",
                    (m, now) -> {
                        ZonedDateTime y = yearStart(now, m.group(1));
                        return new ZonedDateTime[] {y, y.plusYears(1)};
                    }));

    /** Finds the first time expression of {@code query} relative to {@code now}. */
    public static Parsed parse(String query, ZonedDateTime now) {
        if (query == null || query.isBlank()) {
            return new Parsed("", Optional.empty());
        }
        for (Rule r : RULES) {
            Matcher m = r.pattern().matcher(query);
            while (m.find()) {
                ZonedDateTime[] range = r.range().apply(m, now);
                if (range == null) {
                    continue;
                }
                String rest = (query.substring(0, m.start()) + " " + query.substring(m.end()))
                        .replaceAll("\\s+", " ")
                        .replaceAll("\\s+([?.!,])", "$1")
                        .strip();
                return new Parsed(
                        rest,
                        Optional.of(new TimeRange(
                                range[0].toInstant(),
                                range[1].toInstant(),
                                m.group().strip())));
            }
        }
        return new Parsed(query.strip(), Optional.empty());
    }

    private static ZonedDateTime startOfDay(ZonedDateTime t) {
        return t.truncatedTo(ChronoUnit.DAYS);
    }

    private static ZonedDateTime[] day(ZonedDateTime t) {
        ZonedDateTime d = startOfDay(t);
        return new ZonedDateTime[] {d, d.plusDays(1)};
    }

    /** The calendar week (Monday first), month or year (or day) containing {@code t}. */
    private static ZonedDateTime[] period(ZonedDateTime t, ChronoUnit unit) {
        ZonedDateTime d = startOfDay(t);
        return switch (unit) {
            case DAYS -> new ZonedDateTime[] {d, d.plusDays(1)};
            case WEEKS -> {
                ZonedDateTime monday = d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                yield new ZonedDateTime[] {monday, monday.plusWeeks(1)};
            }
            case MONTHS -> {
                ZonedDateTime first = d.withDayOfMonth(1);
                yield new ZonedDateTime[] {first, first.plusMonths(1)};
            }
            default -> {
                ZonedDateTime first = d.withDayOfYear(1);
                yield new ZonedDateTime[] {first, first.plusYears(1)};
            }
        };
    }

    private static ZonedDateTime[] month(ZonedDateTime now, String monthName, String year) {
        Month month = month(monthName);
        int y = year != null ? Integer.parseInt(year) : latestYear(now, month);
        ZonedDateTime first = ZonedDateTime.of(y, month.getValue(), 1, 0, 0, 0, 0, now.getZone());
        return new ZonedDateTime[] {first, first.plusMonths(1)};
    }

    private static ZonedDateTime[] date(ZonedDateTime now, String monthName, String year, String dayText) {
        Month month = month(monthName);
        int dayOfMonth = Integer.parseInt(dayText);
        int y = year != null ? Integer.parseInt(year) : latestYear(now, month);
        if (dayOfMonth < 1 || dayOfMonth > month.length(java.time.Year.isLeap(y))) {
            return null;
        }
        LocalDate date = LocalDate.of(y, month, dayOfMonth);
        if (year == null && date.isAfter(now.toLocalDate())) {
            date = date.minusYears(1);
        }
        ZonedDateTime d = date.atStartOfDay(now.getZone());
        return new ZonedDateTime[] {d, d.plusDays(1)};
    }

    private static ZonedDateTime yearStart(ZonedDateTime now, String year) {
        return ZonedDateTime.of(Integer.parseInt(year), 1, 1, 0, 0, 0, 0, now.getZone());
    }

    /** The year of the latest occurrence of {@code month} not after now. */
    private static int latestYear(ZonedDateTime now, Month month) {
        return month.getValue() <= now.getMonthValue() ? now.getYear() : now.getYear() - 1;
    }

    private static Month month(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (Month m : Month.values()) {
            if (m.name().toLowerCase(Locale.ROOT).startsWith(n.length() >= 3 ? n.substring(0, 3) : n)) {
                return m;
            }
        }
        throw new IllegalArgumentException("not a month: " + name);
    }

    private static int number(String s) {
        String n = s.toLowerCase(Locale.ROOT);
        Integer w = WORDS.get(n);
        return w != null ? w : Integer.parseInt(n);
    }

    private static ChronoUnit unit(String s) {
        return switch (s.toLowerCase(Locale.ROOT).replaceAll("s$", "")) {
            case "day" -> ChronoUnit.DAYS;
            case "week" -> ChronoUnit.WEEKS;
            case "month" -> ChronoUnit.MONTHS;
            default -> ChronoUnit.YEARS;
        };
    }
}

package io.mnemos.orchestrator.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names in a turn, read against the names the user's memory knows. The embedding sees "a question about a named
 * person" either way; whether that person is in the user's life or a public figure is what separates a memory question
 * from a document question.
 */
final class NameCues {

    /** A capitalised word (letters, apostrophes, dots, hyphens), e.g. "Tim's", "O'Neal", "Jean-Luc". */
    private static final Pattern CAPITALISED = Pattern.compile("\\b\\p{Lu}[\\p{L}\\p{N}'’.\\-]*");

    /** Capitalised for grammar or the calendar, not because they name something: never proper-noun evidence. */
    private static final Set<String> NOT_NAMES = Set.of(
            "I",
            "I'm",
            "I've",
            "I'd",
            "I'll",
            "OK",
            "Ok",
            "Mr",
            "Mrs",
            "Ms",
            "Dr",
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
            "Christmas",
            "Easter",
            "Mum",
            "Mom",
            "Dad");

    /** A question opening: wh-word, or an auxiliary verb ("did I …", "was it …"). */
    private static final Pattern QUESTION = Pattern.compile(
            "^(?:what|what's|which|who|whose|whom|when|where|why|how|did|do|does|was|were|is|are|have|has|had)\\b",
            Pattern.CASE_INSENSITIVE);

    /**
     * The user asking about their own past or their own things: "did I", "I told/said/mentioned …", "my …" in a
     * question. Requests ("can you move my call") do not open with a wh-word or "did/was …", so they do not match.
     */
    private static final Pattern FIRST_PERSON_RECALL = Pattern.compile(
            "\\b(?:(?:did|do|was|were|have|had) (?:I|we)|I (?:told|said|mentioned|decided|asked|wanted|liked|thought"
                    + "|went|felt|usually|ever)|we (?:talked|discussed|said)|(?:my|our) \\p{L}+)\\b",
            Pattern.CASE_INSENSITIVE);

    private NameCues() {}

    /** Whether the turn is a question about the user's own past or things ("what did I say about my sister?"). */
    static boolean asksAboutOwnPast(String text) {
        String t = text.strip();
        return QUESTION.matcher(t).find() && FIRST_PERSON_RECALL.matcher(t).find();
    }

    /** Whether the turn asks something: it ends with a question mark or opens like a question. */
    static boolean isQuestion(String text) {
        String t = text.strip();
        return t.endsWith("?") || QUESTION.matcher(t).find();
    }

    /** Whether {@code s} reads as a name: capitalised words only ("Caroline", "Jon Luther"), no grammar word. */
    static boolean looksLikeName(String s) {
        String t = s.strip();
        if (t.length() < 2 || NOT_NAMES.contains(t)) {
            return false;
        }
        for (String word : t.split("\\s+")) {
            if (!CAPITALISED.matcher(word).matches()) {
                return false;
            }
        }
        return true;
    }

    /** The first known name occurring as a whole word (case-sensitive: "Will" is not "will"). */
    static Optional<String> knownNameIn(String text, Set<String> names) {
        for (String name : names) {
            if (name.length() < 2) {
                continue;
            }
            int from = 0;
            int at;
            while ((at = text.indexOf(name, from)) >= 0) {
                int end = at + name.length();
                boolean startOk = at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1));
                boolean endOk = end == text.length() || !Character.isLetterOrDigit(text.charAt(end));
                if (startOk && endOk) {
                    return Optional.of(name);
                }
                from = at + 1;
            }
        }
        return Optional.empty();
    }

    /**
     * Capitalised words that are not sentence-initial, not grammar or calendar words, and not known names: the proper
     * nouns of things the user's memory has never heard of.
     */
    static List<String> unknownProperNouns(String text, Set<String> knownNames) {
        List<String> out = new ArrayList<>();
        Matcher m = CAPITALISED.matcher(text);
        while (m.find()) {
            if (sentenceInitial(text, m.start())) {
                continue;
            }
            String word = m.group().replaceAll("['’]s$|[.'’\\-]+$", "");
            if (word.isEmpty() || NOT_NAMES.contains(word) || knownNames.contains(word)) {
                continue;
            }
            out.add(word);
        }
        return out;
    }

    /** Whether only white space, quotes or opening brackets separate this position from a sentence start. */
    private static boolean sentenceInitial(String text, int at) {
        int i = at - 1;
        while (i >= 0 && (Character.isWhitespace(text.charAt(i)) || "\"'“‘(".indexOf(text.charAt(i)) >= 0)) {
            i--;
        }
        return i < 0 || ".!?:".indexOf(text.charAt(i)) >= 0;
    }
}

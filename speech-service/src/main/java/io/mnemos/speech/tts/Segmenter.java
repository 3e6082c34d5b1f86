package io.mnemos.speech.tts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Cuts a streamed response text into pieces to synthesise, with Freeze-Omni's rules: a piece ends at punctuation once
 * at least {@code minTokens} words are pending; for the <em>first</em> piece (to start speaking early) or once
 * {@code longTokens} words are pending, commas, colons and semicolons also count; otherwise only sentence-final marks
 * ({@code . ! ?}). A period after a digit ("3.5"), a comma between digits ("1,000") and common abbreviations ("Dr.",
 * "e.g.") are not boundaries. Words stand in for LLM tokens. Not thread-safe: one per response.
 */
public final class Segmenter {
    private static final Set<String> ABBREVIATIONS =
            Set.of("mr", "mrs", "ms", "dr", "st", "vs", "etc", "e.g", "i.e", "prof", "sr", "jr", "no", "fig", "approx");

    private final int minTokens;
    private final int longTokens;
    private final StringBuilder pending = new StringBuilder();
    private int emitted;

    /** Freeze-Omni's values: 4 and 20. */
    public Segmenter() {
        this(4, 20);
    }

    public Segmenter(int minTokens, int longTokens) {
        this.minTokens = minTokens;
        this.longTokens = longTokens;
    }

    /** Appends a text delta; returns the pieces it completes (usually none or one). */
    public List<String> add(String delta) {
        List<String> out = new ArrayList<>(1);
        if (delta == null || delta.isEmpty()) {
            return out;
        }
        pending.append(delta);
        cut(out, false);
        return out;
    }

    /** The end of the response: returns what is left (at most one piece; none if only whitespace). */
    public List<String> flush() {
        List<String> out = new ArrayList<>(1);
        cut(out, true);
        String rest = pending.toString().strip();
        if (!rest.isEmpty()) {
            out.add(rest);
            emitted++;
        }
        pending.setLength(0);
        return out;
    }

    /** Pieces emitted so far. */
    public int emitted() {
        return emitted;
    }

    private void cut(List<String> out, boolean atEnd) {
        for (int i = 0; i < pending.length(); i++) {
            char c = pending.charAt(i);
            boolean sentenceEnd = c == '.' || c == '!' || c == '?' || c == '…';
            boolean clauseEnd = c == ',' || c == ':' || c == ';';
            if (!sentenceEnd && !clauseEnd) {
                continue;
            }
            boolean last = i == pending.length() - 1;
            if (last && !atEnd && (c == '.' || c == ',') && i > 0 && Character.isDigit(pending.charAt(i - 1))) {
                // "3." or "1," may continue as "3.5" / "1,000": wait for the next character.
                return;
            }
            if (!last && !isBreakAfter(pending.charAt(i + 1))) {
                continue; // "3.5", "1,000", "e.g": punctuation inside a token
            }
            if (c == '.' && isAbbreviation(i)) {
                continue;
            }
            int end = includeClosers(i + 1);
            int tokens = countTokens(pending, 0, end);
            boolean clauseAllowed = emitted == 0 || tokens >= longTokens;
            if (tokens >= minTokens && (sentenceEnd || clauseAllowed)) {
                String piece = pending.substring(0, end).strip();
                pending.delete(0, end);
                emitted++;
                out.add(piece);
                i = -1; // rescan the remainder from its start (pieces are short, so this stays cheap)
            }
        }
    }

    private static boolean isBreakAfter(char next) {
        return Character.isWhitespace(next) || next == '"' || next == '\'' || next == ')' || next == '”' || next == '’';
    }

    private int includeClosers(int at) {
        while (at < pending.length()) {
            char c = pending.charAt(at);
            if (c == '"' || c == '\'' || c == ')' || c == '”' || c == '’') {
                at++;
            } else {
                break;
            }
        }
        return at;
    }

    private boolean isAbbreviation(int dot) {
        int start = dot;
        while (start > 0 && !Character.isWhitespace(pending.charAt(start - 1))) {
            start--;
        }
        String word = pending.substring(start, dot);
        if (word.length() == 1) {
            char c = word.charAt(0);
            return Character.isUpperCase(c) && c != 'I' && c != 'A'; // an initial, as in "J. Smith"
        }
        return ABBREVIATIONS.contains(word.toLowerCase(Locale.ROOT));
    }

    static int countTokens(CharSequence s, int from, int to) {
        int n = 0;
        boolean inWord = false;
        for (int i = from; i < to; i++) {
            boolean ws = Character.isWhitespace(s.charAt(i));
            if (!ws && !inWord) {
                n++;
            }
            inWord = !ws;
        }
        return n;
    }
}

package io.mnemos.memory.experience;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A word sequence with slots, e.g. {@code book a table for {slot1} at {slot2}}: literal words must appear in order,
 * each slot takes one or more words.
 *
 * <p>{@link #generalise} builds one from examples by progressive alignment (longest common subsequence of literal
 * words; what differs between examples becomes a slot). {@link #match} aligns a text to it by dynamic programming:
 * a missing literal, an extra word no slot can take, or an empty slot each cost 1, and the confidence is
 * {@code 1 − cost / (literals + slots)}.
 */
public final class TextPattern {

    private static final Pattern SLOT = Pattern.compile("\\{([A-Za-z0-9_.]+)}");

    /** One element: a literal word, or a slot (name set). */
    private record Element(String word, String slot) {
        boolean isSlot() {
            return slot != null;
        }
    }

    private final List<Element> elements;

    private TextPattern(List<Element> elements) {
        this.elements = List.copyOf(elements);
    }

    /** Parses {@code word word {slot} word}. */
    public static TextPattern parse(String pattern) {
        List<Element> els = new ArrayList<>();
        Matcher m = SLOT.matcher(pattern);
        int last = 0;
        while (m.find()) {
            for (String w : Token.words(pattern.substring(last, m.start()))) {
                els.add(new Element(w, null));
            }
            els.add(new Element(null, m.group(1)));
            last = m.end();
        }
        for (String w : Token.words(pattern.substring(last))) {
            els.add(new Element(w, null));
        }
        return new TextPattern(els);
    }

    /** A pattern of literals only. */
    public static TextPattern literal(List<String> words) {
        return new TextPattern(words.stream().map(w -> new Element(w, null)).toList());
    }

    /**
     * The most specific pattern that covers every example: literals are the words common to all (in order), every gap
     * becomes a slot named {@code slot1, slot2, ...} left to right.
     */
    public static TextPattern generalise(List<List<String>> examples) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("No examples");
        }
        List<Element> p = literal(examples.getFirst()).elements;
        for (int i = 1; i < examples.size(); i++) {
            p = merge(p, examples.get(i));
        }
        return new TextPattern(renumber(p));
    }

    /** Number of literal words two sequences share in order (for clustering). */
    public int commonLiterals(List<String> words) {
        return lcsTable(elements, words)[elements.size()][words.size()];
    }

    /** The pattern merged with one more example ({@link #generalise} step). */
    public TextPattern with(List<String> example) {
        return new TextPattern(renumber(merge(elements, example)));
    }

    private static List<Element> merge(List<Element> p, List<String> s) {
        int[][] t = lcsTable(p, s);
        List<Element> out = new ArrayList<>();
        int i = p.size();
        int j = s.size();
        boolean gap = false;
        // Backtrack, building the merged pattern in reverse.
        while (i > 0 || j > 0) {
            if (i > 0
                    && j > 0
                    && !p.get(i - 1).isSlot()
                    && p.get(i - 1).word().equals(s.get(j - 1))
                    && t[i][j] == t[i - 1][j - 1] + 1) {
                if (gap) {
                    out.add(new Element(null, "?"));
                    gap = false;
                }
                out.add(p.get(i - 1));
                i--;
                j--;
            } else if (j > 0 && (i == 0 || t[i][j - 1] >= t[i - 1][j])) {
                gap = true;
                j--;
            } else {
                gap = true;
                i--;
            }
        }
        if (gap) {
            out.add(new Element(null, "?"));
        }
        Collections.reverse(out);
        return out;
    }

    private static int[][] lcsTable(List<Element> p, List<String> s) {
        int[][] t = new int[p.size() + 1][s.size() + 1];
        for (int i = 1; i <= p.size(); i++) {
            Element e = p.get(i - 1);
            for (int j = 1; j <= s.size(); j++) {
                if (!e.isSlot() && e.word().equals(s.get(j - 1))) {
                    t[i][j] = t[i - 1][j - 1] + 1;
                } else {
                    t[i][j] = Math.max(t[i - 1][j], t[i][j - 1]);
                }
            }
        }
        return t;
    }

    private static List<Element> renumber(List<Element> p) {
        List<Element> out = new ArrayList<>();
        int n = 0;
        for (Element e : p) {
            if (e.isSlot()) {
                if (!out.isEmpty() && out.getLast().isSlot()) {
                    continue; // adjacent slots merge
                }
                out.add(new Element(null, "slot" + ++n));
            } else {
                out.add(e);
            }
        }
        return out;
    }

    /** Slot names, left to right. */
    public List<String> slots() {
        return elements.stream().filter(Element::isSlot).map(Element::slot).toList();
    }

    /** Number of literal words. */
    public int literals() {
        return (int) elements.stream().filter(e -> !e.isSlot()).count();
    }

    /** Renames slots ({@code old → new}); unknown names stay. */
    public TextPattern renameSlots(Map<String, String> names) {
        return new TextPattern(elements.stream()
                .map(e -> e.isSlot() ? new Element(null, names.getOrDefault(e.slot(), e.slot())) : e)
                .toList());
    }

    /**
     * Result of aligning a text to the pattern.
     *
     * @param confidence {@code 1 − cost / (literals + slots)}, in [0, 1]
     * @param matchedLiterals literal words found in order
     * @param bindings slot → the text it took, in the original spelling (empty slots are absent)
     */
    public record Match(double confidence, int matchedLiterals, Map<String, String> bindings) {}

    /** Aligns {@code text} to the pattern; see the class documentation. */
    public Match match(String text) {
        List<Token> tokens = Token.tokenize(text);
        int n = elements.size();
        int m = tokens.size();
        final int inf = Integer.MAX_VALUE / 4;
        // cost[i][j]: first i elements aligned with first j tokens; open[i][j]: same, slot i took token j
        int[][] cost = new int[n + 1][m + 1];
        int[][] open = new int[n + 1][m + 1];
        byte[][] how = new byte[n + 1][m + 1];
        byte[][] howOpen = new byte[n + 1][m + 1];
        for (int[] row : open) {
            java.util.Arrays.fill(row, inf);
        }
        for (int j = 1; j <= m; j++) {
            cost[0][j] = j;
            how[0][j] = 2; // extra token
        }
        for (int i = 1; i <= n; i++) {
            Element e = elements.get(i - 1);
            for (int j = 0; j <= m; j++) {
                int best;
                byte b;
                if (e.isSlot()) {
                    if (j > 0) {
                        int viaPrev = cost[i - 1][j - 1];
                        int viaSelf = open[i][j - 1];
                        open[i][j] = Math.min(viaPrev, viaSelf);
                        howOpen[i][j] = (byte) (viaPrev <= viaSelf ? 0 : 1);
                    }
                    best = cost[i - 1][j] + 1; // empty slot
                    b = 3;
                    if (open[i][j] < best) {
                        best = open[i][j];
                        b = 4;
                    }
                } else {
                    best = cost[i - 1][j] + 1; // missing literal
                    b = 1;
                    if (j > 0 && e.word().equals(tokens.get(j - 1).norm()) && cost[i - 1][j - 1] < best) {
                        best = cost[i - 1][j - 1];
                        b = 0;
                    }
                }
                if (j > 0 && cost[i][j - 1] + 1 < best) {
                    best = cost[i][j - 1] + 1; // extra token
                    b = 2;
                }
                cost[i][j] = best;
                how[i][j] = b;
            }
        }
        // Backtrack for bindings and matched literals.
        Map<String, int[]> spans = new LinkedHashMap<>();
        int matched = 0;
        int i = n;
        int j = m;
        while (i > 0 || j > 0) {
            byte b = i == 0 ? 2 : how[i][j];
            switch (b) {
                case 0 -> {
                    matched++;
                    i--;
                    j--;
                }
                case 1, 3 -> i--;
                case 2 -> j--;
                default -> {
                    // slot i took tokens ending at j: walk back through the open state
                    String slot = elements.get(i - 1).slot();
                    int end = j;
                    while (howOpen[i][j] == 1) {
                        j--;
                    }
                    int startTok = j; // 1-based index of first token taken
                    spans.put(slot, new int[] {startTok - 1, end - 1});
                    j = startTok - 1;
                    i--;
                }
            }
        }
        Map<String, String> bindings = new LinkedHashMap<>();
        for (Element e : elements) {
            if (e.isSlot() && spans.containsKey(e.slot())) {
                int[] s = spans.get(e.slot());
                bindings.put(
                        e.slot(),
                        text.substring(
                                tokens.get(s[0]).start(), tokens.get(s[1]).end()));
            }
        }
        int units = Math.max(1, n);
        double confidence = Math.max(0, 1 - cost[n][m] / (double) units);
        return new Match(confidence, matched, bindings);
    }

    /** Fills slots from {@code bindings}; unbound slots stay as {@code {name}}. */
    public String render(Map<String, String> bindings) {
        StringBuilder sb = new StringBuilder();
        for (Element e : elements) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(e.isSlot() ? bindings.getOrDefault(e.slot(), "{" + e.slot() + "}") : e.word());
        }
        return sb.toString();
    }

    /** Replaces every {@code {name}} in a template string with its binding (unbound ones stay). */
    public static String fill(String template, Map<String, String> bindings) {
        Matcher m = SLOT.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = bindings.get(m.group(1));
            m.appendReplacement(sb, Matcher.quoteReplacement(v != null ? v : m.group()));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Slot names referenced by {@code {name}} in a template string. */
    public static List<String> placeholders(String template) {
        List<String> out = new ArrayList<>();
        Matcher m = SLOT.matcher(template);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Override
    public String toString() {
        return render(Map.of());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TextPattern p && elements.equals(p.elements);
    }

    @Override
    public int hashCode() {
        return Objects.hash(elements);
    }
}

package io.mnemos.retrieval.corpusstats;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Deterministic word-level tokenizer shared by index builds and queries.
 *
 * <p>Rules, applied in order: Unicode NFKC normalisation; in {@link TokenizerMode#FOLDED} mode, lower-casing with
 * {@code Locale.ROOT}; then a scan by code point where
 *
 * <ul>
 *   <li>a <em>word</em> is a maximal run of letters, digits and combining marks ({@code "Don"}, {@code "1887"});
 *   <li>format characters (soft hyphen, zero-width space and joiners, BOM) are removed first, so they never split a
 *       word;
 *   <li>whitespace and control characters separate tokens and are dropped;
 *   <li>every other code point (punctuation, symbols, {@code _}, apostrophes, hyphens) is a token of its own, so
 *       {@code "don't"} is {@code don ' t} and {@code "_Emma_"} is {@code _ Emma _}.
 * </ul>
 *
 * Tokens never contain whitespace. Instances are immutable and thread-safe.
 */
public final class Tokenizer {

    /** Format characters (soft hyphen, zero-width space/joiners, BOM) are removed before splitting. */
    private static final Pattern FORMAT_CHARS = Pattern.compile("\\p{Cf}");

    private final TokenizerMode mode;

    public Tokenizer(TokenizerMode mode) {
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    public TokenizerMode mode() {
        return mode;
    }

    /** The tokens of {@code text}, in order; empty for blank text. */
    public List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        tokenize(text, out::add);
        return out;
    }

    /** Streams the tokens of {@code text} to {@code sink}, in order. */
    public void tokenize(String text, Consumer<String> sink) {
        String s = normalize(text);
        int n = s.length();
        int i = 0;
        while (i < n) {
            int cp = s.codePointAt(i);
            int len = Character.charCount(cp);
            if (isWordChar(cp)) {
                int start = i;
                i += len;
                while (i < n) {
                    int c = s.codePointAt(i);
                    if (!isWordChar(c)) {
                        break;
                    }
                    i += Character.charCount(c);
                }
                sink.accept(s.substring(start, i));
            } else {
                if (!isSeparator(cp)) {
                    sink.accept(s.substring(i, i + len));
                }
                i += len;
            }
        }
    }

    /**
     * NFKC and removal of format characters (both skipped for pure ASCII, where they change nothing), then case
     * folding in {@code FOLDED} mode.
     */
    String normalize(String text) {
        String s = isAscii(text)
                ? text
                : FORMAT_CHARS
                        .matcher(Normalizer.normalize(text, Normalizer.Form.NFKC))
                        .replaceAll("");
        return mode == TokenizerMode.FOLDED ? s.toLowerCase(Locale.ROOT) : s;
    }

    private static boolean isAscii(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    static boolean isWordChar(int cp) {
        if (cp < 0x80) {
            return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
        }
        if (Character.isLetterOrDigit(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK
                || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    private static boolean isSeparator(int cp) {
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.CONTROL
                || type == Character.FORMAT
                || type == Character.SURROGATE
                || type == Character.UNASSIGNED;
    }
}

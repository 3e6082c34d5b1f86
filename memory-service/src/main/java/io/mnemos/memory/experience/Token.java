package io.mnemos.memory.experience;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A word of a text with its position, for alignment: {@code norm} is compared, {@code start}/{@code end} recover the
 * original spelling of slot values.
 *
 * @param norm lower-case form
 * @param start offset of the first character in the text
 * @param end offset after the last character
 */
public record Token(String norm, int start, int end) {

    /** Words: letters and digits, with inner apostrophes, dots, colons, slashes or dashes ("7:30", "o'clock"). */
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}@#$€£%]+(?:['’.:/-][\\p{L}\\p{N}]+)*");

    /** The words of {@code text}, in order. */
    public static List<Token> tokenize(String text) {
        List<Token> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            out.add(new Token(m.group().toLowerCase(Locale.ROOT).replace('’', '\''), m.start(), m.end()));
        }
        return out;
    }

    /** Lower-case words of {@code text}. */
    public static List<String> words(String text) {
        return tokenize(text).stream().map(Token::norm).toList();
    }
}

package io.mnemos.speech.tts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmenterTest {

    private static List<String> stream(Segmenter s, String text, int chunk) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < text.length(); i += chunk) {
            out.addAll(s.add(text.substring(i, Math.min(text.length(), i + chunk))));
        }
        out.addAll(s.flush());
        return out;
    }

    @Test
    void firstSegmentMayBreakAtACommaLaterOnesOnlyAtSentenceEnds() {
        List<String> pieces = stream(
                new Segmenter(),
                "Well, I think that the weather today, as you can see, is really quite nice. It will rain later,"
                        + " but not for long. Bye",
                3);
        assertThat(pieces)
                .containsExactly(
                        "Well, I think that the weather today,",
                        "as you can see, is really quite nice.",
                        "It will rain later, but not for long.",
                        "Bye");
    }

    @Test
    void needsFourTokensBeforeABoundary() {
        assertThat(stream(new Segmenter(), "Yes. Sure thing. I can do that for you now.", 1))
                .containsExactly("Yes. Sure thing. I can do that for you now.");
    }

    @Test
    void decimalsNumbersAndAbbreviationsAreNotBoundaries() {
        List<String> pieces = stream(
                new Segmenter(), "It costs 3.5 dollars or 1,000 cents at Dr. Smith's shop today. Then we go home.", 1);
        assertThat(pieces)
                .containsExactly("It costs 3.5 dollars or 1,000 cents at Dr. Smith's shop today.", "Then we go home.");
    }

    @Test
    void aPeriodAfterADigitAtTheEndOfADeltaWaitsForTheNextCharacter() {
        Segmenter s = new Segmenter();
        assertThat(s.add("The answer is 3.")).isEmpty();
        assertThat(s.add("14 and that is pi. ")).containsExactly("The answer is 3.14 and that is pi.");
    }

    @Test
    void sentenceEndAtTheEndOfADeltaIsCutAtOnce() {
        Segmenter s = new Segmenter();
        assertThat(s.add("Here is the first sentence!")).containsExactly("Here is the first sentence!");
        assertThat(s.add(" And a second one, with a comma")).isEmpty();
        assertThat(s.flush()).containsExactly("And a second one, with a comma");
    }

    @Test
    void longRunsMayBreakAtCommasAgain() {
        String longClause = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
                + " fifteen sixteen seventeen eighteen nineteen twenty twentyone, and more.";
        List<String> pieces = stream(new Segmenter(), "First part is here. " + longClause, 5);
        assertThat(pieces.get(0)).isEqualTo("First part is here.");
        assertThat(pieces.get(1)).endsWith("twentyone,");
        assertThat(pieces.get(2)).isEqualTo("and more.");
    }

    @Test
    void emptyAndWhitespaceOnly() {
        Segmenter s = new Segmenter();
        assertThat(s.add("")).isEmpty();
        assertThat(s.add("   ")).isEmpty();
        assertThat(s.flush()).isEmpty();
    }
}

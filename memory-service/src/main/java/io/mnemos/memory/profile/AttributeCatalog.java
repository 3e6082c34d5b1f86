package io.mnemos.memory.profile;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which attributes hold one value at a time (a new value replaces the old one) and which hold many (each value is a
 * separate fact), plus the normalisation of attribute names and values.
 *
 * <p>Attributes are exclusive ({@link Cardinality#SINGLE}) unless they match one of the multi-valued patterns. A
 * pattern is an attribute name where {@code *} matches any run of characters, e.g. {@code *.preference}.
 */
public final class AttributeCatalog {

    /** How many values of an attribute can be current at once (for positive facts; denials never exclude). */
    public enum Cardinality {
        /** One: a new positive value supersedes (or contradicts) the current one. */
        SINGLE,
        /** Many: different values coexist. */
        MULTI
    }

    /** Multi-valued attributes in the default catalog. */
    public static final List<String> DEFAULT_MULTI_VALUED = List.of(
            "*.preference", "*.dislike", "*.interest", "health.allergy", "health.condition", "language.*", "pet.*");

    private static final Pattern NON_ATTRIBUTE = Pattern.compile("[^a-z0-9_.*]+");
    private static final Pattern ARTICLE = Pattern.compile("^(?:a|an|the|some|my)\\s+");
    private static final Pattern PUNCTUATION = Pattern.compile("[\\p{Punct}&&[^'&+#-]]+");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private final List<Pattern> multiValued;
    private final List<String> multiValuedPatterns;

    public AttributeCatalog(List<String> multiValuedPatterns) {
        this.multiValuedPatterns = List.copyOf(multiValuedPatterns);
        this.multiValued = this.multiValuedPatterns.stream()
                .map(p -> Pattern.compile(Pattern.quote(normalizeAttribute(p)).replace("*", "\\E.*\\Q")))
                .toList();
    }

    /** The catalog with {@link #DEFAULT_MULTI_VALUED}. */
    public static AttributeCatalog defaults() {
        return new AttributeCatalog(DEFAULT_MULTI_VALUED);
    }

    public Cardinality cardinality(String attribute) {
        String a = normalizeAttribute(attribute);
        for (Pattern p : multiValued) {
            if (p.matcher(a).matches()) {
                return Cardinality.MULTI;
            }
        }
        return Cardinality.SINGLE;
    }

    public List<String> multiValuedPatterns() {
        return multiValuedPatterns;
    }

    /** Lower case, spaces and dashes to underscores, anything else but letters, digits, dots and underscores dropped. */
    public static String normalizeAttribute(String attribute) {
        Objects.requireNonNull(attribute, "attribute");
        String a = attribute.strip().toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
        a = NON_ATTRIBUTE.matcher(a).replaceAll("");
        if (a.isEmpty()) {
            throw new IllegalArgumentException("Empty attribute name: '" + attribute + "'");
        }
        return a;
    }

    /**
     * The form used to detect duplicates: Unicode NFKC, lower case, punctuation (except {@code ' & + # -}) removed,
     * one leading article removed, whitespace collapsed. "The Beatles!" and "beatles" are the same value.
     */
    public static String normalizeValue(String value) {
        String v = Normalizer.normalize(value, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        v = PUNCTUATION.matcher(v).replaceAll(" ");
        v = SPACES.matcher(v).replaceAll(" ").strip();
        v = ARTICLE.matcher(v).replaceFirst("");
        return v.isEmpty() ? value.strip().toLowerCase(Locale.ROOT) : v;
    }
}

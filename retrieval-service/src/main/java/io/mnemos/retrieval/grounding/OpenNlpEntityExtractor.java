package io.mnemos.retrieval.grounding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import opennlp.tools.postag.POSModel;
import opennlp.tools.postag.POSTagFormat;
import opennlp.tools.postag.POSTaggerME;
import opennlp.tools.tokenize.TokenizerME;
import opennlp.tools.tokenize.TokenizerModel;
import opennlp.tools.util.Span;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Entity mentions from Apache OpenNLP's English UD-EWT tokenizer and POS tagger (the {@code opennlp-models-*-en} jars
 * from Maven Central) plus corpus statistics:
 *
 * <ol>
 *   <li>a name is a maximal run of tokens tagged {@code PROPN} (also a capitalised mid-sentence token the tagger
 *       missed when the corpus writes it capitalised at least twice as often as lower-cased);
 *   <li>two names joined by a connector ({@code of}, {@code the}, {@code de}, {@code von}, …) become one when the
 *       whole phrase occurs at least {@code mergeMinCount} times in the corpus ({@code Duke of Wellington}, {@code
 *       Bank of England}), since the tagger splits them at the lower-case word;
 *   <li>a one-word name at the start of a sentence is dropped when the corpus has it lower-cased more often than
 *       capitalised (a common word capitalised by position, mis-tagged);
 *   <li>numbers of 3–4 digits are kept as {@link Mention.Kind#NUMBER} (years: triple tails).
 * </ol>
 *
 * The models are loaded once (thread-safe); tagger and tokenizer instances are pooled (not thread-safe, costly to
 * create).
 */
@Component
@Lazy
public final class OpenNlpEntityExtractor implements EntityExtractor {
    private static final Logger log = LoggerFactory.getLogger(OpenNlpEntityExtractor.class);

    private static final Set<String> PROPER_TAGS = Set.of("PROPN", "NNP", "NNPS");
    /** Tags never promoted to names by capitalisation. */
    private static final Set<String> CLOSED_CLASS =
            Set.of("PRON", "DET", "ADP", "AUX", "CCONJ", "SCONJ", "PART", "PUNCT", "SYM", "NUM", "INTJ");
    /** Lower-case words that join two halves of one name. */
    private static final Set<String> CONNECTORS = Set.of(
            "of", "the", "of the", "de", "da", "di", "du", "des", "del", "della", "la", "le", "von", "van", "van der",
            "von der", "y", "&", "and", "upon", "on", "in");

    private static final Pattern NUMBER = Pattern.compile("[0-9]{3,4}");
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?]+");
    /** Quotes and brackets that may open a sentence. */
    private static final Pattern OPENERS = Pattern.compile("[\"“‘'(\\[]+");

    private final TokenizerModel tokenizerModel;
    private final POSModel posModel;
    private final long mergeMinCount;
    /** Tagger and tokenizer instances are costly to create (~20 ms) and not thread-safe: pooled, one per caller. */
    private final Queue<POSTaggerME> taggers = new ConcurrentLinkedQueue<>();

    private final Queue<TokenizerME> tokenizers = new ConcurrentLinkedQueue<>();

    @Autowired
    public OpenNlpEntityExtractor(GroundingProperties props) {
        this(props.mergeMinCount());
    }

    /** @param mergeMinCount corpus count a connector-joined phrase needs to become one name */
    public OpenNlpEntityExtractor(long mergeMinCount) {
        this.mergeMinCount = mergeMinCount;
        long t0 = System.nanoTime();
        try (InputStream tok = model("tokens");
                InputStream pos = model("pos")) {
            this.tokenizerModel = new TokenizerModel(tok);
            this.posModel = new POSModel(pos);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the OpenNLP English models from the class path", e);
        }
        log.info("OpenNLP English tokenizer and POS models loaded in {} ms", (System.nanoTime() - t0) / 1_000_000);
    }

    /** Finds {@code opennlp-en-ud-ewt-<kind>-*.bin} through the {@code model.properties} each model jar carries. */
    private static InputStream model(String kind) throws IOException {
        ClassLoader cl = OpenNlpEntityExtractor.class.getClassLoader();
        Enumeration<URL> props = cl.getResources("model.properties");
        while (props.hasMoreElements()) {
            Properties p = new Properties();
            try (InputStream in = props.nextElement().openStream()) {
                p.load(in);
            }
            String name = p.getProperty("model.name", "");
            if (name.startsWith("opennlp-en-") && name.contains("-" + kind + "-")) {
                InputStream model = cl.getResourceAsStream(name);
                if (model != null) {
                    return model;
                }
            }
        }
        throw new IOException(
                "no OpenNLP English '" + kind + "' model on the class path (opennlp-models-" + kind + "-en missing?)");
    }

    @Override
    public List<Mention> mentions(String text, TermCounter counts) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        TokenizerME tokenizer = pooled(tokenizers, () -> new TokenizerME(tokenizerModel));
        Span[] spans;
        try {
            spans = tokenizer.tokenizePos(text);
        } finally {
            tokenizers.offer(tokenizer);
        }
        int n = spans.length;
        String[] words = new String[n];
        for (int i = 0; i < n; i++) {
            words[i] = text.substring(spans[i].getStart(), spans[i].getEnd());
        }
        POSTaggerME tagger = pooled(taggers, () -> new POSTaggerME(posModel, POSTagFormat.UD));
        String[] tags;
        try {
            tags = tagger.tag(words);
        } finally {
            taggers.offer(tagger);
        }
        boolean[] proper = new boolean[n];
        boolean[] sentenceStart = new boolean[n];
        for (int i = 0; i < n; i++) {
            sentenceStart[i] = i == 0
                    || SENTENCE_END.matcher(words[i - 1]).matches()
                    || (OPENERS.matcher(words[i - 1]).matches() && sentenceStart[i - 1]);
            proper[i] = isProper(words[i], tags[i], sentenceStart[i], counts);
        }
        promoteCapitalisedPhrases(words, tags, sentenceStart, proper, counts);
        // a capitalised open-class word right beside a name belongs to it, even if the corpus never saw it
        // ("Zorblax Quintaine"): unknown names are exactly what the gate must not lose
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < n; i++) {
                if (!proper[i]
                        && capitalisedOpen(words[i], tags[i])
                        && ((i > 0 && proper[i - 1]) || (i + 1 < n && proper[i + 1]))
                        && (!sentenceStart[i] || !mostlyLowerCase(words[i], counts))) {
                    proper[i] = true;
                }
            }
        }
        // runs of proper tokens
        List<int[]> runs = new ArrayList<>();
        for (int i = 0; i < n; ) {
            if (!proper[i]) {
                i++;
                continue;
            }
            int j = i;
            while (j + 1 < n && proper[j + 1]) {
                j++;
            }
            runs.add(new int[] {i, j});
            i = j + 1;
        }
        runs = mergeConnected(runs, words, spans, text, counts);
        List<Mention> out = new ArrayList<>();
        int r = 0;
        for (int i = 0; i < n; i++) {
            if (r < runs.size() && runs.get(r)[0] == i) {
                int[] run = runs.get(r++);
                if (keep(run, words, sentenceStart, counts)) {
                    int start = spans[run[0]].getStart();
                    int end = spans[run[1]].getEnd();
                    out.add(new Mention(text.substring(start, end), start, end, Mention.Kind.NAME));
                }
                i = run[1];
            } else if (NUMBER.matcher(words[i]).matches() && ("NUM".equals(tags[i]) || "CD".equals(tags[i]))) {
                out.add(new Mention(words[i], spans[i].getStart(), spans[i].getEnd(), Mention.Kind.NUMBER));
            }
        }
        return out;
    }

    private static boolean isProper(String word, String tag, boolean sentenceStart, TermCounter counts) {
        if (!Character.isLetterOrDigit(word.codePointAt(0))) {
            return false;
        }
        if (PROPER_TAGS.contains(tag)) {
            return Character.isUpperCase(word.codePointAt(0)) || Character.isDigit(word.codePointAt(0));
        }
        if (sentenceStart || CLOSED_CLASS.contains(tag) || !Character.isUpperCase(word.codePointAt(0))) {
            return false;
        }
        // a capitalised word mid-sentence the tagger did not call a proper noun: ask the corpus (without one,
        // mid-sentence capitalisation decides)
        long cased = counts.count(word);
        if (cased < 0) {
            return true;
        }
        long lower = counts.count(word.toLowerCase(Locale.ROOT));
        return cased > 0 && cased >= 2 * lower;
    }

    /**
     * Title-like phrases the tagger reads as common nouns ({@code Pride and Prejudice}): a mid-sentence run of
     * capitalised open-class words, possibly joined by connectors, with at least two capitalised words, becomes a
     * name when the corpus has the whole phrase at least {@code mergeMinCount} times.
     */
    private void promoteCapitalisedPhrases(
            String[] words, String[] tags, boolean[] sentenceStart, boolean[] proper, TermCounter counts) {
        int n = words.length;
        for (int i = 0; i < n; i++) {
            if (!capitalisedOpen(words[i], tags[i])) {
                continue;
            }
            int j = i;
            int capitals = 1;
            int k = i + 1;
            while (k < n) {
                if (capitalisedOpen(words[k], tags[k])) {
                    j = k;
                    capitals++;
                    k++;
                } else if (CONNECTORS.contains(words[k]) && k + 1 < n && capitalisedOpen(words[k + 1], tags[k + 1])) {
                    k++;
                } else {
                    break;
                }
            }
            if (capitals >= 2) {
                StringBuilder phrase = new StringBuilder();
                for (int t = i; t <= j; t++) {
                    phrase.append(t > i ? " " : "").append(words[t]);
                }
                if (counts.count(phrase.toString()) >= mergeMinCount) {
                    for (int t = i; t <= j; t++) {
                        if (capitalisedOpen(words[t], tags[t])) {
                            proper[t] = true;
                        }
                    }
                }
            }
            i = j;
        }
    }

    private static boolean capitalisedOpen(String word, String tag) {
        return Character.isUpperCase(word.codePointAt(0)) && !CLOSED_CLASS.contains(tag);
    }

    private static <T> T pooled(Queue<T> pool, Supplier<T> factory) {
        T t = pool.poll();
        return t != null ? t : factory.get();
    }

    /** Joins {@code A connector B} into one run when the corpus knows the whole phrase. */
    private List<int[]> mergeConnected(
            List<int[]> runs, String[] words, Span[] spans, String text, TermCounter counts) {
        List<int[]> out = new ArrayList<>();
        for (int[] run : runs) {
            if (!out.isEmpty()) {
                int[] prev = out.getLast();
                int gapFrom = prev[1] + 1;
                int gapTo = run[0] - 1;
                if (gapTo >= gapFrom && gapTo - gapFrom < 2) {
                    StringBuilder gap = new StringBuilder();
                    for (int g = gapFrom; g <= gapTo; g++) {
                        gap.append(g > gapFrom ? " " : "").append(words[g]);
                    }
                    if (CONNECTORS.contains(gap.toString())) {
                        String phrase = text.substring(spans[prev[0]].getStart(), spans[run[1]].getEnd());
                        if (counts.count(phrase) >= mergeMinCount) {
                            out.set(out.size() - 1, new int[] {prev[0], run[1]});
                            continue;
                        }
                    }
                }
            }
            out.add(run);
        }
        return out;
    }

    /** Drops a sentence-initial single word that the corpus mostly writes lower-cased. */
    private static boolean keep(int[] run, String[] words, boolean[] sentenceStart, TermCounter counts) {
        return run[0] != run[1] || !sentenceStart[run[0]] || !mostlyLowerCase(words[run[0]], counts);
    }

    /** Whether the corpus writes {@code word} lower-cased more often than as written (false without a corpus). */
    private static boolean mostlyLowerCase(String word, TermCounter counts) {
        long cased = counts.count(word);
        long lower = counts.count(word.toLowerCase(Locale.ROOT));
        return cased >= 0 && lower > cased;
    }
}

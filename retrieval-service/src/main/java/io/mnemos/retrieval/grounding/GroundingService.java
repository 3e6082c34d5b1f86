package io.mnemos.retrieval.grounding;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mnemos.retrieval.collectionstats.CollectionStatsService;
import io.mnemos.retrieval.corpus.CorpusIndexService;
import io.mnemos.retrieval.corpusstats.CnfQuery;
import io.mnemos.retrieval.corpusstats.CompositeCorpusIndex;
import io.mnemos.retrieval.corpusstats.CorpusIndex;
import io.mnemos.retrieval.corpusstats.CountResult;
import io.mnemos.retrieval.ingest.SentenceSplitter;
import io.mnemos.retrieval.search.Retriever;
import io.mnemos.retrieval.search.SearchHit;
import io.mnemos.retrieval.search.SearchRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Service;

/**
 * The QuCo-RAG grounding gate (SPEC §5) over the reference corpus.
 *
 * <p><b>Stage 1, {@link #assess}:</b> count each question entity in the corpus (exact n-gram count); retrieve when the
 * <em>mean</em> count is below {@code question-threshold}. No entities → no retrieval (as the reference code). When
 * retrieving and the request names a collection, the question itself is the query (the paper's {@code direct}
 * formulation) and the top-k hits come from the caller's collection.
 *
 * <p><b>Stage 2, {@link #verify}:</b> per sentence, a sentence with a hedging phrase stops the check, one containing
 * "the answer is" is accepted and ends it; otherwise tuples are extracted ({@link ClaimExtractor}): a triple is
 * flagged when {@code count(head AND tail)} within {@code max-diff-tokens} tokens in one document is below {@code
 * ternary-tuple-threshold} (default 1: never co-occur), a pair when {@code count(head)} is below {@code
 * binary-tuple-threshold}. A failed lookup never flags (fail-open, as the reference). Unlike the reference, which
 * stops at the first flagged sentence to regenerate, every sentence is checked and reported; {@code
 * firstFlaggedSentence} and {@code cleanText} give the reference's stopping point.
 *
 * <p>The extractor is injected lazily: its models load on the first grounding request, not at startup.
 */
@Service
public class GroundingService {
    private static final Logger log = LoggerFactory.getLogger(GroundingService.class);

    /** Phrases that make QuCo stop checking (the model hedges or says the context lacks the fact). */
    static final List<String> HEDGES = List.of(
            "does not",
            "do not",
            "did not",
            "not provide",
            "not mention",
            "not available",
            "no information",
            "not specified",
            "not enough information",
            "cannot be determined",
            "unable to",
            "i don't know",
            "i do not know");

    private static final Pattern ANSWER = Pattern.compile("\\bthe answer is\\b", Pattern.CASE_INSENSITIVE);

    private final CorpusIndexService corpus;
    private final EntityExtractor extractor;
    private final GroundingProperties props;
    private final ObjectProvider<Retriever> retriever;
    private final SentenceSplitter sentences = new SentenceSplitter();
    private final MeterRegistry meters;
    private final ObjectProvider<CollectionStatsService> collections;

    public GroundingService(
            CorpusIndexService corpus,
            @Lazy EntityExtractor extractor,
            GroundingProperties props,
            ObjectProvider<Retriever> retriever,
            ObjectProvider<MeterRegistry> meters) {
        this(
                corpus,
                extractor,
                props,
                retriever,
                meters,
                new org.springframework.beans.factory.support.StaticListableBeanFactory()
                        .getBeanProvider(CollectionStatsService.class));
    }

    @org.springframework.beans.factory.annotation.Autowired
    public GroundingService(
            CorpusIndexService corpus,
            @Lazy EntityExtractor extractor,
            GroundingProperties props,
            ObjectProvider<Retriever> retriever,
            ObjectProvider<MeterRegistry> meters,
            ObjectProvider<CollectionStatsService> collections) {
        this.collections = collections;
        this.corpus = corpus;
        this.extractor = extractor;
        this.props = props;
        this.retriever = retriever;
        this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
    }

    public GroundingProperties properties() {
        return props;
    }

    /** Stage 1 for {@code tenant}'s question (the reference corpus is shared; hits come from the tenant only). */
    public AssessResponse assess(String tenant, AssessRequest request) {
        return assess(index(tenant, request.corpus()), tenant, request);
    }

    /**
     * The index the counts come from: the reference corpus (default), the tenant's collection documents, or both
     * (a composite: every count is the sum of the two). The thresholds were calibrated on the reference corpus, so
     * with {@code collections} they mean "rare in the tenant's own documents", a much smaller corpus.
     */
    CorpusIndex index(String tenant, @Nullable String which) {
        if (which == null || which.equals("reference")) {
            return corpus.acquire();
        }
        CollectionStatsService stats = collections.getIfAvailable();
        if (stats == null) {
            throw new io.mnemos.web.problem.ServiceUnavailableProblem(
                    "collections-index-disabled",
                    "Collection statistics unavailable",
                    "Statistics over collection documents are not available in this service; use corpus reference.",
                    null,
                    null);
        }
        if (which.equals("collections")) {
            return stats.acquire(tenant);
        }
        CorpusIndex reference = corpus.acquire();
        return stats.find(tenant)
                .<CorpusIndex>map(own -> CompositeCorpusIndex.of(reference, own))
                .orElse(reference);
    }

    /** Stage 1 against a given index. */
    public AssessResponse assess(CorpusIndex index, String tenant, AssessRequest request) {
        long t0 = System.nanoTime();
        Counting counting = new Counting(index);
        boolean given = request.entities() != null && !request.entities().isEmpty();
        List<String> entities =
                given ? distinct(request.entities()) : extractor.entities(request.question(), counting::quietCount);
        entities = entities.stream().limit(props.maxEntities()).toList();
        List<AssessResponse.EntityCount> counts = new ArrayList<>();
        for (String e : entities) {
            counts.add(new AssessResponse.EntityCount(e, counting.count(e).count()));
        }
        double threshold = props.questionThreshold();
        Double mean = counts.isEmpty()
                ? null
                : counts.stream()
                        .mapToLong(AssessResponse.EntityCount::count)
                        .average()
                        .orElse(0);
        boolean retrieve;
        String rule;
        String explanation;
        if (threshold < 0) {
            retrieve = false;
            rule = "stage-disabled";
            explanation = "mnemos.grounding.question-threshold is negative: stage 1 never retrieves";
        } else if (mean == null) {
            retrieve = false;
            rule = "no-entities";
            explanation = "no entity was found in the question, so stage 1 does not retrieve (as QuCo-RAG)";
        } else if (mean < threshold) {
            retrieve = true;
            rule = "mean-below-threshold";
            explanation = String.format(
                    Locale.ROOT,
                    "mean entity count %.1f < question threshold %s: the corpus rarely mentions these entities,"
                            + " so retrieve",
                    mean,
                    num(threshold));
        } else {
            retrieve = false;
            rule = "mean-at-or-above-threshold";
            explanation = String.format(
                    Locale.ROOT,
                    "mean entity count %.1f >= question threshold %s: well-covered entities, no retrieval",
                    mean,
                    num(threshold));
        }
        String hitsStatus;
        List<AssessResponse.Hit> hits = null;
        if (!retrieve) {
            hitsStatus = "not-retrieving";
        } else if (request.collection() == null) {
            hitsStatus = "no-collection";
        } else {
            Retriever r = retriever.getIfAvailable();
            if (r == null) {
                hitsStatus = "retriever-unavailable";
            } else {
                int k = request.k() == null ? props.topK() : request.k();
                hits = r
                        .search(SearchRequest.builder(tenant, request.question())
                                .collection(request.collection())
                                .k(k)
                                .build())
                        .hits()
                        .stream()
                        .map(GroundingService::hit)
                        .toList();
                hitsStatus = "returned";
            }
        }
        meters.counter("mnemos.grounding.assess", "retrieve", Boolean.toString(retrieve))
                .increment();
        long took = System.nanoTime() - t0;
        Timer.builder("mnemos.grounding.latency")
                .tag("stage", "assess")
                .register(meters)
                .record(took, TimeUnit.NANOSECONDS);
        log.debug("assess: {} entities, mean {}, rule {}", counts.size(), mean, rule);
        return new AssessResponse(
                request.question(),
                given ? "given" : "extracted",
                counts,
                mean == null ? null : Math.round(mean * 10) / 10.0,
                threshold,
                retrieve,
                rule,
                explanation,
                retrieve ? request.question() : null,
                hitsStatus,
                hits,
                corpusInfo(index, request.corpus()),
                millis(counting.engineNanos),
                millis(took));
    }

    /** Stage 2 over {@code text}. */
    public VerifyResponse verify(VerifyRequest request) {
        return verify(corpus.acquire(), request);
    }

    /** Stage 2 over {@code text} for {@code tenant} (the counts from {@link VerifyRequest#corpus()}). */
    public VerifyResponse verify(String tenant, VerifyRequest request) {
        return verify(index(tenant, request.corpus()), request);
    }

    /** Stage 2 against a given index. */
    public VerifyResponse verify(CorpusIndex index, VerifyRequest request) {
        long t0 = System.nanoTime();
        Counting counting = new Counting(index);
        boolean given = request.entities() != null && !request.entities().isEmpty();
        List<String> givenEntities = given ? distinct(request.entities()) : List.of();
        List<String> split = sentences.sentences(request.text());
        if (split.size() > props.maxSentences()) {
            split = split.subList(0, props.maxSentences());
        }
        List<VerifyResponse.SentenceCheck> checks = new ArrayList<>();
        LinkedHashSet<String> queries = new LinkedHashSet<>();
        Integer firstFlagged = null;
        boolean stopped = false;
        for (int i = 0; i < split.size(); i++) {
            String s = split.get(i);
            if (stopped) {
                checks.add(new VerifyResponse.SentenceCheck(i, s, "not-checked", "after a stop", false, List.of()));
                continue;
            }
            String hedge = hedge(s);
            if (hedge != null) {
                stopped = true;
                checks.add(new VerifyResponse.SentenceCheck(
                        i, s, "hedge", "contains '" + hedge + "': the check stops here", false, List.of()));
                continue;
            }
            if (ANSWER.matcher(s).find()) {
                stopped = true;
                checks.add(new VerifyResponse.SentenceCheck(
                        i, s, "answer", "contains 'the answer is': accepted, the check ends", false, List.of()));
                continue;
            }
            List<Mention> mentions = given ? find(s, givenEntities) : extractor.mentions(s, counting::quietCount);
            List<Claim> claims = ClaimExtractor.claims(s, mentions);
            if (claims.size() > props.maxEntities()) {
                claims = claims.subList(0, props.maxEntities());
            }
            if (claims.isEmpty()) {
                checks.add(new VerifyResponse.SentenceCheck(
                        i, s, "no-claims", "no entity found: accepted as is", false, List.of()));
                continue;
            }
            List<VerifyResponse.ClaimCheck> claimChecks = new ArrayList<>();
            boolean sentenceFlagged = false;
            for (Claim c : claims) {
                VerifyResponse.ClaimCheck check = check(counting, c);
                claimChecks.add(check);
                if (check.flagged()) {
                    sentenceFlagged = true;
                    queries.add(check.retrievalQuery());
                }
            }
            if (sentenceFlagged && firstFlagged == null) {
                firstFlagged = i;
            }
            checks.add(new VerifyResponse.SentenceCheck(i, s, "checked", null, sentenceFlagged, claimChecks));
        }
        String cleanText = String.join(" ", split.subList(0, firstFlagged == null ? split.size() : firstFlagged));
        Map<String, Number> thresholds = new LinkedHashMap<>();
        thresholds.put("binaryTupleThreshold", props.binaryTupleThreshold());
        thresholds.put("ternaryTupleThreshold", props.ternaryTupleThreshold());
        thresholds.put("maxDiffTokens", props.maxDiffTokens());
        thresholds.put("maxClauseFreq", props.maxClauseFreq());
        meters.counter("mnemos.grounding.verify", "flagged", Boolean.toString(firstFlagged != null))
                .increment();
        long took = System.nanoTime() - t0;
        Timer.builder("mnemos.grounding.latency")
                .tag("stage", "verify")
                .register(meters)
                .record(took, TimeUnit.NANOSECONDS);
        return new VerifyResponse(
                request.question(),
                given ? "given" : "extracted",
                firstFlagged != null,
                firstFlagged,
                cleanText,
                List.copyOf(queries),
                checks,
                thresholds,
                millis(counting.engineNanos),
                millis(took));
    }

    private VerifyResponse.ClaimCheck check(Counting counting, Claim c) {
        if (c.isTriple()) {
            double threshold = props.ternaryTupleThreshold();
            String query = CnfQuery.and(c.head(), c.tail()).toString();
            CountResult r = counting.cnf(c.head(), c.tail());
            if (r == null) {
                return new VerifyResponse.ClaimCheck(
                        "triple",
                        c.head(),
                        c.relation(),
                        c.tail(),
                        query,
                        null,
                        false,
                        threshold,
                        false,
                        "lookup failed: not flagged (fail-open)",
                        null);
            }
            boolean flagged = threshold >= 0 && r.count() < threshold;
            String rule = threshold < 0
                    ? "ternary rule disabled (threshold < 0)"
                    : String.format(
                                    Locale.ROOT,
                                    "co-occurrence of head and tail within %d tokens in one document: %d%s %s threshold %s",
                                    props.maxDiffTokens(),
                                    r.count(),
                                    r.approx() ? " (estimate)" : "",
                                    flagged ? "<" : ">=",
                                    num(threshold))
                            + (flagged ? ": flagged (the corpus never links them)" : ": supported");
            return new VerifyResponse.ClaimCheck(
                    "triple",
                    c.head(),
                    c.relation(),
                    c.tail(),
                    query,
                    r.count(),
                    r.approx(),
                    threshold,
                    flagged,
                    rule,
                    flagged ? c.retrievalQuery() : null);
        }
        double threshold = props.binaryTupleThreshold();
        CountResult r = counting.countOrNull(c.head());
        if (r == null) {
            return new VerifyResponse.ClaimCheck(
                    "pair",
                    c.head(),
                    c.relation(),
                    null,
                    c.head(),
                    null,
                    false,
                    threshold,
                    false,
                    "lookup failed: not flagged (fail-open)",
                    null);
        }
        boolean flagged = threshold >= 0 && r.count() < threshold;
        String rule = threshold < 0
                ? "binary rule disabled (threshold < 0)"
                : String.format(
                                Locale.ROOT,
                                "count of head entity %d %s binary threshold %s",
                                r.count(),
                                flagged ? "<" : ">=",
                                num(threshold))
                        + (flagged ? ": flagged (a rare entity the model likely knows little about)" : ": supported");
        return new VerifyResponse.ClaimCheck(
                "pair",
                c.head(),
                c.relation(),
                null,
                c.head(),
                r.count(),
                false,
                threshold,
                flagged,
                rule,
                flagged ? c.retrievalQuery() : null);
    }

    static @Nullable String hedge(String sentence) {
        String lower = sentence.toLowerCase(Locale.ROOT);
        for (String h : HEDGES) {
            if (lower.contains(h)) {
                return h;
            }
        }
        return null;
    }

    /** Occurrences of caller-supplied entities in a sentence (case-sensitive, at word boundaries), in order. */
    static List<Mention> find(String sentence, List<String> entities) {
        List<Mention> found = new ArrayList<>();
        // longer names first so "New York City" wins over "New York"
        List<String> byLength = new ArrayList<>(entities);
        byLength.sort((a, b) -> Integer.compare(b.length(), a.length()));
        for (String e : byLength) {
            Matcher m = Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(e) + "(?![\\p{L}\\p{N}])")
                    .matcher(sentence);
            while (m.find()) {
                Mention candidate = new Mention(e, m.start(), m.end(), Mention.Kind.GIVEN);
                if (found.stream().noneMatch(candidate::overlaps)) {
                    found.add(candidate);
                }
            }
        }
        found.sort((a, b) -> Integer.compare(a.start(), b.start()));
        return found;
    }

    private static List<String> distinct(List<String> values) {
        return List.copyOf(
                new LinkedHashSet<>(values.stream().map(String::strip).toList()));
    }

    private static AssessResponse.Hit hit(SearchHit h) {
        return new AssessResponse.Hit(h.collection(), h.documentId(), h.chunkId(), h.title(), h.text(), h.score());
    }

    private Map<String, Object> corpusInfo(CorpusIndex index, @Nullable String which) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put(
                "name",
                which == null || which.equals("reference")
                        ? corpus.properties().name()
                        : which.equals("collections")
                                ? CollectionStatsService.INDEX_NAME
                                : corpus.properties().name() + "+" + CollectionStatsService.INDEX_NAME);
        info.put("tokens", index.stats().tokens());
        return info;
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 1e3) / 1e3;
    }

    /** Counts with the engine time summed and repeated lookups cached for one request. */
    private final class Counting {
        private final CorpusIndex index;
        private final Map<String, CountResult> cache = new HashMap<>();
        long engineNanos;

        Counting(CorpusIndex index) {
            this.index = index;
        }

        CountResult count(String ngram) {
            CountResult r = cache.get(ngram);
            if (r == null) {
                r = index.count(ngram);
                engineNanos += r.latencyNanos();
                cache.put(ngram, r);
            }
            return r;
        }

        long quietCount(String ngram) {
            return count(ngram).count();
        }

        @Nullable
        CountResult countOrNull(String ngram) {
            try {
                return count(ngram);
            } catch (RuntimeException e) {
                log.debug("count of '{}' failed: {}", ngram, e.toString());
                return null;
            }
        }

        @Nullable
        CountResult cnf(String head, String tail) {
            try {
                CountResult r = index.cnf(CnfQuery.and(head, tail), props.maxDiffTokens(), props.maxClauseFreq());
                engineNanos += r.latencyNanos();
                return r;
            } catch (RuntimeException e) {
                log.debug("co-occurrence of '{}' and '{}' failed: {}", head, tail, e.toString());
                return null;
            }
        }
    }
}

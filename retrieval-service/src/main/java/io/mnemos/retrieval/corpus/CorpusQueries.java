package io.mnemos.retrieval.corpus;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mnemos.retrieval.corpusstats.CnfQuery;
import io.mnemos.retrieval.corpusstats.CorpusIndex;
import io.mnemos.retrieval.corpusstats.CountResult;
import io.mnemos.retrieval.corpusstats.DocMatch;
import io.mnemos.retrieval.corpusstats.DocumentView;
import io.mnemos.retrieval.corpusstats.InvalidQueryException;
import io.mnemos.retrieval.corpusstats.NextTokenResult;
import io.mnemos.retrieval.corpusstats.ProbResult;
import io.mnemos.retrieval.corpusstats.SearchDocsResult;
import io.mnemos.retrieval.corpusstats.Span;
import io.mnemos.web.problem.BadRequestProblem;
import io.mnemos.web.problem.FieldViolation;
import io.mnemos.web.problem.NotFoundProblem;
import io.mnemos.web.problem.ProblemException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/** Runs Infini-gram-style queries ({@link CorpusQueryRequest}) against the reference corpus. */
@Service
public class CorpusQueries {
    /** Tokens shown on either side of a {@code search_docs} match. */
    static final int SNIPPET_CONTEXT = 20;

    private final CorpusIndexService corpus;
    private final MeterRegistry meters;

    public CorpusQueries(CorpusIndexService corpus, ObjectProvider<MeterRegistry> meters) {
        this.corpus = corpus;
        this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
    }

    /**
     * Validates and runs a query.
     *
     * @throws ProblemException 400 for invalid input (named fields, CNF syntax errors with their position), 404 for
     *                          an unknown {@code index}, 503 while the index is unavailable
     */
    public CorpusQueryResponse run(CorpusQueryRequest request) {
        List<FieldViolation> errors = request.violations(corpus.properties().maxQueryLength());
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        String name = corpus.properties().name();
        if (request.index() != null && !request.index().equals(name)) {
            throw new NotFoundProblem(
                    "corpus-index-not-found",
                    "Corpus index not found",
                    "There is no corpus index '" + request.index() + "'; this service serves '" + name
                            + "' (omit index to use it).");
        }
        return execute(corpus.acquire(), request);
    }

    /**
     * Validates and runs a query against another index (the caller's {@code collections} index), obtained only once
     * the request's fields are valid (so those are a 400 before any 404/503; CNF syntax is checked on the index); {@code index} in the request is not checked.
     */
    public CorpusQueryResponse run(CorpusQueryRequest request, Supplier<CorpusIndex> index) {
        List<FieldViolation> errors = request.violations(corpus.properties().maxQueryLength());
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return execute(index.get(), request);
    }

    private CorpusQueryResponse execute(CorpusIndex index, CorpusQueryRequest request) {
        CorpusQueryRequest.Type type = request.type();
        try {
            CorpusQueryResponse response =
                    switch (type) {
                        case COUNT -> count(index, request);
                        case PROB -> prob(index, request);
                        case NTD -> ntd(index, request);
                        case SEARCH_DOCS -> searchDocs(index, request);
                    };
            Timer.builder("mnemos.corpus.query")
                    .description("engine time of corpus-statistics queries")
                    .tag("type", type.wire())
                    .register(meters)
                    .record((long) (response.latency() * 1e6), TimeUnit.NANOSECONDS);
            return response;
        } catch (InvalidQueryException e) {
            throw invalidQuery(e);
        }
    }

    private CorpusQueryResponse count(CorpusIndex index, CorpusQueryRequest r) {
        String q = r.query();
        if (q.isBlank()) {
            CountResult c = index.count("");
            return countResponse(r, c, List.of(), null);
        }
        CnfQuery cnf = CnfQuery.parse(q);
        if (cnf.clauses().size() == 1 && cnf.clauses().getFirst().size() == 1) {
            String term = cnf.clauses().getFirst().getFirst();
            CountResult c = index.count(term);
            return countResponse(r, c, index.tokenizer().tokenize(term), null);
        }
        CountResult c = index.cnf(cnf, r.maxDiffTokensOrDefault(), r.maxClauseFreqOrDefault());
        return countResponse(r, c, null, cnf.clauses());
    }

    private CorpusQueryResponse countResponse(
            CorpusQueryRequest r, CountResult c, List<String> tokens, List<List<String>> cnf) {
        return new CorpusQueryResponse(
                r.queryType(),
                indexName(r),
                millis(c.latencyNanos()),
                c.count(),
                c.approx(),
                tokens,
                cnf,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    private CorpusQueryResponse prob(CorpusIndex index, CorpusQueryRequest r) {
        ProbResult p = index.prob(r.query());
        return new CorpusQueryResponse(
                r.queryType(),
                indexName(r),
                millis(p.latencyNanos()),
                p.continuationCount(),
                p.approx(),
                index.tokenizer().tokenize(r.query()),
                null,
                p.promptCount(),
                p.continuationCount(),
                p.prob(),
                null,
                null,
                null,
                null,
                null);
    }

    private CorpusQueryResponse ntd(CorpusIndex index, CorpusQueryRequest r) {
        NextTokenResult n = index.nextTokens(r.query(), r.maxnumOrDefault(), r.maxSupportOrDefault());
        return new CorpusQueryResponse(
                r.queryType(),
                indexName(r),
                millis(n.latencyNanos()),
                null,
                n.approx(),
                index.tokenizer().tokenize(r.query()),
                null,
                n.promptCount(),
                null,
                null,
                n.tokens().stream()
                        .map(t -> new CorpusQueryResponse.NextTokenView(t.token(), t.count(), t.prob()))
                        .toList(),
                n.endOfDocumentCount(),
                n.distinctTokens(),
                null,
                null);
    }

    private CorpusQueryResponse searchDocs(CorpusIndex index, CorpusQueryRequest r) {
        CnfQuery cnf = CnfQuery.parse(r.query());
        SearchDocsResult s =
                index.searchDocs(cnf, r.maxDiffTokensOrDefault(), r.maxClauseFreqOrDefault(), r.maxnumOrDefault());
        List<CorpusQueryResponse.DocView> docs =
                s.docs().stream().map(d -> docView(index, d)).toList();
        return new CorpusQueryResponse(
                r.queryType(),
                indexName(r),
                millis(s.latencyNanos()),
                s.count(),
                s.approx(),
                null,
                cnf.clauses(),
                null,
                null,
                null,
                null,
                null,
                null,
                s.documents(),
                docs);
    }

    private static CorpusQueryResponse.DocView docView(CorpusIndex index, DocMatch d) {
        DocumentView doc = index.document(d.docIndex());
        String snippet = "";
        if (!d.spans().isEmpty()) {
            Span first = d.spans().getFirst();
            int from = Math.max(0, first.start() - SNIPPET_CONTEXT);
            int to = Math.min(doc.tokens().size(), first.end() + SNIPPET_CONTEXT);
            snippet = String.join(" ", doc.tokens().subList(from, to));
        }
        return new CorpusQueryResponse.DocView(
                d.docIndex(),
                d.docId(),
                d.matches(),
                d.spans().stream().map(s -> new int[] {s.start(), s.end()}).toList(),
                snippet);
    }

    static double millis(long nanos) {
        return Math.round(nanos / 1e3) / 1e3;
    }

    static ProblemException invalid(List<FieldViolation> errors) {
        String summary = String.join(
                "; ", errors.stream().map(f -> f.field() + " " + f.message()).toList());
        return new BadRequestProblem("validation-failed", "Invalid request", "The query is invalid: " + summary + ".")
                .with("errors", errors);
    }

    static ProblemException invalidQuery(InvalidQueryException e) {
        ProblemException p = new BadRequestProblem(
                "invalid-corpus-query",
                "Invalid corpus query",
                "The query cannot be evaluated: " + e.getMessage() + ". Syntax: terms joined by AND / OR (upper case;"
                        + " OR binds tighter), e.g. \"Elizabeth AND Darcy\" or \"Paris OR London AND Dickens\";"
                        + " double-quote a term that contains AND/OR.");
        if (e.position() >= 0) {
            p.with("position", e.position());
        }
        return p;
    }

    /** The index answered: the request's ({@code collections} or the reference name), else the reference corpus. */
    private String indexName(CorpusQueryRequest r) {
        return r.index() == null ? corpus.properties().name() : r.index();
    }
}

package io.mnemos.memory.search;

import io.mnemos.memory.conversation.ConversationIndex;
import io.mnemos.memory.conversation.ConversationIndexer;
import io.mnemos.memory.conversation.ConversationSearch;
import io.mnemos.memory.conversation.ConversationStore;
import io.mnemos.memory.conversation.SearchMode;
import io.mnemos.memory.conversation.TurnHit;
import io.mnemos.memory.conversation.TurnQuery;
import io.mnemos.memory.experience.ExperienceService;
import io.mnemos.memory.experience.TemplateMatch;
import io.mnemos.memory.profile.ProfileHit;
import io.mnemos.memory.profile.ProfileService;
import io.mnemos.memory.search.MemorySearchResponse.Hit;
import io.mnemos.memory.search.MemorySearchResponse.TimeFilter;
import io.mnemos.model.Embedder;
import io.mnemos.model.QueryVectors;
import io.mnemos.search.Fusion;
import io.mnemos.web.problem.ServiceUnavailableProblem;
import io.mnemos.web.problem.UnprocessableProblem;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * One search over a user's memory of several kinds. Turns come from {@link ConversationSearch}; profile facts from
 * {@link ProfileService#query}; experience templates from {@link ExperienceService#match}. The other services are
 * optional beans (looked up when a request asks for them), so this works whatever else is deployed.
 *
 * <p><b>Comparable scores.</b> Each kind's scores are mapped to [0, 1] on a cosine-like scale before merging: dense
 * turn scores are Lucene's {@code (1 + cos) / 2} mapped back to {@code max(0, cos)}; hybrid convex scores already lie
 * in [0, 1]; RRF scores are divided by their maximum {@code 2 / (k + 1)}; BM25 scores, which have no absolute scale,
 * are divided by the best BM25 score of the list (so prefer hybrid when mixing kinds); profile hits use their own
 * score ({@code similarity × (0.5 + 0.5 × confidence)}); an experience template uses its match confidence. Hits are
 * then merged by that score (ties: turns first).
 *
 * <p><b>Precomputed query vector.</b> A caller that already embedded the query with the same model (the orchestrator's
 * router does, for every turn) sends the vector along, and dense/hybrid turn search uses it instead of embedding the
 * query again (rules in {@link QueryVectors}: another model's vector is ignored, a malformed one is a 422). It is not
 * used when a time expression was taken out of the query (the remaining text is embedded, as it is what is searched).
 * Profile search reuses it when profile memory embeds with the same model.
 *
 * <p><b>Warm-up.</b> Once the application is ready, the embedder embeds one text in the background, so the first
 * search does not pay for loading the model; a failure only logs a warning.
 */
@Service
public class MemorySearchService {

    static final Set<String> TYPES = Set.of("turn", "profile", "experience");

    private final ConversationSearch turns;
    private final ConversationIndex turnIndex;
    private final Embedder embedder;
    private final ConversationStore store;
    private final ObjectProvider<ProfileService> profiles;
    private final ObjectProvider<ExperienceService> experiences;
    private final Clock clock;

    public MemorySearchService(
            ConversationSearch turns,
            ConversationIndex turnIndex,
            ConversationIndexer indexer,
            ConversationStore store,
            ObjectProvider<ProfileService> profiles,
            ObjectProvider<ExperienceService> experiences,
            ObjectProvider<Clock> clock) {
        this.turns = turns;
        this.turnIndex = turnIndex;
        this.embedder = indexer.embedder(); // the model turns are indexed and searched with
        this.store = store;
        this.profiles = profiles;
        this.experiences = experiences;
        this.clock = clock.getIfUnique(Clock::systemUTC);
    }

    public MemorySearchResponse search(String tenant, String userId, MemorySearchRequest req) {
        if (req == null || req.query() == null) {
            throw invalid("query is required (it may be only a time expression, e.g. \"last week\").");
        }
        if (req.query().length() > 2_000) {
            throw invalid("query is longer than 2,000 characters.");
        }
        int k = req.k() == null ? 10 : req.k();
        if (k < 1 || k > 100) {
            throw invalid("k must be between 1 and 100 (was " + k + ").");
        }
        SearchMode mode;
        try {
            mode = req.mode() == null ? SearchMode.HYBRID : SearchMode.parse(req.mode());
        } catch (IllegalArgumentException e) {
            throw invalid("mode must be one of bm25, dense, hybrid (was '" + req.mode() + "').");
        }
        Set<String> types = new LinkedHashSet<>();
        if (req.types() == null || req.types().isEmpty()) {
            types.add("turn");
        } else {
            for (String t : req.types()) {
                String type = t == null ? "" : t.strip().toLowerCase(Locale.ROOT);
                if (type.equals("action")) {
                    throw invalid("type 'action' is not searchable by text: recorded actions are found by task with"
                            + " POST /v1/actions/replay. Use turn, profile or experience.");
                }
                if (!TYPES.contains(type)) {
                    throw invalid("types may hold turn, profile, experience (was '" + t + "').");
                }
                types.add(type);
            }
        }
        ZoneId zone;
        try {
            zone = req.timeZone() == null ? ZoneOffset.UTC : ZoneId.of(req.timeZone());
        } catch (DateTimeException e) {
            throw invalid("timeZone '" + req.timeZone() + "' is not an IANA time zone (e.g. Europe/Paris).");
        }
        float[] queryVector;
        try {
            queryVector = QueryVectors.usable(embedder, req.queryVectorModel(), req.queryVector())
                    .orElse(null);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage() + ".");
        }
        Instant now = req.now() != null ? req.now() : clock.instant();
        TimeExpressions.Parsed parsed = TimeExpressions.parse(req.query(), now.atZone(zone));
        TimeFilter filter = null;
        Instant from = null;
        Instant to = null;
        String text = req.query().strip();
        if (req.from() != null || req.to() != null) {
            from = req.from();
            to = req.to();
            if (from != null && to != null && !from.isBefore(to)) {
                throw invalid("from must be before to.");
            }
            filter = new TimeFilter(from, to, "request", null);
        } else if (parsed.range().isPresent()) {
            TimeExpressions.TimeRange r = parsed.range().get();
            from = r.from();
            to = r.to();
            text = parsed.text();
            filter = new TimeFilter(from, to, "query", r.expression());
            queryVector = null; // it embeds the whole query, time expression included: embed what is searched
        }
        if (text.isBlank() && filter == null) {
            throw invalid("query must not be blank.");
        }
        ProfileService profileService = types.contains("profile") ? profiles.getIfUnique() : null;
        if (types.contains("profile") && profileService == null) {
            throw new ServiceUnavailableProblem("Profile memory is not available in this deployment.", null);
        }
        // An unknown user is not an error (user ids belong to the client, there is no registry): like profile
        // listings, and as mem0/Zep clients expect, a user without memory yet gets an empty 200.

        List<Hit> hits = new ArrayList<>();
        if (types.contains("turn")) {
            TurnQuery query = new TurnQuery(userId, text, k, mode, from, to);
            List<TurnHit> found = queryVector != null && mode != SearchMode.BM25 && !text.isBlank()
                    ? turnIndex.search(tenant, query, queryVector)
                    : turns.search(tenant, query);
            double best = found.stream().mapToDouble(TurnHit::score).max().orElse(1);
            for (TurnHit h : found) {
                hits.add(new Hit(
                        "turn",
                        h.turnId().toString(),
                        h.publicTurnId(),
                        h.publicSessionId(),
                        h.speaker(),
                        h.text(),
                        turnScore(mode, turns.fusion(), h, best, types.size() > 1),
                        h.timestamp()));
            }
        }
        if (profileService != null && !text.isBlank()) {
            // The turn-search vector is the query's embedding (validated above), reused when profile memory embeds
            // with the same model.
            for (ProfileHit h : profileService
                    .query(tenant, userId, text, k, queryVector, queryVector == null ? null : embedder.modelId())
                    .hits()) {
                hits.add(new Hit(
                        "profile",
                        h.fact().id().toString(),
                        h.fact().sourceTurnId(),
                        null,
                        null,
                        h.fact().embeddingText(),
                        clamp(h.score()),
                        h.fact().validFrom()));
            }
        }
        if (types.contains("experience") && !text.isBlank()) {
            ExperienceService exp = experiences.getIfUnique();
            if (exp == null) {
                throw new ServiceUnavailableProblem("Experience memory is not available in this deployment.", null);
            }
            Optional<TemplateMatch> m = exp.match(tenant, text);
            m.ifPresent(match -> hits.add(new Hit(
                    "experience",
                    match.template().id().toString(),
                    null,
                    null,
                    null,
                    match.template().pattern(),
                    clamp(match.confidence()),
                    match.template().updatedAt())));
        }
        if (types.size() > 1) {
            hits.sort(Comparator.comparingDouble((Hit h) -> -h.score())
                    .thenComparing(h -> h.type().equals("turn") ? 0 : 1));
        }
        return new MemorySearchResponse(List.copyOf(hits.subList(0, Math.min(k, hits.size()))), filter);
    }

    /** Loads the model and embeds one text in the background once the service is up (startup is not blocked). */
    @EventListener(ApplicationReadyEvent.class)
    void warmUp() {
        QueryVectors.warmUpInBackground("memory search embedder", embedder);
    }

    /** A turn's score: the mode's own score alone, or mapped to [0, 1] when mixed with other kinds (see above). */
    static double turnScore(SearchMode mode, Fusion fusion, TurnHit h, double bestInList, boolean mixed) {
        if (!mixed) {
            return h.score();
        }
        return switch (mode) {
            case DENSE -> clamp(2 * h.score() - 1);
            case BM25 -> bestInList > 0 ? clamp(h.score() / bestInList) : 0;
            case HYBRID ->
                switch (fusion) {
                    case Fusion.Rrf rrf -> clamp(h.score() * (rrf.k() + 1) / 2.0);
                    case Fusion.Convex c -> clamp(h.score());
                };
        };
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private static UnprocessableProblem invalid(String detail) {
        return new UnprocessableProblem("invalid-memory-search", "Invalid memory search", detail);
    }
}

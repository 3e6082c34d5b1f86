package io.mnemos.memory.profile;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.mnemos.web.problem.BadRequestProblem;
import io.mnemos.web.problem.ConflictProblem;
import io.mnemos.web.problem.FieldViolation;
import io.mnemos.web.problem.NotFoundProblem;
import io.mnemos.web.problem.ProblemException;
import io.mnemos.web.problem.UnprocessableProblem;
import io.mnemos.web.security.RequiresScope;
import io.mnemos.web.security.TenantContext;
import io.mnemos.web.validation.UserId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Profile memory over HTTP. Every call is scoped to the caller's tenant; a fact or contradiction of another tenant, or
 * of another user than the one in the path, answers 404 exactly like a missing one. An unknown user simply has no
 * facts (user ids belong to the client; there is no user registry), so lists are empty rather than 404.
 */
@RestController
@Validated
@Tag(name = "Profile memory")
class ProfileController {

    static final String ATTRIBUTE = "[A-Za-z0-9_. -]{1,200}";

    private final ProfileService profiles;
    private final Clock clock;
    private final Timer queryTimer;
    private final MeterRegistry meters;

    ProfileController(ProfileService profiles, ObjectProvider<Clock> clock, MeterRegistry meters) {
        this.profiles = profiles;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        this.meters = meters;
        this.queryTimer = Timer.builder("mnemos.memory.profile.query")
                .description("Profile queries over HTTP: embedding plus DisGraph search")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
    }

    // ---- views and requests ------------------------------------------------------------------------------------

    /** A fact as the API shows it (no tenant, no normalised value, no embedding). */
    record FactView(
            UUID id,
            String userId,
            String attribute,
            String value,
            Polarity polarity,
            double confidence,
            int evidenceCount,
            String source,
            @Nullable String sourceTurnId,
            Instant validFrom,
            @Nullable Instant validTo,
            Instant lastObservedAt,
            FactStatus status,
            @Nullable UUID supersedes,
            @Nullable UUID supersededBy,
            long version) {
        static FactView of(ProfileFact f) {
            return new FactView(
                    f.id(),
                    f.userId(),
                    f.attribute(),
                    f.value(),
                    f.polarity(),
                    f.confidence(),
                    f.evidenceCount(),
                    f.source(),
                    f.sourceTurnId(),
                    f.validFrom(),
                    f.validTo(),
                    f.lastObservedAt(),
                    f.status(),
                    f.supersedes(),
                    f.supersededBy(),
                    f.version());
        }
    }

    record FactList(String userId, List<FactView> facts) {}

    /**
     * An explicit statement about the user.
     *
     * @param attribute  dimension, dot-separated, e.g. {@code food.preference}
     * @param value      the value as stated
     * @param polarity   asserted (default) or denied
     * @param confidence belief in (0, 1], default 0.9
     * @param source     where it comes from, default {@code api}
     * @param sourceTurnId conversation turn it was read from, if any
     * @param observedAt when it was stated, default now
     */
    record FactRequest(
            @NotBlank @Pattern(regexp = ATTRIBUTE, message = "letters, digits, '.', '_', '-' and spaces, at most 200")
                    String attribute,
            @NotBlank @Size(max = 1000) String value,
            @Nullable Polarity polarity,
            @Nullable @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double confidence,
            @Nullable @Size(max = 100) String source,
            @Nullable @Size(max = 200) String sourceTurnId,
            @Nullable Instant observedAt) {}

    /**
     * A new value or confidence for an existing fact (its attribute stays).
     *
     * @param version the version read (alternative to an {@code If-Match} header)
     */
    record FactEdit(
            @NotBlank @Size(max = 1000) String value,
            @Nullable Polarity polarity,
            @Nullable @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double confidence,
            @Nullable @Size(max = 100) String source,
            @Nullable @Min(0) Long version) {}

    /** What a write did, and the fact that now carries it. */
    record WriteResult(String outcome, FactView fact, List<UUID> superseded, List<ContradictionView> contradictions) {
        static WriteResult of(UpsertOutcome o) {
            return new WriteResult(
                    o.kind().name().toLowerCase(java.util.Locale.ROOT),
                    FactView.of(o.fact()),
                    o.superseded().stream().map(ProfileFact::id).toList(),
                    o.contradictions().stream().map(ContradictionView::of).toList());
        }
    }

    record ContradictionView(
            UUID id,
            String userId,
            String attribute,
            UUID factA,
            UUID factB,
            String reason,
            ContradictionStatus status,
            @Nullable UUID resolvedWith,
            Instant detectedAt,
            @Nullable Instant resolvedAt,
            long version) {
        static ContradictionView of(Contradiction c) {
            return new ContradictionView(
                    c.id(),
                    c.userId(),
                    c.attribute(),
                    c.factA(),
                    c.factB(),
                    c.reason(),
                    c.status(),
                    c.resolvedWith(),
                    c.detectedAt(),
                    c.resolvedAt(),
                    c.version());
        }
    }

    record ContradictionList(String userId, List<ContradictionView> contradictions) {}

    /**
     * @param winnerFactId the fact that holds (one of the two sides)
     * @param version      the contradiction's version read; when absent the current one is used
     */
    record ResolveRequest(@NotNull UUID winnerFactId, @Nullable @Min(0) Long version) {}

    record Resolved(ContradictionView contradiction, FactView rejected) {}

    /**
     * @param k facts to return, 1–100, default 5
     * @param queryVector the query already embedded by the caller (the orchestrator's router does), so it is not
     *     embedded again; rules as for memory search ({@code QueryVectors})
     * @param queryVectorModel the model that made {@code queryVector}; required with it
     */
    record QueryRequest(
            @NotBlank @Size(max = 2000) String query,
            @Nullable @Min(1) @Max(100) Integer k,
            @Schema(
                            description = "Optional: the query's embedding by queryVectorModel (384 finite values for"
                                    + " all-MiniLM-L6-v2-int8), so this service does not embed the text again; a"
                                    + " vector of another model is ignored")
                    float @Nullable [] queryVector,
            @Schema(
                            description = "The model that computed queryVector; required with it",
                            example = "all-MiniLM-L6-v2-int8")
                    @Nullable
                    String queryVectorModel) {}

    record QueryHit(FactView fact, double similarity, double score, int hops, boolean contested) {}

    record QueryResult(List<QueryHit> hits, long searchMicros, long embedMicros, int candidates) {}

    // ---- facts -------------------------------------------------------------------------------------------------

    @GetMapping("/v1/users/{userId}/profile/facts")
    @RequiresScope("memory:read")
    @Operation(
            summary = "The user's current profile facts",
            description = "Ordered by attribute. With include=history also superseded, rejected and retracted facts."
                    + " An unknown user has no facts (empty list).")
    FactList facts(
            @PathVariable @UserId String userId,
            @Parameter(description = "`history` to include facts that are no longer current")
                    @RequestParam(required = false)
                    @Nullable
                    @Pattern(regexp = "history", message = "must be 'history' or absent")
                    String include) {
        String tenant = TenantContext.tenant();
        List<ProfileFact> facts = include == null ? profiles.current(tenant, userId) : profiles.all(tenant, userId);
        return new FactList(userId, facts.stream().map(FactView::of).toList());
    }

    @PostMapping("/v1/users/{userId}/profile/facts")
    @RequiresScope("memory:write")
    @Operation(
            summary = "Upsert a fact explicitly",
            description = "Merged with an equal current fact, supersedes an older value of an exclusive attribute, or"
                    + " opens a contradiction; the answer says which. Publishes memory.profile.updated.")
    ResponseEntity<WriteResult> upsert(@PathVariable @UserId String userId, @Valid @RequestBody FactRequest body) {
        String tenant = TenantContext.tenant();
        ProfileUpsert o = observation(
                userId,
                body.attribute(),
                body.value(),
                body.polarity(),
                body.confidence(),
                body.source(),
                body.sourceTurnId(),
                body.observedAt() == null ? clock.instant() : body.observedAt());
        UpsertOutcome outcome = profiles.upsert(tenant, o);
        meters.counter(
                        "mnemos.memory.profile.writes",
                        "outcome",
                        outcome.kind().name().toLowerCase(java.util.Locale.ROOT))
                .increment();
        HttpStatus status = outcome.kind() == UpsertOutcome.Kind.MERGED ? HttpStatus.OK : HttpStatus.CREATED;
        return ResponseEntity.status(status).eTag(etag(outcome.fact())).body(WriteResult.of(outcome));
    }

    @GetMapping("/v1/users/{userId}/profile/facts/{factId}")
    @RequiresScope("memory:read")
    @Operation(summary = "One fact, current or not; its ETag is its version (send it back as If-Match to edit)")
    ResponseEntity<FactView> fact(@PathVariable @UserId String userId, @PathVariable UUID factId) {
        ProfileFact f = find(TenantContext.tenant(), userId, factId);
        return ResponseEntity.ok().eTag(etag(f)).body(FactView.of(f));
    }

    @PutMapping("/v1/users/{userId}/profile/facts/{factId}")
    @RequiresScope("memory:write")
    @Operation(
            summary = "Edit a current fact (optimistic locking)",
            description = "Needs the version read, as If-Match (the ETag of GET) or in the body. The same value changes"
                    + " the confidence in place; another value supersedes the fact with a new one (history kept)."
                    + " 409 if the fact changed since it was read or is no longer current.")
    ResponseEntity<WriteResult> edit(
            @PathVariable @UserId String userId,
            @PathVariable UUID factId,
            @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch,
            @Valid @RequestBody FactEdit body) {
        String tenant = TenantContext.tenant();
        long expected = expectedVersion(ifMatch, body.version());
        ProfileFact f = find(tenant, userId, factId);
        ProfileUpsert o = observation(
                userId,
                f.attribute(),
                body.value(),
                body.polarity() == null ? f.polarity() : body.polarity(),
                body.confidence() == null ? f.confidence() : body.confidence(),
                body.source() == null ? "api" : body.source(),
                null,
                clock.instant());
        UpsertOutcome outcome;
        try {
            outcome = profiles.replace(tenant, factId, expected, o).orElseThrow(() -> factNotFound(userId, factId));
        } catch (IllegalStateException e) {
            throw new ConflictProblem("fact-not-editable", "Fact cannot be edited", e.getMessage() + ".")
                    .with("factId", factId);
        }
        meters.counter("mnemos.memory.profile.writes", "outcome", "edited").increment();
        return ResponseEntity.ok().eTag(etag(outcome.fact())).body(WriteResult.of(outcome));
    }

    @DeleteMapping("/v1/users/{userId}/profile/facts/{factId}")
    @RequiresScope("memory:write")
    @Operation(
            summary = "Delete a fact for good",
            description = "Removes the row (not kept as history) and its contradictions; with If-Match, only if"
                    + " unchanged. Publishes memory.profile.updated with change=deleted.")
    ResponseEntity<Void> delete(
            @PathVariable @UserId String userId,
            @PathVariable UUID factId,
            @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
        String tenant = TenantContext.tenant();
        ProfileFact f = find(tenant, userId, factId);
        if (ifMatch != null && parseEtag(ifMatch) != f.version()) {
            throw new org.springframework.dao.OptimisticLockingFailureException("fact " + factId + " changed");
        }
        if (!profiles.delete(tenant, factId)) {
            throw factNotFound(userId, factId);
        }
        return ResponseEntity.noContent().build();
    }

    // ---- contradictions ----------------------------------------------------------------------------------------

    @GetMapping("/v1/users/{userId}/profile/contradictions")
    @RequiresScope("memory:read")
    @Operation(summary = "The user's contradictions, newest first (open ones only unless status=all)")
    ContradictionList contradictions(
            @PathVariable @UserId String userId,
            @RequestParam(defaultValue = "open") @Pattern(regexp = "open|all", message = "must be 'open' or 'all'")
                    String status) {
        List<Contradiction> list = profiles.contradictions(TenantContext.tenant(), userId, status.equals("open"));
        return new ContradictionList(
                userId, list.stream().map(ContradictionView::of).toList());
    }

    @PostMapping("/v1/users/{userId}/profile/contradictions/{contradictionId}/resolve")
    @RequiresScope("memory:write")
    @Operation(
            summary = "Resolve a contradiction by naming the fact that holds",
            description = "The other fact becomes REJECTED (kept as history). 422 if the winner is not one of its"
                    + " two facts; 409 if it is no longer open or changed since the given version.")
    Resolved resolve(
            @PathVariable @UserId String userId,
            @PathVariable UUID contradictionId,
            @Valid @RequestBody ResolveRequest body) {
        String tenant = TenantContext.tenant();
        Contradiction c = profiles.contradiction(tenant, contradictionId)
                .filter(x -> x.userId().equals(userId))
                .orElseThrow(() -> contradictionNotFound(userId, contradictionId));
        long expected = body.version() == null ? c.version() : body.version();
        try {
            ProfileStore.Resolution r = profiles.resolve(tenant, contradictionId, body.winnerFactId(), expected)
                    .orElseThrow(() -> contradictionNotFound(userId, contradictionId));
            return new Resolved(ContradictionView.of(r.contradiction()), FactView.of(r.rejected()));
        } catch (IllegalArgumentException e) {
            throw new UnprocessableProblem(
                            "winner-not-in-contradiction",
                            "Winner is not part of the contradiction",
                            "Fact " + body.winnerFactId() + " is not one of the two facts of contradiction "
                                    + contradictionId + "; pass factA or factB.")
                    .with("factA", c.factA())
                    .with("factB", c.factB());
        } catch (IllegalStateException e) {
            throw new ConflictProblem(
                    "contradiction-not-open", "Contradiction is not open", e.getMessage() + "; nothing to resolve.");
        }
    }

    // ---- query -------------------------------------------------------------------------------------------------

    @PostMapping("/v1/users/{userId}/profile/query")
    @RequiresScope("memory:read")
    @Operation(
            summary = "The user's facts most relevant to a text (DisGraph)",
            description = "Embeds the query (unless the caller sends its vector), then nearest-node search plus"
                    + " bounded expansion over the user's fact graph; no model call besides the embedding. Contested"
                    + " facts: the preferred side only.")
    QueryResult query(@PathVariable @UserId String userId, @Valid @RequestBody QueryRequest body) {
        String tenant = TenantContext.tenant();
        int k = body.k() == null ? 5 : body.k();
        ProfileQueryResult r;
        try {
            r = queryTimer.record(
                    () -> profiles.query(tenant, userId, body.query(), k, body.queryVector(), body.queryVectorModel()));
        } catch (IllegalArgumentException e) {
            throw new UnprocessableProblem("invalid-profile-query", "Invalid profile query", e.getMessage() + ".");
        }
        return new QueryResult(
                r.hits().stream()
                        .map(h ->
                                new QueryHit(FactView.of(h.fact()), h.similarity(), h.score(), h.hops(), h.contested()))
                        .toList(),
                r.searchMicros(),
                r.embedMicros(),
                r.candidates());
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private ProfileFact find(String tenant, String userId, UUID factId) {
        Optional<ProfileFact> f =
                profiles.get(tenant, factId).filter(x -> x.userId().equals(userId));
        return f.orElseThrow(() -> factNotFound(userId, factId));
    }

    private static ProfileUpsert observation(
            String userId,
            String attribute,
            String value,
            @Nullable Polarity polarity,
            @Nullable Double confidence,
            @Nullable String source,
            @Nullable String sourceTurnId,
            Instant observedAt) {
        try {
            return new ProfileUpsert(
                    userId,
                    attribute,
                    value,
                    polarity == null ? Polarity.POSITIVE : polarity,
                    confidence == null ? 0.9 : confidence,
                    source == null ? "api" : source,
                    sourceTurnId,
                    observedAt,
                    null);
        } catch (IllegalArgumentException e) {
            throw new BadRequestProblem("invalid-fact", "Invalid fact", e.getMessage() + ".");
        }
    }

    static String etag(ProfileFact f) {
        return "\"" + f.version() + "\"";
    }

    private static long expectedVersion(@Nullable String ifMatch, @Nullable Long bodyVersion) {
        if (ifMatch != null) {
            long header = parseEtag(ifMatch);
            if (bodyVersion != null && bodyVersion != header) {
                // Either could be the stale one: refuse rather than silently trust the header.
                throw new BadRequestProblem(
                                "version-mismatch",
                                "Conflicting versions",
                                "If-Match says version " + header + " but the body's 'version' is " + bodyVersion
                                        + ". Send the version you read once (If-Match or 'version'), or the same in"
                                        + " both.")
                        .with("errors", List.of(new FieldViolation("version", "must equal If-Match (" + header + ")")));
            }
            return header;
        }
        if (bodyVersion != null) {
            return bodyVersion;
        }
        throw new ProblemException(
                HttpStatus.PRECONDITION_REQUIRED,
                "version-required",
                "Version required",
                "Send the version you read: the ETag of GET .../profile/facts/{factId} as If-Match, or 'version' in"
                        + " the body. This prevents overwriting a concurrent change.");
    }

    private static long parseEtag(String ifMatch) {
        String v = ifMatch.strip();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        v = v.replace("\"", "");
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new BadRequestProblem(
                    "invalid-if-match", "Invalid If-Match", "If-Match must be the ETag of the fact, e.g. \"3\".");
        }
    }

    static NotFoundProblem factNotFound(String userId, UUID factId) {
        return (NotFoundProblem) new NotFoundProblem(
                        "fact-not-found",
                        "Fact not found",
                        "User " + userId + " has no fact " + factId + ". List facts with GET /v1/users/" + userId
                                + "/profile/facts?include=history.")
                .with("factId", factId);
    }

    private static NotFoundProblem contradictionNotFound(String userId, UUID id) {
        return new NotFoundProblem(
                "contradiction-not-found",
                "Contradiction not found",
                "User " + userId + " has no contradiction " + id + ". List them with GET /v1/users/" + userId
                        + "/profile/contradictions?status=all.");
    }
}

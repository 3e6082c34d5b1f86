package io.mnemos.memory.experience;

import io.micrometer.core.instrument.MeterRegistry;
import io.mnemos.memory.erasure.DeletionReceipt;
import io.mnemos.web.problem.NotFoundProblem;
import io.mnemos.web.problem.UnprocessableProblem;
import io.mnemos.web.security.RequiresScope;
import io.mnemos.web.security.TenantContext;
import io.mnemos.web.validation.UserId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Experience memory over HTTP. Templates are per tenant (skills shared by the tenant's users); an episode may name the
 * user it was recorded for ({@code userId}) so that erasing that user removes it and re-learns what it taught.
 */
@RestController
@Validated
@Tag(name = "Experience memory")
class ExperienceController {

    private final ExperienceService experience;
    private final ExperienceEpisodes episodes;
    private final MeterRegistry meters;

    ExperienceController(ExperienceService experience, ExperienceEpisodes episodes, MeterRegistry meters) {
        this.experience = experience;
        this.episodes = episodes;
        this.meters = meters;
    }

    /**
     * One step of an episode.
     *
     * @param subGoal what the step was for ("search for Nopa")
     * @param action  the action's name ({@code search}, {@code tap}, {@code http.post})
     * @param params  the action's parameters
     */
    record StepRequest(
            @NotNull @Size(max = 1000) String subGoal,
            @NotBlank @Size(max = 200) String action,
            @Nullable Map<String, @NotNull @Size(max = 2000) String> params) {}

    /**
     * @param userId  the user it was recorded for (optional; erasing that user removes the episode)
     * @param goal    the task as stated
     * @param steps   the steps taken, in order (at least one)
     * @param outcome {@code SUCCESS} (default) or {@code FAILURE}; only successes are generalised
     */
    record EpisodeRequest(
            @Nullable @UserId String userId,
            @NotBlank @Size(max = 2000) String goal,
            @NotNull @Size(max = 200) List<@NotNull @Valid StepRequest> steps,
            Episode.@Nullable Outcome outcome) {}

    record EpisodeRecorded(
            UUID episodeId, @Nullable String userId, String signature, Episode.Outcome outcome, int templates) {}

    /** @param level only this level (default: the most specific level that fits) */
    record MatchRequest(@NotBlank @Size(max = 2000) String task, @Nullable TemplateLevel level) {}

    record TemplateView(
            UUID id,
            TemplateLevel level,
            String key,
            String pattern,
            List<SlotSpec> slots,
            List<String> keywords,
            List<StepSkeleton> steps,
            int support,
            java.time.Instant updatedAt) {
        static TemplateView of(ExperienceTemplate t) {
            return new TemplateView(
                    t.id(),
                    t.level(),
                    t.key(),
                    t.pattern(),
                    t.slots(),
                    t.keywords(),
                    t.steps(),
                    t.support(),
                    t.updatedAt());
        }
    }

    /**
     * @param matched    whether a template fits; when false, plan with the model and record the episode
     * @param confidence alignment confidence in [0, 1]
     * @param bindings   slot → value read from the task
     * @param steps      the template's steps with the bindings filled in
     * @param unbound    placeholders left in {@code steps} that the caller must supply
     */
    record MatchResult(
            boolean matched,
            @Nullable TemplateLevel level,
            @Nullable TemplateView template,
            double confidence,
            Map<String, String> bindings,
            List<EpisodeStep> steps,
            List<String> unbound) {
        static MatchResult none() {
            return new MatchResult(false, null, null, 0, Map.of(), List.of(), List.of());
        }
    }

    record TemplateList(List<TemplateView> templates) {}

    record EpisodeView(
            UUID id,
            @Nullable String userId,
            String goal,
            List<EpisodeStep> steps,
            Episode.Outcome outcome,
            String signature,
            java.time.Instant recordedAt) {
        static EpisodeView of(ExperienceEpisodes.RecordedEpisode r) {
            Episode e = r.episode();
            return new EpisodeView(e.id(), r.userId(), e.goal(), e.steps(), e.outcome(), e.signature(), e.recordedAt());
        }
    }

    /** @param next {@code before} value for the next page (null: no more) */
    record EpisodeList(List<EpisodeView> episodes, java.time.@Nullable Instant next) {}

    @PostMapping("/v1/experience/episodes")
    @RequiresScope("memory:write")
    @Operation(
            summary = "Record an episode (goal, steps, outcome) and learn from it",
            description = "A successful episode re-learns the task, sub-task and action templates it affects."
                    + " An episode without steps is 422. Publishes memory.experience.learned.")
    ResponseEntity<EpisodeRecorded> record(@Valid @RequestBody EpisodeRequest body) {
        if (body.steps().isEmpty()) {
            throw new UnprocessableProblem(
                    "episode-without-steps",
                    "Episode has no steps",
                    "An episode needs at least one step: send the steps taken towards the goal, in order.");
        }
        List<EpisodeStep> steps = new ArrayList<>();
        for (StepRequest s : body.steps()) {
            steps.add(new EpisodeStep(s.subGoal(), s.action().strip(), s.params()));
        }
        Episode.Outcome outcome = body.outcome() == null ? Episode.Outcome.SUCCESS : body.outcome();
        ExperienceService.Learned learned = experience.record(
                TenantContext.tenant(), body.userId(), body.goal().strip(), steps, outcome);
        meters.counter(
                        "mnemos.memory.experience.episodes",
                        "outcome",
                        outcome.name().toLowerCase(java.util.Locale.ROOT))
                .increment();
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new EpisodeRecorded(
                        learned.episode().id(),
                        body.userId(),
                        learned.episode().signature(),
                        outcome,
                        learned.templates()));
    }

    @GetMapping("/v1/experience/episodes")
    @RequiresScope("memory:read")
    @Operation(
            summary = "The tenant's recorded episodes, newest first",
            description = "Optionally only those recorded for one user. Pages of `limit` (1-500, default 100); pass"
                    + " the answer's `next` as `before` for the next page.")
    EpisodeList episodes(
            @RequestParam(required = false) @Nullable @UserId String userId,
            @RequestParam(required = false) java.time.@Nullable Instant before,
            @RequestParam(defaultValue = "100")
                    @jakarta.validation.constraints.Min(1)
                    @jakarta.validation.constraints.Max(500)
                    int limit) {
        List<EpisodeView> page = episodes.list(TenantContext.tenant(), userId, before, limit).stream()
                .map(EpisodeView::of)
                .toList();
        return new EpisodeList(page, page.size() < limit ? null : page.getLast().recordedAt());
    }

    @GetMapping("/v1/experience/episodes/{episodeId}")
    @RequiresScope("memory:read")
    @Operation(summary = "One recorded episode")
    EpisodeView episode(@PathVariable UUID episodeId) {
        return episodes.find(TenantContext.tenant(), episodeId)
                .map(EpisodeView::of)
                .orElseThrow(() -> episodeNotFound(episodeId));
    }

    @DeleteMapping("/v1/experience/episodes/{episodeId}")
    @RequiresScope("memory:write")
    @Operation(
            summary = "Delete one episode and what was learned only from it",
            description = "Re-learns, from the episodes that remain, the task family and the actions the episode fed:"
                    + " templates no remaining episode supports are removed, others lose the episode's slot examples."
                    + " One transaction with the tombstone memory.item.deleted. Answers the receipt with counts"
                    + " (episodes, templateGroupsRelearned, templatesRemoved). Another tenant's episode is 404.")
    DeletionReceipt deleteEpisode(@PathVariable UUID episodeId) {
        DeletionReceipt r =
                episodes.delete(TenantContext.tenant(), episodeId).orElseThrow(() -> episodeNotFound(episodeId));
        meters.counter("mnemos.memory.experience.episodes.deleted").increment();
        return r;
    }

    @PostMapping("/v1/experience/match")
    @RequiresScope("memory:read")
    @Operation(
            summary = "The best template for a task, instantiated",
            description = "Tries task, then sub-task, then action templates and returns the first level that fits,"
                    + " with confidence, slot bindings and the concrete steps; matched=false when none fits.")
    MatchResult match(@Valid @RequestBody MatchRequest body) {
        String tenant = TenantContext.tenant();
        Optional<TemplateMatch> m = body.level() == null
                ? experience.match(tenant, body.task())
                : experience.match(tenant, body.task(), body.level());
        meters.counter("mnemos.memory.experience.matches", "hit", String.valueOf(m.isPresent()))
                .increment();
        return m.map(x -> new MatchResult(
                        true,
                        x.level(),
                        TemplateView.of(x.template()),
                        x.confidence(),
                        x.bindings(),
                        x.steps(),
                        x.unbound()))
                .orElseGet(MatchResult::none);
    }

    @GetMapping("/v1/experience/templates")
    @RequiresScope("memory:read")
    @Operation(summary = "The tenant's learned templates (optionally of one level)")
    TemplateList templates(@RequestParam(required = false) @Nullable TemplateLevel level) {
        return new TemplateList(experience.templates(TenantContext.tenant()).stream()
                .filter(t -> level == null || t.level() == level)
                .map(TemplateView::of)
                .toList());
    }

    @GetMapping("/v1/experience/templates/{templateId}")
    @RequiresScope("memory:read")
    @Operation(summary = "One template")
    TemplateView template(@PathVariable UUID templateId) {
        return experience
                .template(TenantContext.tenant(), templateId)
                .map(TemplateView::of)
                .orElseThrow(() -> templateNotFound(templateId));
    }

    @DeleteMapping("/v1/experience/templates/{templateId}")
    @RequiresScope("memory:write")
    @Operation(summary = "Delete a template (later episodes of its family may learn it again)")
    ResponseEntity<Void> deleteTemplate(@PathVariable UUID templateId) {
        if (!experience.deleteTemplate(TenantContext.tenant(), templateId)) {
            throw templateNotFound(templateId);
        }
        return ResponseEntity.noContent().build();
    }

    private static NotFoundProblem episodeNotFound(UUID id) {
        return new NotFoundProblem(
                "episode-not-found",
                "Episode not found",
                "No episode " + id + ". List them with GET /v1/experience/episodes.");
    }

    private static NotFoundProblem templateNotFound(UUID id) {
        return new NotFoundProblem(
                "template-not-found",
                "Template not found",
                "No template " + id + ". List them with GET /v1/experience/templates.");
    }
}

package io.mnemos.memory.experience;

import io.mnemos.contracts.Ids;
import io.mnemos.contracts.events.ExperienceLearned;
import io.mnemos.messaging.outbox.Outbox;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Entry point of experience memory: record episodes, match tasks to templates.
 *
 * <p>Recording a successful episode re-learns the templates it can change: the task templates of its action signature
 * and the sub-task and action templates of each of its actions (from all successful episodes of the tenant in those
 * groups). Failed episodes are stored but not generalised. Templates are cached per tenant and the cache is dropped on
 * every write made through this instance. Every method is scoped to a tenant. Thread-safe.
 *
 * <p>Experience is shared by the tenant's users: templates are skills ("how to send a message"), learned from every
 * user's episodes. Each episode remembers the user it was recorded for, so erasing a user deletes their episodes and
 * re-learns the templates they fed ({@link #relearn}). A recorded episode, the templates it changes and its {@code
 * memory.experience.learned} event commit in one transaction.
 */
public final class ExperienceService {

    private final ExperienceStore store;
    private final TemplateInducer inducer;
    private final TemplateMatcher matcher;
    private final Clock clock;
    private final TransactionOperations tx;
    private final Outbox outbox;
    private final Map<String, List<ExperienceTemplate>> cache = new ConcurrentHashMap<>();

    /** Without transactions around store calls and without events (tests of the service layer). */
    public ExperienceService(ExperienceStore store, TemplateInducer inducer, TemplateMatcher matcher, Clock clock) {
        this(store, inducer, matcher, clock, TransactionOperations.withoutTransaction(), (e, t, k) -> {});
    }

    /**
     * @param tx     transactions on the store's data source
     * @param outbox where {@code memory.experience.learned} events go, inside {@code tx}
     */
    public ExperienceService(
            ExperienceStore store,
            TemplateInducer inducer,
            TemplateMatcher matcher,
            Clock clock,
            TransactionOperations tx,
            Outbox outbox) {
        this.store = Objects.requireNonNull(store, "store");
        this.inducer = Objects.requireNonNull(inducer, "inducer");
        this.matcher = Objects.requireNonNull(matcher, "matcher");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tx = Objects.requireNonNull(tx, "tx");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
    }

    /** What {@link #record(String, String, String, List, Episode.Outcome)} did. */
    public record Learned(Episode episode, int templates) {}

    /**
     * Records a new episode for a user ({@code null}: tenant-wide), re-learns the templates it affects and publishes
     * {@code memory.experience.learned}, all in one transaction.
     */
    public Learned record(String tenant, String userId, String goal, List<EpisodeStep> steps, Episode.Outcome outcome) {
        JdbcExperienceStore.requireTenant(tenant);
        Episode e = new Episode(Ids.newId(), goal, steps, outcome, clock.instant());
        Integer templates = tx.execute(status -> {
            record(tenant, e, userId);
            int n = store.templates(tenant).size();
            outbox.publish(
                    new ExperienceLearned(e.id(), userId, outcome.name(), e.signature(), n),
                    tenant,
                    userId != null ? userId : e.id().toString());
            return n;
        });
        afterCommit(() -> cache.remove(tenant));
        return new Learned(e, templates == null ? 0 : templates);
    }

    /** Records a new episode (id and time assigned here) and re-learns the templates it affects. */
    public Episode record(String tenant, String goal, List<EpisodeStep> steps, Episode.Outcome outcome) {
        Episode e = new Episode(Ids.newId(), goal, steps, outcome, clock.instant());
        record(tenant, e);
        return e;
    }

    /** Records an episode and re-learns the templates it affects. */
    public void record(String tenant, Episode episode) {
        record(tenant, episode, null);
    }

    private void record(String tenant, Episode episode, String userId) {
        JdbcExperienceStore.requireTenant(tenant);
        store.saveEpisode(tenant, episode, userId);
        if (episode.succeeded()) {
            relearn(
                    tenant,
                    episode.signature(),
                    new LinkedHashSet<>(
                            episode.steps().stream().map(EpisodeStep::action).toList()));
        }
    }

    /**
     * The best template for a task at the most specific level that fits (task, then sub-task, then action).
     *
     * @return empty when nothing fits: plan from scratch, then {@link #record} the episode
     */
    public Optional<TemplateMatch> match(String tenant, String task) {
        return matcher.match(task, templates(tenant));
    }

    /** The best template of one level for a task, if one fits. */
    public Optional<TemplateMatch> match(String tenant, String task, TemplateLevel level) {
        return matcher.match(task, templates(tenant), level);
    }

    /** The tenant's templates. */
    public List<ExperienceTemplate> templates(String tenant) {
        JdbcExperienceStore.requireTenant(tenant);
        return cache.computeIfAbsent(tenant, store::templates);
    }

    /** One template; empty if missing or another tenant's. */
    public Optional<ExperienceTemplate> template(String tenant, UUID id) {
        JdbcExperienceStore.requireTenant(tenant);
        return store.template(tenant, id);
    }

    /** Deletes a template (it comes back if later episodes re-learn it); {@code false} if missing or foreign. */
    public boolean deleteTemplate(String tenant, UUID id) {
        JdbcExperienceStore.requireTenant(tenant);
        boolean deleted = store.deleteTemplate(tenant, id);
        cache.remove(tenant);
        return deleted;
    }

    /** Re-learns every template of the tenant from all its episodes; returns the number of templates. */
    public int relearnAll(String tenant) {
        JdbcExperienceStore.requireTenant(tenant);
        List<Episode> all = store.episodes(tenant);
        Set<String> signatures = new LinkedHashSet<>();
        Set<String> actions = new LinkedHashSet<>();
        for (Episode e : all) {
            if (e.succeeded()) {
                signatures.add(e.signature());
                e.steps().forEach(s -> actions.add(s.action()));
            }
        }
        Instant now = clock.instant();
        for (String sig : signatures) {
            List<Episode> eps = all.stream()
                    .filter(Episode::succeeded)
                    .filter(e -> e.signature().equals(sig))
                    .toList();
            store.replaceTemplates(tenant, TemplateLevel.TASK, sig, inducer.induceTasks(tenant, sig, eps, now));
        }
        for (String action : actions) {
            relearnAction(
                    tenant, action, all.stream().filter(Episode::succeeded).toList(), now);
        }
        cache.remove(tenant);
        return templates(tenant).size();
    }

    /**
     * Re-learns the templates of these task families (signatures) and actions from the episodes that remain, e.g.
     * after some were erased: templates no remaining episode supports disappear. Joins the caller's transaction.
     */
    public void relearn(String tenant, Set<String> signatures, Set<String> actions) {
        JdbcExperienceStore.requireTenant(tenant);
        Instant now = clock.instant();
        for (String sig : signatures) {
            store.replaceTemplates(
                    tenant,
                    TemplateLevel.TASK,
                    sig,
                    inducer.induceTasks(tenant, sig, store.successfulEpisodes(tenant, sig), now));
        }
        for (String action : actions) {
            relearnAction(tenant, action, store.successfulEpisodesWithAction(tenant, action), now);
        }
        afterCommit(() -> cache.remove(tenant));
    }

    /** Drops the cached templates of the tenant (they are re-read on the next match). */
    public void invalidate(String tenant) {
        cache.remove(tenant);
    }

    /** Removes now, and again once the surrounding transaction commits (so no reader caches uncommitted state). */
    private static void afterCommit(Runnable work) {
        work.run();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    work.run();
                }
            });
        }
    }

    private void relearn(String tenant, String signature, Set<String> actions) {
        Instant now = clock.instant();
        List<Episode> family = store.successfulEpisodes(tenant, signature);
        store.replaceTemplates(
                tenant, TemplateLevel.TASK, signature, inducer.induceTasks(tenant, signature, family, now));
        for (String action : actions) {
            relearnAction(tenant, action, store.successfulEpisodesWithAction(tenant, action), now);
        }
        cache.remove(tenant);
    }

    private void relearnAction(String tenant, String action, List<Episode> episodes, Instant now) {
        List<EpisodeStep> steps = new ArrayList<>();
        for (Episode e : episodes) {
            for (EpisodeStep s : e.steps()) {
                if (s.action().equals(action)) {
                    steps.add(s);
                }
            }
        }
        store.replaceTemplates(
                tenant, TemplateLevel.SUB_TASK, action, inducer.induceSubTasks(tenant, action, steps, now));
        List<ExperienceTemplate> actionTemplate =
                steps.size() >= 2 ? List.of(inducer.induceAction(tenant, action, steps, now)) : List.of();
        store.replaceTemplates(tenant, TemplateLevel.ACTION, action, actionTemplate);
    }
}

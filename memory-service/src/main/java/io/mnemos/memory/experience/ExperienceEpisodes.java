package io.mnemos.memory.experience;

import io.mnemos.memory.erasure.DeletionReceipt;
import io.mnemos.memory.erasure.ItemDeletions;
import io.mnemos.memory.paging.NewestFirst;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Recorded episodes as items: list, read, and delete one (or all of a user's, for erasure). Deleting episodes re-learns,
 * in the same transaction, every template group they fed (their task family and each of their actions) from the
 * episodes that remain: a template learned only from deleted episodes disappears (the inducer needs its minimum
 * support), one that other episodes support stays, without the deleted goals' slot examples. Tenant-scoped: another
 * tenant's episode behaves as missing.
 */
public final class ExperienceEpisodes {

    /** Item kind in receipts and tombstones. */
    public static final String KIND = "experience.episode";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<EpisodeStep>> STEPS = new TypeReference<>() {};

    private static final String SELECT =
            "SELECT id, goal, steps, outcome, recorded_at, user_id FROM experience_episode";

    private final JdbcClient jdbc;
    private final ExperienceService service;
    private final ItemDeletions deletions;

    public ExperienceEpisodes(JdbcClient jdbc, ExperienceService service, ItemDeletions deletions) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.service = Objects.requireNonNull(service, "service");
        this.deletions = Objects.requireNonNull(deletions, "deletions");
    }

    /** An episode with the user it was recorded for ({@code null}: tenant-wide). */
    public record RecordedEpisode(Episode episode, @Nullable String userId) {}

    /**
     * Episodes of the tenant, newest first, optionally only one user's, at most {@code limit}, recorded strictly before
     * {@code before} when given (for paging).
     */
    public List<RecordedEpisode> list(String tenant, @Nullable String userId, @Nullable Instant before, int limit) {
        JdbcExperienceStore.requireTenant(tenant);
        return NewestFirst.list(
                jdbc, SELECT + " WHERE tenant = ?", tenant, userId, before, limit, ExperienceEpisodes::row);
    }

    /** One episode; empty if missing or another tenant's. */
    public Optional<RecordedEpisode> find(String tenant, UUID id) {
        JdbcExperienceStore.requireTenant(tenant);
        return jdbc.sql(SELECT + " WHERE tenant = ? AND id = ?")
                .params(tenant, id)
                .query(ExperienceEpisodes::row)
                .optional();
    }

    /**
     * Deletes one episode, re-learns the templates it fed and publishes {@code memory.item.deleted}, in one
     * transaction.
     *
     * @return the receipt; empty if the episode is missing or another tenant's
     */
    public Optional<DeletionReceipt> delete(String tenant, UUID id) {
        JdbcExperienceStore.requireTenant(tenant);
        return deletions.delete(tenant, KIND, id, () -> {
            List<Deleted> gone = jdbc.sql("DELETE FROM experience_episode WHERE tenant = ? AND id = ?"
                            + " RETURNING signature, actions, outcome, user_id")
                    .params(tenant, id)
                    .query(ExperienceEpisodes::deleted)
                    .list();
            if (gone.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new ItemDeletions.Removed(gone.getFirst().userId(), relearn(tenant, gone)));
        });
    }

    /** Deletes every episode recorded for the user and re-learns what they fed; joins the caller's transaction. */
    Map<String, Long> deleteOfUser(String tenant, String userId) {
        JdbcExperienceStore.requireTenant(tenant);
        List<Deleted> gone = jdbc.sql("DELETE FROM experience_episode WHERE tenant = ? AND user_id = ?"
                        + " RETURNING signature, actions, outcome, user_id")
                .params(tenant, userId)
                .query(ExperienceEpisodes::deleted)
                .list();
        return relearn(tenant, gone);
    }

    private record Deleted(@Nullable String signature, List<String> actions, @Nullable String userId) {}

    private Map<String, Long> relearn(String tenant, List<Deleted> gone) {
        Set<String> signatures = new LinkedHashSet<>();
        Set<String> actions = new LinkedHashSet<>();
        for (Deleted g : gone) {
            // failed episodes never taught anything: nothing to re-learn
            if (g.signature() != null) {
                signatures.add(g.signature());
                actions.addAll(g.actions());
            }
        }
        long before = countTemplates(tenant);
        service.relearn(tenant, signatures, actions);
        long after = countTemplates(tenant);
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("episodes", (long) gone.size());
        counts.put("templateGroupsRelearned", (long) (signatures.size() + actions.size()));
        counts.put("templatesRemoved", Math.max(0, before - after));
        return counts;
    }

    private long countTemplates(String tenant) {
        return jdbc.sql("SELECT count(*) FROM experience_template WHERE tenant = ?")
                .param(tenant)
                .query(Long.class)
                .single();
    }

    private static Deleted deleted(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Deleted(
                rs.getString("outcome").equals("SUCCESS") ? rs.getString("signature") : null,
                List.of((String[]) rs.getArray("actions").getArray()),
                rs.getString("user_id"));
    }

    private static RecordedEpisode row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new RecordedEpisode(
                new Episode(
                        rs.getObject("id", UUID.class),
                        rs.getString("goal"),
                        JSON.readValue(rs.getString("steps"), STEPS),
                        Episode.Outcome.valueOf(rs.getString("outcome")),
                        rs.getTimestamp("recorded_at").toInstant()),
                rs.getString("user_id"));
    }
}

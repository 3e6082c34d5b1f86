package io.mnemos.memory.experience;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link ExperienceStore} on PostgreSQL (tables {@code experience_episode}, {@code experience_template}, migration
 * {@code V11__experience.sql}). Steps, slots and skeletons are {@code jsonb}.
 */
public final class JdbcExperienceStore implements ExperienceStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<EpisodeStep>> STEPS = new TypeReference<>() {};
    private static final TypeReference<List<SlotSpec>> SLOTS = new TypeReference<>() {};
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final TypeReference<List<StepSkeleton>> SKELETONS = new TypeReference<>() {};
    private static final String EPISODE_COLUMNS = "id, goal, steps, outcome, recorded_at";
    private static final String TEMPLATE_COLUMNS =
            "id, tenant, level, key, pattern, slots, keywords, steps, support, updated_at";

    private final JdbcClient jdbc;
    private final TransactionOperations tx;

    public JdbcExperienceStore(JdbcClient jdbc, TransactionOperations tx) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.tx = Objects.requireNonNull(tx, "tx");
    }

    public JdbcExperienceStore(DataSource dataSource) {
        this(JdbcClient.create(dataSource), new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
    }

    @Override
    public void saveEpisode(String tenant, Episode e) {
        saveEpisode(tenant, e, null);
    }

    @Override
    public void saveEpisode(String tenant, Episode e, String userId) {
        requireTenant(tenant);
        String[] actions =
                e.steps().stream().map(EpisodeStep::action).distinct().toArray(String[]::new);
        jdbc.sql("INSERT INTO experience_episode (id, tenant, goal, steps, actions, signature, outcome, recorded_at,"
                        + " user_id) VALUES (?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?)")
                .params(
                        e.id(),
                        tenant,
                        e.goal(),
                        JSON.writeValueAsString(e.steps()),
                        actions,
                        e.signature(),
                        e.outcome().name(),
                        Timestamp.from(e.recordedAt()),
                        userId)
                .update();
    }

    @Override
    public List<Episode> successfulEpisodes(String tenant, String signature) {
        return jdbc.sql("SELECT " + EPISODE_COLUMNS + " FROM experience_episode WHERE tenant = ? AND signature = ? AND"
                        + " outcome = 'SUCCESS' ORDER BY recorded_at, id")
                .params(tenant, signature)
                .query(JdbcExperienceStore::episode)
                .list();
    }

    @Override
    public List<Episode> successfulEpisodesWithAction(String tenant, String action) {
        return jdbc.sql("SELECT " + EPISODE_COLUMNS + " FROM experience_episode WHERE tenant = ? AND actions @>"
                        + " ARRAY[?]::text[] AND outcome = 'SUCCESS' ORDER BY recorded_at, id")
                .params(tenant, action)
                .query(JdbcExperienceStore::episode)
                .list();
    }

    @Override
    public List<Episode> episodes(String tenant) {
        return jdbc.sql("SELECT " + EPISODE_COLUMNS + " FROM experience_episode WHERE tenant = ? ORDER BY recorded_at,"
                        + " id")
                .param(tenant)
                .query(JdbcExperienceStore::episode)
                .list();
    }

    @Override
    public void replaceTemplates(String tenant, TemplateLevel level, String key, List<ExperienceTemplate> templates) {
        requireTenant(tenant);
        for (ExperienceTemplate t : templates) {
            if (!t.tenant().equals(tenant) || t.level() != level || !t.key().equals(key)) {
                throw new IllegalArgumentException("Template " + t.id() + " is not of " + level + "/" + key);
            }
        }
        tx.executeWithoutResult(status -> {
            jdbc.sql("DELETE FROM experience_template WHERE tenant = ? AND level = ? AND key = ?")
                    .params(tenant, level.name(), key)
                    .update();
            for (ExperienceTemplate t : templates) {
                jdbc.sql("INSERT INTO experience_template (" + TEMPLATE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, CAST(? AS"
                                + " jsonb), CAST(? AS jsonb), CAST(? AS jsonb), ?, ?) ON CONFLICT (id) DO NOTHING")
                        .params(
                                t.id(),
                                tenant,
                                level.name(),
                                key,
                                t.pattern(),
                                JSON.writeValueAsString(t.slots()),
                                JSON.writeValueAsString(t.keywords()),
                                JSON.writeValueAsString(t.steps()),
                                t.support(),
                                Timestamp.from(t.updatedAt()))
                        .update();
            }
        });
    }

    @Override
    public List<ExperienceTemplate> templates(String tenant) {
        return jdbc.sql("SELECT " + TEMPLATE_COLUMNS + " FROM experience_template WHERE tenant = ? ORDER BY level, key,"
                        + " pattern")
                .param(tenant)
                .query(JdbcExperienceStore::template)
                .list();
    }

    @Override
    public Optional<ExperienceTemplate> template(String tenant, UUID id) {
        return jdbc.sql("SELECT " + TEMPLATE_COLUMNS + " FROM experience_template WHERE tenant = ? AND id = ?")
                .params(tenant, id)
                .query(JdbcExperienceStore::template)
                .optional();
    }

    @Override
    public boolean deleteTemplate(String tenant, UUID id) {
        return jdbc.sql("DELETE FROM experience_template WHERE tenant = ? AND id = ?")
                        .params(tenant, id)
                        .update()
                > 0;
    }

    @Override
    public void deleteAll(String tenant) {
        tx.executeWithoutResult(status -> {
            jdbc.sql("DELETE FROM experience_template WHERE tenant = ?")
                    .param(tenant)
                    .update();
            jdbc.sql("DELETE FROM experience_episode WHERE tenant = ?")
                    .param(tenant)
                    .update();
        });
    }

    private static Episode episode(ResultSet rs, int row) throws SQLException {
        return new Episode(
                rs.getObject("id", UUID.class),
                rs.getString("goal"),
                JSON.readValue(rs.getString("steps"), STEPS),
                Episode.Outcome.valueOf(rs.getString("outcome")),
                rs.getTimestamp("recorded_at").toInstant());
    }

    private static ExperienceTemplate template(ResultSet rs, int row) throws SQLException {
        return new ExperienceTemplate(
                rs.getObject("id", UUID.class),
                rs.getString("tenant"),
                TemplateLevel.valueOf(rs.getString("level")),
                rs.getString("key"),
                rs.getString("pattern"),
                JSON.readValue(rs.getString("slots"), SLOTS),
                JSON.readValue(rs.getString("keywords"), STRINGS),
                JSON.readValue(rs.getString("steps"), SKELETONS),
                rs.getInt("support"),
                rs.getTimestamp("updated_at").toInstant());
    }

    static void requireTenant(String tenant) {
        if (tenant == null || tenant.isBlank()) {
            throw new IllegalArgumentException("tenant must not be blank");
        }
    }
}

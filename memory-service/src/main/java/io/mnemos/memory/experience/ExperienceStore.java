package io.mnemos.memory.experience;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Durable episodes and templates. Every method is scoped to a tenant; another tenant's rows behave as missing.
 * Thread-safe.
 */
public interface ExperienceStore {

    /** Stores an episode (its id must be new). */
    void saveEpisode(String tenant, Episode episode);

    /**
     * Stores an episode recorded for a user ({@code null}: a tenant-wide demonstration), so that erasing the user
     * removes it. Stores that do not track users ignore {@code userId}.
     */
    default void saveEpisode(String tenant, Episode episode, String userId) {
        saveEpisode(tenant, episode);
    }

    /** Successful episodes with this action signature, oldest first. */
    List<Episode> successfulEpisodes(String tenant, String signature);

    /** Successful episodes that contain a step with this action, oldest first. */
    List<Episode> successfulEpisodesWithAction(String tenant, String action);

    /** All episodes of the tenant, oldest first. */
    List<Episode> episodes(String tenant);

    /**
     * Replaces, atomically, the templates of one level learned from one group ({@code key}) with {@code templates}
     * (which must all have that tenant, level and key).
     */
    void replaceTemplates(String tenant, TemplateLevel level, String key, List<ExperienceTemplate> templates);

    /** All templates of the tenant (every level), in a stable order. */
    List<ExperienceTemplate> templates(String tenant);

    /** One template; empty if missing or another tenant's. */
    Optional<ExperienceTemplate> template(String tenant, UUID id);

    /** Deletes one template; {@code false} if missing or another tenant's. */
    boolean deleteTemplate(String tenant, UUID id);

    /** Deletes every episode and template of the tenant. */
    void deleteAll(String tenant);
}

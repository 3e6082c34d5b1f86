package io.mnemos.memory.experience;

import io.mnemos.memory.erasure.ErasedItems;
import io.mnemos.memory.erasure.UserMemoryEraser;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Erases the episodes recorded for a user and re-learns, in the same transaction, every template they fed: slot
 * examples and patterns learned from the user's goals disappear unless other users' episodes support them too.
 * Tenant-wide episodes (no user) are not touched.
 */
public final class ExperienceMemoryEraser implements UserMemoryEraser {

    private final JdbcClient jdbc;
    private final ExperienceService service;

    public ExperienceMemoryEraser(JdbcClient jdbc, ExperienceService service) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.service = Objects.requireNonNull(service, "service");
    }

    private record Group(String signature, List<String> actions) {}

    @Override
    public ErasedItems erase(String tenant, String userId) {
        JdbcExperienceStore.requireTenant(tenant);
        List<Group> groups = jdbc.sql("DELETE FROM experience_episode WHERE tenant = ? AND user_id = ?"
                        + " RETURNING signature, actions, outcome")
                .params(tenant, userId)
                .query((rs, n) -> new Group(
                        rs.getString("outcome").equals("SUCCESS") ? rs.getString("signature") : null,
                        List.of((String[]) rs.getArray("actions").getArray())))
                .list();
        Set<String> signatures = new LinkedHashSet<>();
        Set<String> actions = new LinkedHashSet<>();
        for (Group g : groups) {
            if (g.signature() != null) {
                signatures.add(g.signature());
                actions.addAll(g.actions());
            }
        }
        long before = countTemplates(tenant);
        service.relearn(tenant, signatures, actions);
        long after = countTemplates(tenant);
        return new ErasedItems(
                "experience",
                Map.of(
                        "episodes", (long) groups.size(),
                        "templateGroupsRelearned", (long) (signatures.size() + actions.size()),
                        "templatesRemoved", Math.max(0, before - after)));
    }

    private long countTemplates(String tenant) {
        return jdbc.sql("SELECT count(*) FROM experience_template WHERE tenant = ?")
                .param(tenant)
                .query(Long.class)
                .single();
    }
}

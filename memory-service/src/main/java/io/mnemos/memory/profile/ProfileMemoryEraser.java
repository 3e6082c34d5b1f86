package io.mnemos.memory.profile;

import io.mnemos.memory.erasure.ErasedItems;
import io.mnemos.memory.erasure.UserMemoryEraser;
import java.util.Map;
import java.util.Objects;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Erases a user's profile: contradictions and facts (every status, with their embeddings) in the caller's transaction,
 * then the user's in-memory DisGraph once it commits (the next query would rebuild it from the now empty tables anyway).
 */
public final class ProfileMemoryEraser implements UserMemoryEraser {

    private final JdbcClient jdbc;
    private final ProfileService service;

    public ProfileMemoryEraser(JdbcClient jdbc, ProfileService service) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.service = Objects.requireNonNull(service, "service");
    }

    @Override
    public ErasedItems erase(String tenant, String userId) {
        JdbcProfileStore.requireTenant(tenant);
        long contradictions = jdbc.sql("DELETE FROM profile_contradiction WHERE tenant = ? AND user_id = ?")
                .params(tenant, userId)
                .update();
        long facts = jdbc.sql("DELETE FROM profile_fact WHERE tenant = ? AND user_id = ?")
                .params(tenant, userId)
                .update();
        // Now and after commit: a query between the two rebuilds the graph from rows not yet deleted for others.
        service.invalidate(tenant, userId);
        ProfileService.afterCommit(() -> service.invalidate(tenant, userId));
        return new ErasedItems("profile", Map.of("facts", facts, "contradictions", contradictions));
    }
}

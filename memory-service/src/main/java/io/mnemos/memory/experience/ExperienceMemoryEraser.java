package io.mnemos.memory.experience;

import io.mnemos.memory.erasure.ErasedItems;
import io.mnemos.memory.erasure.UserMemoryEraser;
import java.util.Objects;

/**
 * Erases the episodes recorded for a user and re-learns, in the same transaction, every template they fed: slot
 * examples and patterns learned from the user's goals disappear unless other users' episodes support them too.
 * Tenant-wide episodes (no user) are not touched.
 */
public final class ExperienceMemoryEraser implements UserMemoryEraser {

    private final ExperienceEpisodes episodes;

    public ExperienceMemoryEraser(ExperienceEpisodes episodes) {
        this.episodes = Objects.requireNonNull(episodes, "episodes");
    }

    @Override
    public ErasedItems erase(String tenant, String userId) {
        return new ErasedItems("experience", episodes.deleteOfUser(tenant, userId));
    }
}

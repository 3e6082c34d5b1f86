package io.mnemos.contracts.events;

import io.mnemos.contracts.Event;
import io.mnemos.contracts.EventType;
import io.mnemos.contracts.Topics;
import java.util.UUID;

/**
 * memory-service recorded an episode in experience memory and re-learned the templates it affects.
 *
 * @param episodeId the recorded episode
 * @param userId    the user the episode was recorded for, or null for a tenant-wide demonstration
 * @param outcome   {@code SUCCESS} or {@code FAILURE} (only successful episodes are generalised)
 * @param signature the episode's action names joined by {@code >}, e.g. {@code open_app>search>tap}
 * @param templates how many templates of the tenant exist after re-learning
 */
@EventType(
        name = "memory.experience.learned",
        topic = Topics.MEMORY_EVENTS,
        description = "memory-service recorded an episode and re-learned the experience templates it affects.")
public record ExperienceLearned(UUID episodeId, String userId, String outcome, String signature, int templates)
        implements Event {}

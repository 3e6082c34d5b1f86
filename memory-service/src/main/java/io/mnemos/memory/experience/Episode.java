package io.mnemos.memory.experience;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * One attempt at a task: the goal as stated, the steps taken, and how it ended.
 *
 * @param id episode id
 * @param goal the task as the user stated it
 * @param steps steps in execution order (at least one)
 * @param outcome success or failure (only successful episodes are generalised)
 * @param recordedAt when it was recorded
 */
public record Episode(UUID id, String goal, List<EpisodeStep> steps, Outcome outcome, Instant recordedAt) {

    /** How an episode ended. */
    public enum Outcome {
        SUCCESS,
        FAILURE
    }

    public Episode {
        Objects.requireNonNull(id, "id");
        if (goal == null || goal.isBlank()) {
            throw new IllegalArgumentException("goal must not be blank");
        }
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("An episode needs at least one step");
        }
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(recordedAt, "recordedAt");
    }

    /** The sequence of action names, e.g. {@code open_app>search>tap}: episodes of one task family share it. */
    public String signature() {
        return steps.stream().map(EpisodeStep::action).collect(Collectors.joining(">"));
    }

    public boolean succeeded() {
        return outcome == Outcome.SUCCESS;
    }
}

package io.mnemos.orchestrator.routing;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the router sees of one turn.
 *
 * @param tenant the caller's tenant (scopes content reuse; not used to choose a route)
 * @param text the user's text; may be empty (e.g. an image with no question), never null
 * @param attachments content sent with the turn, each with the hash that identifies it; may be empty
 * @param knownNames names of people the user's memory knows (the user, the people in their conversations), loaded
 *     with the turn's context before routing; a question naming one is likely about the user's own life. May be empty
 */
public record TurnInput(String tenant, String text, List<Attachment> attachments, Set<String> knownNames) {

    /** Kinds of non-text content a turn can carry. */
    public enum Modality {
        IMAGE,
        AUDIO
    }

    /**
     * Content attached to a turn.
     *
     * @param modality what it is
     * @param contentHash identity of the bytes (e.g. SHA-256 hex, or a perceptual hash for images)
     */
    public record Attachment(Modality modality, String contentHash) {
        public Attachment {
            Objects.requireNonNull(modality, "modality");
            Objects.requireNonNull(contentHash, "contentHash");
        }
    }

    public TurnInput {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(text, "text");
        attachments = List.copyOf(attachments);
        knownNames = Set.copyOf(knownNames);
    }

    /** A text-only turn with no context. */
    public static TurnInput text(String tenant, String text) {
        return new TurnInput(tenant, text, List.of(), Set.of());
    }

    /** The same turn with these known names as context. */
    public TurnInput withKnownNames(Set<String> names) {
        return new TurnInput(tenant, text, attachments, names);
    }

    /** Whether at least one attachment has this modality. */
    public boolean has(Modality modality) {
        return attachments.stream().anyMatch(a -> a.modality() == modality);
    }
}

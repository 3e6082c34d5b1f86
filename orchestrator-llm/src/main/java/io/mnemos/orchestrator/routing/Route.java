package io.mnemos.orchestrator.routing;

import java.util.Locale;

/**
 * Where a turn goes: the specialist(s) the pipeline calls for it.
 *
 * <p>The first four are <em>semantic</em> routes: the {@link SemanticRouter} can choose them from the text alone,
 * using exemplars. {@link #VISION} is rule-only: it is chosen because an image is attached, never from text.
 */
public enum Route {
    /** Questions about the user's own past, the people in their conversations, or their preferences: memory lookup. */
    MEMORY(true),
    /** Knowledge questions and claims that need document retrieval (and the grounding gate). */
    DOCUMENTS(true),
    /** A request to do something: experience templates and action-script replay. */
    TASK(true),
    /** Greetings, thanks, small talk, opinions: no specialist, the conversation agent answers. */
    CHITCHAT(true),
    /** An image is attached: the vision specialist describes it (rule only). */
    VISION(false);

    private final boolean semantic;

    Route(boolean semantic) {
        this.semantic = semantic;
    }

    /** Whether exemplars may name this route (the others are chosen by rules only). */
    public boolean semantic() {
        return semantic;
    }

    /** The control token of SPEC section 8.2, e.g. {@code <route:memory>}. */
    public String controlToken() {
        return "<route:" + name().toLowerCase(Locale.ROOT) + ">";
    }
}

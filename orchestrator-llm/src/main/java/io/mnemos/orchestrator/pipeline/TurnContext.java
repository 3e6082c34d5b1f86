package io.mnemos.orchestrator.pipeline;

import io.mnemos.orchestrator.routing.RouteDecision;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The turn as specialists see it.
 *
 * @param tenant      the tenant the turn belongs to (every call is made as this tenant)
 * @param sessionId   the session
 * @param turnId      the turn
 * @param userId      the end user whose memory is searched
 * @param text        what the user said
 * @param queryVector {@code text} as the router embedded it, sent with memory and document searches so they need
 *                    not embed it again; null when routing made none (the services then embed the text)
 */
public record TurnContext(
        String tenant,
        UUID sessionId,
        UUID turnId,
        String userId,
        String text,
        RouteDecision.@Nullable QueryVector queryVector) {

    /** A turn not routed yet (no query vector). */
    public TurnContext(String tenant, UUID sessionId, UUID turnId, String userId, String text) {
        this(tenant, sessionId, turnId, userId, text, null);
    }

    /** The same turn with the router's vector of its text. */
    public TurnContext withQueryVector(RouteDecision.@Nullable QueryVector vector) {
        return new TurnContext(tenant, sessionId, turnId, userId, text, vector);
    }
}

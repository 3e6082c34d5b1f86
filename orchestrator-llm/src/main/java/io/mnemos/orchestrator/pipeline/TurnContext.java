package io.mnemos.orchestrator.pipeline;

import java.util.UUID;

/**
 * The turn as specialists see it.
 *
 * @param tenant    the tenant the turn belongs to (every call is made as this tenant)
 * @param sessionId the session
 * @param turnId    the turn
 * @param userId    the end user whose memory is searched
 * @param text      what the user said
 */
public record TurnContext(String tenant, UUID sessionId, UUID turnId, String userId, String text) {}

package io.mnemos.speech.agent;

import io.mnemos.contracts.identity.Identity;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A user turn for the agent.
 *
 * @param sessionId     the conversation session (the orchestrator's session id)
 * @param text          the user's final transcript
 * @param caller        who is speaking (tenant, principal, scopes)
 * @param identityToken a currently valid signed identity token for {@code caller} (header {@code X-Mnemos-Identity})
 */
public record AgentRequest(UUID sessionId, String text, Identity caller, Supplier<String> identityToken) {}

package io.mnemos.orchestrator.session;

import java.time.Instant;
import java.util.UUID;

/** A conversation session. */
public record Session(UUID sessionId, String userId, String locale, Instant createdAt, long turnCount) {}

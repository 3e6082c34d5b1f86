package io.mnemos.memory.conversation;

import java.time.Instant;
import java.util.UUID;

/** A turn as conversation memory holds it. */
public record StoredTurn(
        UUID turnId,
        UUID sessionId,
        String userId,
        long sequence,
        String speaker,
        String text,
        Instant timestamp,
        Instant storedAt) {}

package io.mnemos.contracts;

import java.util.List;

/**
 * Every Kafka topic name, in one place. Records on a topic are keyed by {@code tenant:entity} (usually the session),
 * so events of one session stay ordered on one partition.
 */
public final class Topics {
    /** Sessions started and turns recorded by the orchestrator. Key: {@code tenant:sessionId}. */
    public static final String CONVERSATION_TURNS = "conversation.turns";
    /** Facts about what memory-service stored (turns, profile facts, templates, erasures). Key: {@code tenant:sessionId|userId}. */
    public static final String MEMORY_EVENTS = "memory.events";
    /** Images vision-service processed (OCR text, captions). Key: {@code tenant:imageId}. */
    public static final String VISION_EVENTS = "vision.events";
    /** Final spoken transcripts and barge-in interruptions from speech-service. Key: {@code tenant:sessionId}. */
    public static final String SPEECH_EVENTS = "speech.events";
    /** Requests to retrieval-service (document ingestion). Key: {@code tenant:collection/documentId}. */
    public static final String RETRIEVAL_REQUESTS = "retrieval.requests";
    /** Documents retrieval-service indexed or deleted. Key: {@code tenant:collection/documentId}. */
    public static final String RETRIEVAL_EVENTS = "retrieval.events";
    /** Suffix of the dead-letter topic that receives events a consumer could not process. */
    public static final String DEAD_LETTER_SUFFIX = ".DLT";

    /** Partitions per topic on the single-node development broker. */
    public static final int DEFAULT_PARTITIONS = 3;

    private Topics() {}

    /** All topics the platform publishes to (dead-letter topics excluded). */
    public static List<String> all() {
        return List.of(
                CONVERSATION_TURNS, MEMORY_EVENTS, VISION_EVENTS, SPEECH_EVENTS, RETRIEVAL_REQUESTS, RETRIEVAL_EVENTS);
    }

    /** The dead-letter topic of {@code topic}. */
    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }

    /** The record key for an entity of a tenant. */
    public static String key(String tenant, String entityId) {
        return tenant + ":" + entityId;
    }
}

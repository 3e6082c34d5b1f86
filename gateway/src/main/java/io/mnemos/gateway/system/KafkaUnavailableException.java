package io.mnemos.gateway.system;

/** Kafka could not be asked for consumer group offsets in time; the message says why, for a 503 problem. */
public class KafkaUnavailableException extends RuntimeException {
    public KafkaUnavailableException(String message) {
        super(message, null, false, false);
    }
}

package io.mnemos.devstack;

import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Turns the in-process Kafka broker's and embedded PostgreSQL's INFO chatter down to WARN when logback is the logging
 * backend and nobody configured those loggers. The launcher uses its own logback file instead (see
 * {@code io/mnemos/devstack/logback-devstack.xml}).
 */
final class QuietLogging {

    /** Loggers of the broker side of Kafka (not the clients a service uses). */
    static final List<String> BROKER_LOGGERS = List.of(
            "kafka",
            "state.change.logger",
            "org.apache.kafka.server",
            "org.apache.kafka.controller",
            "org.apache.kafka.raft",
            "org.apache.kafka.storage",
            "org.apache.kafka.image",
            "org.apache.kafka.metadata",
            "org.apache.kafka.coordinator",
            "org.apache.kafka.queue",
            "org.apache.kafka.snapshot",
            "org.apache.kafka.network",
            "org.apache.kafka.security",
            "org.apache.kafka.clients.admin",
            "org.apache.kafka.common",
            "io.zonky.test.db.postgres");

    private QuietLogging() {}

    static void quietKafkaBroker() {
        try {
            Logback.setWarnIfUnset(BROKER_LOGGERS);
        } catch (LinkageError e) {
            // logback is not on the class path: leave logging as the host configured it
        }
    }

    private static final class Logback {
        static void setWarnIfUnset(List<String> names) {
            if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx) {
                for (String name : names) {
                    ch.qos.logback.classic.Logger logger = ctx.getLogger(name);
                    if (logger.getLevel() == null) {
                        logger.setLevel(ch.qos.logback.classic.Level.WARN);
                    }
                }
            }
        }
    }
}

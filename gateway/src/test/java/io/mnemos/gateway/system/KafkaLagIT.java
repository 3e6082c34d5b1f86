package io.mnemos.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mnemos.gateway.support.KafkaFixtures;
import io.mnemos.testsupport.TestInfra;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@link KafkaLag} against the real test Kafka, and against an address where no Kafka listens. */
class KafkaLagIT {

    @Test
    void reportsAreReusedWithinTheTtlAndFreshAfterIt() throws Exception {
        String topic = "lag-it-" + UUID.randomUUID();
        String group = "lag-it-group-" + UUID.randomUUID();
        KafkaFixtures.committedBehind(topic, group, 7, 3);
        KafkaLag cachedForLong = lag(TestInfra.kafkaBootstrap(), Duration.ofHours(1));
        KafkaLag uncached = lag(TestInfra.kafkaBootstrap(), Duration.ZERO);
        try {
            LagReport first = cachedForLong.report();
            assertThat(group(first, group).totalLag()).isEqualTo(4);
            assertThat(group(first, group).partitions().getFirst().endOffset()).isEqualTo(7);

            KafkaFixtures.commit(topic, group, 6);
            assertThat(cachedForLong.report()).isSameAs(first);
            LagReport.Group fresh = group(uncached.report(), group);
            assertThat(fresh.totalLag()).isEqualTo(1);
            assertThat(fresh.partitions().getFirst().committedOffset()).isEqualTo(6);
        } finally {
            cachedForLong.destroy();
            uncached.destroy();
        }
    }

    @Test
    void anUnreachableKafkaIsReportedWithinTheTimeBoxAndTheFailureIsReused() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        KafkaLag lag = lag("127.0.0.1:" + closed, Duration.ofHours(1));
        try {
            KafkaUnavailableException first = null;
            try {
                lag.report();
            } catch (KafkaUnavailableException e) {
                first = e;
            }
            assertThat(first).as("no Kafka listens there").isNotNull();
            assertThat(first.getMessage()).contains("127.0.0.1:" + closed);
            KafkaUnavailableException firstFailure = first;
            assertThatThrownBy(lag::report).isSameAs(firstFailure);
        } finally {
            lag.destroy();
        }
    }

    private static KafkaLag lag(String bootstrap, Duration ttl) {
        return new KafkaLag(new SystemProperties(bootstrap, Duration.ofSeconds(3), ttl, 10, 1024), Clock.systemUTC());
    }

    private static LagReport.Group group(LagReport report, String id) {
        return report.groups().stream()
                .filter(g -> g.groupId().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no group " + id + " in " + report));
    }
}

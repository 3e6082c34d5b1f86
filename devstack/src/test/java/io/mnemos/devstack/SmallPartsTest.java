package io.mnemos.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmallPartsTest {

    @Test
    void healthIsUpOnlyWith200AndStatusUp() {
        assertThat(ServiceProcess.isUp(200, "{\"status\":\"UP\"}")).isTrue();
        assertThat(ServiceProcess.isUp(200, "{ \"status\" : \"UP\", \"groups\":[\"liveness\"] }"))
                .isTrue();
        assertThat(ServiceProcess.isUp(503, "{\"status\":\"DOWN\"}")).isFalse();
        assertThat(ServiceProcess.isUp(200, "{\"status\":\"OUT_OF_SERVICE\"}")).isFalse();
        assertThat(ServiceProcess.isUp(404, "")).isFalse();
    }

    @Test
    void tailReturnsTheLastLines(@TempDir Path tmp) throws Exception {
        Path log = tmp.resolve("x.log");
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 100; i++) {
            sb.append("line ").append(i).append('\n');
        }
        Files.writeString(log, sb);
        assertThat(ServiceProcess.tail(log, 3)).isEqualTo("line 98\nline 99\nline 100");
        assertThat(ServiceProcess.tail(tmp.resolve("missing.log"), 3)).startsWith("(no log");
    }

    @Test
    void brokerIsSingleNodeKraftWithoutAutoCreate() {
        Map<String, String> p =
                KafkaBroker.brokerProperties(Path.of("/k"), 9092, 9093, Map.of("log.retention.hours", "1"));
        assertThat(p)
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:9093")
                .containsEntry("auto.create.topics.enable", "false")
                .containsEntry("num.partitions", "3")
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("min.insync.replicas", "1")
                .containsEntry("log.dirs", "/k")
                .containsEntry("log.retention.hours", "1");
    }

    @Test
    void platformTopicsIncludeDeadLetterTopics() {
        assertThat(KafkaBroker.platformTopics())
                .contains("conversation.turns", "conversation.turns.DLT", "memory.events", "memory.events.DLT");
    }

    @Test
    void postgresOptionsReadTheEnvironment(@TempDir Path tmp) {
        Postgres.Options o = Postgres.Options.defaults(tmp)
                .withEnv(Map.of("MNEMOS_DB_URL", "jdbc:postgresql://db:5433/x", "MNEMOS_DB_PASSWORD", "pw"));
        assertThat(o.configured()).contains(new JdbcSettings("jdbc:postgresql://db:5433/x", "postgres", "pw"));
        assertThat(o.local()).isEqualTo(new JdbcSettings("jdbc:postgresql://127.0.0.1:5432/mnemos", "postgres", "pw"));
        assertThat(Postgres.Options.defaults(tmp)
                        .withEnv(Map.of("MNEMOS_DB_URL", " "))
                        .configured())
                .isEmpty();
    }

    @Test
    void stackOptionsDefaults(@TempDir Path tmp) {
        StackOptions o = StackOptions.builder()
                .home(tmp)
                .env(Map.of("MNEMOS_JAVA_OPTS", "-Da=1  -Db=2"))
                .build();
        assertThat(o.dataDir()).isEqualTo(tmp.resolve(".data"));
        assertThat(o.kafkaPort()).isEqualTo(9092);
        assertThat(o.embeddedPgPort()).isEqualTo(15432);
        assertThat(o.healthTimeout()).hasSeconds(120);
        assertThat(o.extraJvmFlags()).containsExactly("-Da=1", "-Db=2");
        assertThat(o.kafkaBootstrap()).isNull();
        assertThat(o.jdbc()).isNull();
    }
}

package io.mnemos.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LauncherArgsTest {

    private static final Path HOME = Path.of("/repo");

    @Test
    void defaults() {
        LauncherArgs a = LauncherArgs.parse(new String[] {"up"}, Map.of(), HOME);
        assertThat(a.command()).isEqualTo("up");
        assertThat(a.dataDir()).isEqualTo(Path.of("/repo/.data"));
        assertThat(a.kafkaPort()).isEqualTo(9092);
        assertThat(a.pgPort()).isEqualTo(15432);
        assertThat(a.database()).isEqualTo("mnemos");
        assertThat(a.portOffset()).isZero();
        assertThat(a.services()).isEmpty();
        assertThat(a.readyFile()).isNull();
        assertThat(a.exitWithParent()).isFalse();
        assertThat(a.healthTimeoutSeconds()).isEqualTo(120);
    }

    @Test
    void healthTimeoutFromEnvironmentAndOption() {
        assertThat(LauncherArgs.parse(new String[] {"up"}, Map.of("MNEMOS_HEALTH_TIMEOUT", "300"), HOME)
                        .healthTimeoutSeconds())
                .isEqualTo(300);
        assertThat(LauncherArgs.parse(
                                new String[] {"up", "--health-timeout=30"},
                                Map.of("MNEMOS_HEALTH_TIMEOUT", "300"),
                                HOME)
                        .healthTimeoutSeconds())
                .isEqualTo(30);
        assertThatThrownBy(() -> LauncherArgs.parse(new String[] {"up", "--health-timeout", "0"}, Map.of(), HOME))
                .hasMessageContaining("must be positive");
    }

    @Test
    void noArgumentsMeansHelp() {
        assertThat(LauncherArgs.parse(new String[0], Map.of(), HOME).command()).isEqualTo("help");
        assertThat(LauncherArgs.parse(new String[] {"--help"}, Map.of(), HOME).command())
                .isEqualTo("help");
    }

    @Test
    void dataDirFromEnvironmentAndOption() {
        assertThat(LauncherArgs.parse(new String[] {"down"}, Map.of("MNEMOS_DATA_DIR", "/var/m"), HOME)
                        .dataDir())
                .isEqualTo(Path.of("/var/m"));
        assertThat(LauncherArgs.parse(
                                new String[] {"down", "--data", "/x/y"}, Map.of("MNEMOS_DATA_DIR", "/var/m"), HOME)
                        .dataDir())
                .isEqualTo(Path.of("/x/y"));
    }

    @Test
    void infraOptionsInBothSpellings() {
        LauncherArgs a = LauncherArgs.parse(
                new String[] {
                    "infra",
                    "--data=/d",
                    "--ready-file",
                    "/d/ready",
                    "--kafka-port=0",
                    "--pg-port",
                    "0",
                    "--database",
                    "mnemos_test",
                    "--exit-with-parent"
                },
                Map.of(),
                HOME);
        assertThat(a.command()).isEqualTo("infra");
        assertThat(a.dataDir()).isEqualTo(Path.of("/d"));
        assertThat(a.readyFile()).isEqualTo(Path.of("/d/ready"));
        assertThat(a.kafkaPort()).isZero();
        assertThat(a.pgPort()).isZero();
        assertThat(a.database()).isEqualTo("mnemos_test");
        assertThat(a.exitWithParent()).isTrue();
    }

    @Test
    void servicesAndPortOffset() {
        LauncherArgs a = LauncherArgs.parse(
                new String[] {"up", "--services", "gateway, memory-service", "--port-offset", "100"}, Map.of(), HOME);
        assertThat(a.services()).isEqualTo(List.of("gateway", "memory-service"));
        assertThat(a.portOffset()).isEqualTo(100);
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> LauncherArgs.parse(new String[] {"start"}, Map.of(), HOME))
                .hasMessageContaining("Unknown command 'start'");
        assertThatThrownBy(() -> LauncherArgs.parse(new String[] {"up", "--frobnicate", "1"}, Map.of(), HOME))
                .hasMessageContaining("Unknown option --frobnicate");
        assertThatThrownBy(() -> LauncherArgs.parse(new String[] {"up", "--data"}, Map.of(), HOME))
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> LauncherArgs.parse(new String[] {"up", "--kafka-port", "70000"}, Map.of(), HOME))
                .hasMessageContaining("must be a port");
        assertThatThrownBy(() -> LauncherArgs.parse(new String[] {"up", "--port-offset", "x"}, Map.of(), HOME))
                .hasMessageContaining("must be a number");
        assertThatThrownBy(() -> LauncherArgs.parse(new String[] {"infra", "--database", "a;drop"}, Map.of(), HOME))
                .hasMessageContaining("identifier");
    }

    @Test
    void launcherReportsUsageErrorsWithExitCode2() {
        var err = new java.io.ByteArrayOutputStream();
        int code = Launcher.run(
                new String[] {"nope"},
                Map.of(),
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()),
                new java.io.PrintStream(err));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown command 'nope'").contains("Usage:");
    }
}

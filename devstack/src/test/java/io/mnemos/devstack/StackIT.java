package io.mnemos.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mnemos.devstack.fake.FakeService;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link Stack} against stand-in service jars ({@link FakeService}) and given (fake) Kafka and database settings:
 * process spawning, environment, health polling, failure reporting, banner and shutdown.
 */
class StackIT {

    @TempDir
    Path home;

    @TempDir
    Path data;

    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

    @BeforeEach
    void fakeServiceJars() throws Exception {
        Path classes = Path.of(FakeService.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toAbsolutePath();
        for (LauncherConfig.Service s : LauncherConfig.DEFAULT.services()) {
            Path target = Files.createDirectories(home.resolve(s.module()).resolve("target"));
            Manifest mf = new Manifest();
            mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeService.class.getName());
            mf.getMainAttributes().put(Attributes.Name.CLASS_PATH, target.relativize(classes) + "/");
            Path jar = target.resolve("mnemos-" + s.module() + "-0.1.0-SNAPSHOT-exec.jar");
            try (var out = new JarOutputStream(Files.newOutputStream(jar), mf)) {
                out.flush();
            }
        }
    }

    private StackOptions.Builder options() {
        return StackOptions.builder()
                .home(home)
                .dataDir(data)
                .portOffset(LauncherConfig.findFreePortOffset())
                .kafkaBootstrap("127.0.0.1:1")
                .jdbc(new JdbcSettings("jdbc:postgresql://127.0.0.1:1/given", "someone", "pw"))
                .extraJvmFlags(List.of("-Xshare:auto"))
                .healthTimeout(Duration.ofSeconds(60))
                .out(new PrintStream(progress, true));
    }

    @Test
    void startsEveryServiceWiresThemAndStopsThem() throws Exception {
        StackOptions options = options().adminKey("test-admin-key").build();
        Stack stack = Stack.start(options);
        try {
            int gw = 8080 + options.portOffset();
            assertThat(stack.gatewayUrl()).isEqualTo("http://127.0.0.1:" + gw);
            assertThat(stack.serviceUrls()).hasSize(6);
            assertThat(stack.adminKey()).isEqualTo("test-admin-key");
            assertThat(stack.adminKeyGenerated()).isFalse();
            assertThat(stack.dbMode()).isEqualTo("GIVEN");
            assertThat(progress.toString()).contains("✓ gateway").contains("✓ memory-service");

            String gatewayEnv = Files.readString(data.resolve("gateway/env.txt"));
            assertThat(gatewayEnv)
                    .contains("SERVER_PORT=" + gw)
                    .contains("SPRING_KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:1")
                    .contains("SPRING_DATASOURCE_URL=jdbc:postgresql://127.0.0.1:1/given")
                    .contains("SPRING_DATASOURCE_USERNAME=someone")
                    .contains("MNEMOS_ADMIN_KEY=test-admin-key")
                    .contains("MNEMOS_DATA_DIR=" + data.resolve("gateway"))
                    .contains("MNEMOS_GATEWAY_SERVICES_MEMORY=http://127.0.0.1:" + (8082 + options.portOffset()));
            String internal =
                    Files.readString(data.resolve("secrets/internal-secret")).trim();
            assertThat(Files.readString(data.resolve("memory-service/env.txt")))
                    .contains("MNEMOS_SECURITY_INTERNAL_SECRET=" + internal);
            assertThat(data.resolve("logs/memory-service.log")).content().contains("fake service starting");

            String banner = Launcher.banner(stack, Duration.ofMillis(12_345));
            assertThat(banner)
                    .contains("Mnemos is up (12.3 s)")
                    .contains("Gateway      http://127.0.0.1:" + gw)
                    .contains("Swagger UI   http://127.0.0.1:" + gw + "/swagger-ui.html")
                    .contains("Kafka        127.0.0.1:1")
                    .contains("Database     GIVEN jdbc:postgresql://127.0.0.1:1/given")
                    .contains("Logs         " + data.resolve("logs"))
                    .doesNotContain("Admin key");
        } finally {
            stack.close();
        }
        assertThat(LauncherConfig.DEFAULT.services()).allMatch(s -> Ports.isFree(s.port() + options.portOffset()));
    }

    @Test
    void generatedAdminKeyIsShownOnTheFirstStartOnly() {
        StackOptions options = options().services(List.of("memory-service")).build();
        String key;
        try (Stack first = Stack.start(options)) {
            assertThat(first.adminKeyGenerated()).isTrue();
            key = first.adminKey();
            assertThat(Launcher.banner(first, Duration.ofSeconds(1)))
                    .contains("Admin key    " + key)
                    .contains("memory-service");
        }
        try (Stack second = Stack.start(options)) {
            assertThat(second.adminKey()).isEqualTo(key);
            assertThat(Launcher.banner(second, Duration.ofSeconds(1))).doesNotContain(key);
        }
    }

    @Test
    void aServiceThatDiesIsReportedWithTheTailOfItsLog() throws Exception {
        Files.createDirectories(data.resolve("retrieval-service"));
        Files.createFile(data.resolve("retrieval-service/fail"));
        StackOptions options = options()
                .services(List.of("memory-service", "retrieval-service"))
                .build();
        assertThatThrownBy(() -> Stack.start(options))
                .isInstanceOf(Stack.StackStartException.class)
                .hasMessageContaining("retrieval-service exited with code 3 before it was healthy")
                .hasMessageContaining("boom: this service cannot start");
        assertThat(Ports.isFree(8082 + options.portOffset()))
                .as("the healthy one was stopped")
                .isTrue();
    }

    @Test
    void aServiceThatNeverBecomesHealthyTimesOut() throws Exception {
        Files.createDirectories(data.resolve("vision-service"));
        Files.createFile(data.resolve("vision-service/down"));
        StackOptions options = options()
                .services(List.of("vision-service"))
                .healthTimeout(Duration.ofSeconds(4))
                .build();
        assertThatThrownBy(() -> Stack.start(options))
                .hasMessageContaining("[vision-service] not healthy after 4 s")
                .hasMessageContaining("HTTP 503 {\"status\":\"DOWN\"}")
                .hasMessageContaining("fake service starting");
    }

    @Test
    void missingJarsAndBusyPortsFailBeforeAnythingStarts() throws Exception {
        Files.delete(home.resolve("speech-service/target/mnemos-speech-service-0.1.0-SNAPSHOT-exec.jar"));
        assertThatThrownBy(() -> Stack.start(options().build()))
                .hasMessageContaining("Service jars not built")
                .hasMessageContaining("speech-service/target/mnemos-speech-service-*-exec.jar");

        StackOptions options = options().services(List.of("gateway")).build();
        try (var busy =
                new java.net.ServerSocket(8080 + options.portOffset(), 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> Stack.start(options)).hasMessageContaining("Ports already in use: [gateway");
        }
        assertThat(data.resolve("secrets")).doesNotExist();
    }
}

package io.mnemos.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherConfigTest {

    private final LauncherConfig config = LauncherConfig.DEFAULT;
    private final LauncherConfig.Wiring wiring = new LauncherConfig.Wiring(
            "127.0.0.1:9092",
            new JdbcSettings("jdbc:postgresql://127.0.0.1:5432/mnemos", "postgres", "pw"),
            Path.of("/data"),
            "internal",
            "admin",
            0);

    @Test
    void servicesAndPorts() {
        assertThat(config.services())
                .extracting(LauncherConfig.Service::name, LauncherConfig.Service::port)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("gateway", 8080),
                        org.assertj.core.groups.Tuple.tuple("orchestrator-llm", 8081),
                        org.assertj.core.groups.Tuple.tuple("memory-service", 8082),
                        org.assertj.core.groups.Tuple.tuple("retrieval-service", 8083),
                        org.assertj.core.groups.Tuple.tuple("speech-service", 8084),
                        org.assertj.core.groups.Tuple.tuple("vision-service", 8085));
        assertThat(new HashSet<>(config.services().stream()
                        .map(LauncherConfig.Service::port)
                        .toList()))
                .hasSize(6);
        assertThat(config.services().stream().filter(LauncherConfig.Service::isGateway))
                .hasSize(1);
    }

    @Test
    void everyServiceGetsInfrastructureAndSecrets() {
        Map<String, String> env =
                config.environment(config.service("memory-service").orElseThrow(), wiring);
        assertThat(env)
                .containsEntry("SERVER_PORT", "8082")
                .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:5432/mnemos")
                .containsEntry("SPRING_DATASOURCE_USERNAME", "postgres")
                .containsEntry("SPRING_DATASOURCE_PASSWORD", "pw")
                .containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
                .containsEntry("MNEMOS_DATA_DIR", "/data/memory-service")
                .containsEntry("MNEMOS_SECURITY_INTERNAL_SECRET", "internal")
                .containsEntry("MNEMOS_ADMIN_KEY", "admin");
        assertThat(env.keySet()).noneMatch(k -> k.startsWith("MNEMOS_GATEWAY_"));
    }

    @Test
    void onlyTheGatewayGetsTheRedisUrlAndOnlyWhenSet() {
        LauncherConfig.Wiring withRedis = new LauncherConfig.Wiring(
                wiring.kafkaBootstrap(), wiring.jdbc(), wiring.dataDir(), "i", "a", 0, "redis://127.0.0.1:6379");
        assertThat(config.environment(config.service("gateway").orElseThrow(), withRedis))
                .containsEntry("MNEMOS_REDIS_URL", "redis://127.0.0.1:6379")
                .containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", wiring.kafkaBootstrap());
        assertThat(config.environment(config.service("memory-service").orElseThrow(), withRedis))
                .doesNotContainKey("MNEMOS_REDIS_URL");
        assertThat(config.environment(config.service("gateway").orElseThrow(), wiring))
                .doesNotContainKey("MNEMOS_REDIS_URL");
    }

    @Test
    void gatewayGetsEveryServiceUrlWithTheOffset() {
        LauncherConfig.Wiring shifted =
                new LauncherConfig.Wiring(wiring.kafkaBootstrap(), wiring.jdbc(), wiring.dataDir(), "i", "a", 1000);
        Map<String, String> env = config.environment(config.service("gateway").orElseThrow(), shifted);
        assertThat(env)
                .containsEntry("SERVER_PORT", "9080")
                .containsEntry("MNEMOS_GATEWAY_SERVICES_ORCHESTRATOR", "http://127.0.0.1:9081")
                .containsEntry("MNEMOS_GATEWAY_SERVICES_MEMORY", "http://127.0.0.1:9082")
                .containsEntry("MNEMOS_GATEWAY_SERVICES_RETRIEVAL", "http://127.0.0.1:9083")
                .containsEntry("MNEMOS_GATEWAY_SERVICES_SPEECH", "http://127.0.0.1:9084")
                .containsEntry("MNEMOS_GATEWAY_SERVICES_VISION", "http://127.0.0.1:9085");
    }

    @Test
    void commandHasSmallHeapAndFlags() {
        LauncherConfig.Service s = config.service("retrieval-service").orElseThrow();
        List<String> cmd = config.command(s, Path.of("/jdk/bin/java"), Path.of("/r/x-exec.jar"), List.of("-Dx=1"));
        assertThat(cmd.getFirst()).isEqualTo("/jdk/bin/java");
        assertThat(cmd)
                .containsSubsequence("--add-modules", "jdk.incubator.vector")
                .contains("--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xmx384m")
                .containsSubsequence("-Xmx384m", "-Dx=1", "-jar", "/r/x-exec.jar");
        assertThat(cmd.getLast()).isEqualTo("/r/x-exec.jar");
        assertThat(cmd).as("Lucene needs C2 for the Vector API").doesNotContain(LauncherConfig.C1_ONLY);
        List<String> gateway =
                config.command(config.service("gateway").orElseThrow(), Path.of("java"), Path.of("g.jar"), List.of());
        assertThat(gateway).as("every request crosses the gateway").doesNotContain(LauncherConfig.C1_ONLY);
        assertThat(gateway).contains("-Xmx256m");
        List<String> speech = config.command(
                config.service("speech-service").orElseThrow(), Path.of("java"), Path.of("s.jar"), List.of());
        assertThat(speech).contains(LauncherConfig.C1_ONLY);
    }

    @Test
    void onlyKeepsNamedServices() {
        assertThat(config.only(List.of("gateway", "memory-service")).services())
                .extracting(LauncherConfig.Service::name)
                .containsExactly("memory-service", "gateway");
        assertThat(config.only(List.of())).isSameAs(config);
        assertThatThrownBy(() -> config.only(List.of("nope"))).hasMessageContaining("Unknown service nope");
    }

    @Test
    void findsTheNewestExecJar(@TempDir Path home) throws Exception {
        LauncherConfig.Service s = config.service("memory-service").orElseThrow();
        assertThat(LauncherConfig.findJar(home, s)).isEmpty();
        Path target = Files.createDirectories(home.resolve("memory-service/target"));
        Files.createFile(target.resolve("mnemos-memory-service-0.1.0-SNAPSHOT.jar"));
        assertThat(LauncherConfig.findJar(home, s)).isEmpty();
        Path old = Files.createFile(target.resolve("mnemos-memory-service-0.0.9-exec.jar"));
        Path current = Files.createFile(target.resolve("mnemos-memory-service-0.1.0-SNAPSHOT-exec.jar"));
        Files.setLastModifiedTime(old, FileTime.fromMillis(1_000));
        assertThat(LauncherConfig.findJar(home, s)).contains(current);
    }

    @Test
    void freePortOffsetLeavesAllServicePortsFree() {
        int offset = LauncherConfig.findFreePortOffset();
        assertThat(offset).isBetween(20000, 50000);
        assertThat(config.services()).allMatch(s -> Ports.isFree(s.port() + offset));
    }
}

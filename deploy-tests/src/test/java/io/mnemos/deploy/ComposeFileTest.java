package io.mnemos.deploy;

import static io.mnemos.deploy.Repo.asList;
import static io.mnemos.deploy.Repo.asMap;
import static io.mnemos.deploy.Repo.at;
import static io.mnemos.deploy.Repo.mapAt;
import static io.mnemos.deploy.Repo.stringAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

/**
 * Checks {@code docker-compose.yml}: structurally with SnakeYAML (always), and through {@code docker-compose config}
 * when the binary exists (required when {@code CI=true}). No Docker engine is needed for either.
 */
class ComposeFileTest {

    private static final Pattern MEMORY = Pattern.compile("(?i)(\\d+(?:\\.\\d+)?)\\s*([kmg]?)i?b?");
    private static final long MAX_TOTAL_MEMORY = 8L << 30;

    private static Path composeFile;

    @BeforeAll
    static void locate() {
        composeFile = Repo.root().resolve("docker-compose.yml");
        assertThat(composeFile).isRegularFile();
    }

    /** Assertions that hold for both the raw file and the normalised {@code docker-compose config} output. */
    private static void assertServices(Map<String, Object> compose) {
        Map<String, Object> services = mapAt(compose, "services");
        assertThat(services).containsKeys("kafka", "postgres");
        assertThat(services).containsKeys(Repo.SERVICES.keySet().toArray(String[]::new));

        services.forEach((name, definition) -> {
            Map<String, Object> service = asMap(definition);
            Object test = at(service, "healthcheck.test").orElse(null);
            assertThat(test).as("healthcheck of %s", name).isNotNull();
            assertThat(String.valueOf(test)).isNotBlank();
            assertThat(memoryLimit(service)).as("memory limit of %s", name).isPositive();
        });

        Repo.SERVICES.keySet().forEach(name -> {
            Map<String, Object> dependsOn = mapAt(asMap(services.get(name)), "depends_on");
            for (String infrastructure : List.of("kafka", "postgres")) {
                assertThat(stringAt(asMap(dependsOn.get(infrastructure)), "condition"))
                        .as("%s depends on %s", name, infrastructure)
                        .isEqualTo("service_healthy");
            }
        });
        Map<String, Object> gatewayDependsOn = mapAt(asMap(services.get("gateway")), "depends_on");
        Repo.SERVICES.keySet().stream().filter(name -> !name.equals("gateway")).forEach(name -> assertThat(
                        stringAt(asMap(gatewayDependsOn.get(name)), "condition"))
                .as("gateway waits for %s", name)
                .isEqualTo("service_healthy"));

        long total =
                services.values().stream().mapToLong(s -> memoryLimit(asMap(s))).sum();
        assertThat(total).as("sum of memory limits").isLessThanOrEqualTo(MAX_TOTAL_MEMORY);
    }

    /** {@code mem_limit} or {@code deploy.resources.limits.memory}, in bytes; 0 when neither is set. */
    static long memoryLimit(Map<String, Object> service) {
        Optional<Object> limit = at(service, "mem_limit").or(() -> at(service, "deploy.resources.limits.memory"));
        return limit.map(ComposeFileTest::bytes).orElse(0L);
    }

    static long bytes(Object value) {
        if (value instanceof Number number) {
            return number.longValue();
        }
        Matcher m = MEMORY.matcher(String.valueOf(value).trim());
        assertThat(m.matches()).as("memory size %s", value).isTrue();
        double amount = Double.parseDouble(m.group(1));
        int shift =
                switch (m.group(2).toLowerCase()) {
                    case "k" -> 10;
                    case "m" -> 20;
                    case "g" -> 30;
                    default -> 0;
                };
        return (long) (amount * (1L << shift));
    }

    @Nested
    @TestInstance(Lifecycle.PER_CLASS)
    class RawFile {

        private final Map<String, Object> compose;
        private final Map<String, Object> services;

        RawFile() throws IOException {
            compose = Repo.loadMap(composeFile);
            services = mapAt(compose, "services");
        }

        @Test
        void servicesHaveHealthchecksMemoryLimitsAndHealthyDependencies() {
            assertServices(compose);
        }

        @Test
        void kafkaIsASingleKraftNodeCheckedWithItsOwnScripts() {
            Map<String, Object> kafka = asMap(services.get("kafka"));
            assertThat(kafka.get("image")).isEqualTo("apache/kafka:4.1.2");
            Map<String, Object> env = mapAt(kafka, "environment");
            assertThat(String.valueOf(env.get("KAFKA_PROCESS_ROLES"))).isEqualTo("broker,controller");
            assertThat(env)
                    .containsKeys(
                            "CLUSTER_ID",
                            "KAFKA_NODE_ID",
                            "KAFKA_CONTROLLER_QUORUM_VOTERS",
                            "KAFKA_CONTROLLER_LISTENER_NAMES");
            assertThat(env).doesNotContainKey("KAFKA_ZOOKEEPER_CONNECT");
            assertThat(String.valueOf(at(kafka, "healthcheck.test").orElseThrow()))
                    .containsAnyOf("kafka-broker-api-versions.sh", "kafka-topics.sh");
            assertThat(asList(kafka.get("volumes"))).isNotEmpty();
        }

        @Test
        void postgresIsVersion17WithAVolumeAndPgIsready() {
            Map<String, Object> postgres = asMap(services.get("postgres"));
            assertThat(String.valueOf(postgres.get("image"))).startsWith("postgres:17");
            assertThat(String.valueOf(at(postgres, "healthcheck.test").orElseThrow()))
                    .contains("pg_isready");
            assertThat(asList(postgres.get("volumes")))
                    .anySatisfy(v -> assertThat(String.valueOf(v)).endsWith(":/var/lib/postgresql/data"));
        }

        @Test
        void everyServiceIsBuiltFromTheSharedDockerfileWithItsModule() {
            assertThat(Repo.root().resolve("docker/Dockerfile")).isRegularFile();
            Repo.SERVICES.forEach((name, port) -> {
                Map<String, Object> service = asMap(services.get(name));
                assertThat(stringAt(service, "build.context")).isEqualTo(".");
                assertThat(stringAt(service, "build.dockerfile")).isEqualTo("docker/Dockerfile");
                assertThat(stringAt(service, "build.args.MODULE")).isEqualTo(name);
                assertThat(Repo.root().resolve(name).resolve("pom.xml"))
                        .as("module %s exists", name)
                        .isRegularFile();
                assertThat(String.valueOf(at(service, "healthcheck.test").orElseThrow()))
                        .contains("http://localhost:" + port + "/actuator/health");
            });
        }

        @Test
        void servicesGetInfrastructureAndSecretsFromVariables() {
            Repo.SERVICES.forEach((name, port) -> {
                Map<String, Object> env = mapAt(asMap(services.get(name)), "environment");
                assertThat(String.valueOf(env.get("SERVER_PORT"))).isEqualTo(String.valueOf(port));
                assertThat(String.valueOf(env.get("SPRING_DATASOURCE_URL")))
                        .startsWith("jdbc:postgresql://postgres:5432/");
                assertThat(env.get("SPRING_KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("kafka:9092");
                assertThat(env).containsKeys("SPRING_DATASOURCE_USERNAME", "MNEMOS_DATA_DIR");
                // Secrets are never literals in the file: they come from the environment or .env.
                assertThat(String.valueOf(env.get("SPRING_DATASOURCE_PASSWORD")))
                        .startsWith("${POSTGRES_PASSWORD");
                assertThat(String.valueOf(env.get("MNEMOS_SECURITY_INTERNAL_SECRET")))
                        .startsWith("${MNEMOS_SECURITY_INTERNAL_SECRET");
            });

            Map<String, Object> gatewayEnv = mapAt(asMap(services.get("gateway")), "environment");
            assertThat(String.valueOf(gatewayEnv.get("MNEMOS_ADMIN_KEY"))).startsWith("${MNEMOS_ADMIN_KEY");
            assertThat(gatewayEnv)
                    .containsEntry("MNEMOS_GATEWAY_SERVICES_ORCHESTRATOR", "http://orchestrator-llm:8081")
                    .containsEntry("MNEMOS_GATEWAY_SERVICES_MEMORY", "http://memory-service:8082")
                    .containsEntry("MNEMOS_GATEWAY_SERVICES_RETRIEVAL", "http://retrieval-service:8083")
                    .containsEntry("MNEMOS_GATEWAY_SERVICES_SPEECH", "http://speech-service:8084")
                    .containsEntry("MNEMOS_GATEWAY_SERVICES_VISION", "http://vision-service:8085");
        }

        @Test
        void onlyTheGatewayIsPublishedAndDataServicesKeepTheirDataDirectory() {
            services.forEach((name, definition) -> {
                if (!name.equals("gateway")) {
                    assertThat(asMap(definition))
                            .as("%s publishes no port", name)
                            .doesNotContainKey("ports");
                }
            });
            assertThat(asList(asMap(services.get("gateway")).get("ports"))).hasSize(1);
            for (String name : Repo.DATA_SERVICES) {
                assertThat(asList(asMap(services.get(name)).get("volumes")))
                        .anySatisfy(v -> assertThat(String.valueOf(v)).endsWith(":/var/lib/mnemos"));
            }
        }
    }

    @Nested
    class DockerComposeConfig {

        @Test
        void dockerComposeConfigAcceptsTheFileAndNormalisesIt() throws Exception {
            Optional<Path> binary = onPath("docker-compose");
            if (binary.isEmpty()) {
                String missing = "docker-compose is not on the PATH (install it: apt-get install -y docker-compose)";
                if ("true".equals(System.getenv("CI"))) {
                    fail(missing + "; it is required when CI=true.");
                }
                assumeTrue(
                        false, missing + ": `docker-compose config` check skipped; the structural checks still ran.");
            }

            Path moduleDir = Repo.root().resolve("deploy-tests");
            Process process = new ProcessBuilder(binary.get().toString(), "-f", "../docker-compose.yml", "config")
                    .directory(moduleDir.toFile())
                    .redirectErrorStream(false)
                    .start();
            process.getOutputStream().close();
            // Read stderr on a side thread so neither pipe can fill up and block the process.
            StringBuilder stderr = new StringBuilder();
            Thread errReader = Thread.ofVirtual().start(() -> {
                try {
                    stderr.append(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    stderr.append(e);
                }
            });
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                fail("docker-compose config did not finish in 2 minutes");
            }
            errReader.join();

            assertThat(process.exitValue())
                    .as("docker-compose config exit code; stderr:%n%s", stderr)
                    .isZero();
            assertServices(asMap(Repo.yaml().load(stdout)));
        }
    }

    private static Optional<Path> onPath(String executable) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, executable))
                .filter(Files::isExecutable)
                .findFirst();
    }
}

package io.mnemos.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * The services the launcher runs, in one place: name, module directory, HTTP port, heap, and how they are wired
 * together (environment variables, JVM flags).
 *
 * @param services the services, in start order (the gateway last)
 * @param jvmFlags flags every service JVM gets before its {@code -Xmx}
 */
public record LauncherConfig(List<Service> services, List<String> jvmFlags) {

    /**
     * One service.
     *
     * @param name service name, used for its log file ({@code logs/<name>.log}) and data directory
     * @param module Maven module directory relative to the project root; the jar is
     *     {@code <module>/target/mnemos-<module>-<version>-exec.jar}
     * @param port HTTP port (before any port offset)
     * @param heap maximum heap, as for {@code -Xmx} (e.g. {@code 256m})
     * @param gatewayKey suffix of the gateway's {@code MNEMOS_GATEWAY_SERVICES_<KEY>} variable that points at this
     *     service, {@code null} for the gateway itself
     * @param optimizingJit {@code true} to keep the C2 compiler: Lucene and jlama only use the Vector API (SIMD) with
     *     C2, so services that search vectors or run models need it, and the gateway's per-request CPU drops ~40 % with
     *     it; {@code false} adds
     *     {@code -XX:TieredStopAtLevel=1} (C1 only: faster start, less CPU, slower peak)
     */
    public record Service(String name, String module, int port, String heap, String gatewayKey, boolean optimizingJit) {
        public Service {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(module, "module");
            Objects.requireNonNull(heap, "heap");
        }

        /** Whether this is the gateway (the service the others are routed through). */
        public boolean isGateway() {
            return gatewayKey == null;
        }
    }

    /**
     * Values the launcher hands to every service.
     *
     * @param kafkaBootstrap Kafka {@code bootstrap.servers}
     * @param jdbc the database
     * @param dataDir base data directory; each service gets {@code dataDir/<name>}
     * @param internalSecret shared secret for service-to-service calls
     * @param adminKey the platform's admin API key
     * @param portOffset added to every service port
     * @param redisUrl Redis for the gateway's shared rate limits ({@code MNEMOS_REDIS_URL}); {@code null} or blank
     *     keeps the gateway's in-process limiter
     */
    public record Wiring(
            String kafkaBootstrap,
            JdbcSettings jdbc,
            Path dataDir,
            String internalSecret,
            String adminKey,
            int portOffset,
            String redisUrl) {

        /** Without Redis: the gateway limits rates in-process. */
        public Wiring(
                String kafkaBootstrap,
                JdbcSettings jdbc,
                Path dataDir,
                String internalSecret,
                String adminKey,
                int portOffset) {
            this(kafkaBootstrap, jdbc, dataDir, internalSecret, adminKey, portOffset, null);
        }
    }

    /** Flags for every service JVM: Lucene's vector API and native libraries; small JVMs on 2 cores. */
    public static final List<String> DEFAULT_JVM_FLAGS = List.of(
            "--add-modules",
            "jdk.incubator.vector",
            "--enable-native-access=ALL-UNNAMED",
            "-XX:+UseSerialGC",
            "-Xshare:auto");

    /** Added for services without {@link Service#optimizingJit()}: C1 only, for a fast, cheap start. */
    public static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

    /** The platform's services and ports. */
    public static final LauncherConfig DEFAULT = new LauncherConfig(
            List.of(
                    // jlama (in-process LLM) needs C2 for its SIMD code.
                    new Service("orchestrator-llm", "orchestrator-llm", 8081, "384m", "ORCHESTRATOR", true),
                    // Lucene's vector search uses the Vector API only with C2.
                    new Service("memory-service", "memory-service", 8082, "384m", "MEMORY", true),
                    new Service("retrieval-service", "retrieval-service", 8083, "384m", "RETRIEVAL", true),
                    new Service("speech-service", "speech-service", 8084, "256m", "SPEECH", false),
                    new Service("vision-service", "vision-service", 8085, "384m", "VISION", false),
                    // Every request crosses the gateway: with C2 its fast proxy costs about 40 % less CPU per
                    // request (docs/benchmarks/gateway.md, session 6), once the hot path is compiled.
                    new Service("gateway", "gateway", 8080, "256m", null, true)),
            DEFAULT_JVM_FLAGS);

    public LauncherConfig {
        services = List.copyOf(services);
        jvmFlags = List.copyOf(jvmFlags);
    }

    /** The service called {@code name}. */
    public Optional<Service> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Only the services named (all when {@code names} is empty), keeping the configured order. */
    public LauncherConfig only(List<String> names) {
        if (names.isEmpty()) {
            return this;
        }
        for (String n : names) {
            if (service(n).isEmpty()) {
                throw new IllegalArgumentException("Unknown service " + n + "; known: "
                        + services.stream().map(Service::name).toList());
            }
        }
        return new LauncherConfig(
                services.stream().filter(s -> names.contains(s.name())).toList(), jvmFlags);
    }

    /**
     * The newest {@code mnemos-<module>-*-exec.jar} in {@code <home>/<module>/target}.
     *
     * @return the jar, or empty if none was built
     */
    public static Optional<Path> findJar(Path home, Service service) {
        Path target = home.resolve(service.module()).resolve("target");
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        String prefix = "mnemos-" + service.module() + "-";
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> {
                        String f = p.getFileName().toString();
                        return f.startsWith(prefix) && f.endsWith("-exec.jar");
                    })
                    .max(Comparator.comparing(LauncherConfig::lastModified));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The command line that runs {@code service} from {@code jar}; {@code extraFlags} go after the defaults. */
    public List<String> command(Service service, Path javaBin, Path jar, List<String> extraFlags) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBin.toString());
        cmd.addAll(jvmFlags);
        if (!service.optimizingJit()) {
            cmd.add(C1_ONLY);
        }
        cmd.add("-Xmx" + service.heap());
        cmd.addAll(extraFlags);
        cmd.add("-jar");
        cmd.add(jar.toString());
        return cmd;
    }

    /** The environment variables the launcher sets for {@code service} (on top of its own environment). */
    public Map<String, String> environment(Service service, Wiring w) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SERVER_PORT", Integer.toString(service.port() + w.portOffset()));
        env.put("SPRING_DATASOURCE_URL", w.jdbc().url());
        env.put("SPRING_DATASOURCE_USERNAME", w.jdbc().user());
        env.put("SPRING_DATASOURCE_PASSWORD", w.jdbc().password());
        env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", w.kafkaBootstrap());
        env.put("MNEMOS_DATA_DIR", w.dataDir().resolve(service.name()).toString());
        env.put("MNEMOS_SECURITY_INTERNAL_SECRET", w.internalSecret());
        env.put("MNEMOS_ADMIN_KEY", w.adminKey());
        if (service.isGateway()) {
            if (w.redisUrl() != null && !w.redisUrl().isBlank()) {
                env.put("MNEMOS_REDIS_URL", w.redisUrl());
            }
            for (Service s : services) {
                if (!s.isGateway()) {
                    env.put("MNEMOS_GATEWAY_SERVICES_" + s.gatewayKey(), url(s, w.portOffset()));
                }
            }
        }
        return env;
    }

    /** {@code http://127.0.0.1:<port + offset>}. */
    public static String url(Service service, int portOffset) {
        return "http://127.0.0.1:" + (service.port() + portOffset);
    }

    /**
     * A port offset in 20000–50000 at which every service port of {@link #DEFAULT} is free, for tests that start the
     * whole stack next to a running one.
     */
    public static int findFreePortOffset() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int offset = 20000 + ThreadLocalRandom.current().nextInt(300) * 100;
            if (DEFAULT.services().stream().allMatch(s -> Ports.isFree(s.port() + offset))) {
                return offset;
            }
        }
        throw new IllegalStateException("No free port range found");
    }

    private static java.nio.file.attribute.FileTime lastModified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

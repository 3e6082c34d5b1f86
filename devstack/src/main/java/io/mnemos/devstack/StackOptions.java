package io.mnemos.devstack;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link Stack#start(StackOptions)} runs the platform. Build with {@link #builder()}; every setting has a default.
 *
 * @param home project root: service jars are found as {@code <home>/<module>/target/*-exec.jar} (default:
 *     {@link #defaultHome()})
 * @param dataDir data directory (default {@code <home>/.data})
 * @param portOffset added to every service port (default 0: gateway 8080 … vision 8085)
 * @param kafkaPort port of the broker the stack starts (default 9092; 0 = any free port)
 * @param embeddedPgPort port of an embedded PostgreSQL, if one has to be started (default 15432; 0 = any free port)
 * @param kafkaBootstrap an existing Kafka to use instead of starting a broker, or {@code null}
 * @param jdbc an existing database to use instead of resolving one, or {@code null}
 * @param adminKey the admin key, or {@code null} for {@code MNEMOS_ADMIN_KEY} or the one generated and kept in
 *     {@code <dataDir>/secrets/admin-key}
 * @param internalSecret the internal secret, or {@code null} for {@code MNEMOS_SECURITY_INTERNAL_SECRET} or the one kept
 *     in {@code <dataDir>/secrets/internal-secret}
 * @param services names of the services to run, empty = all of {@code config}
 * @param config the service list (default {@link LauncherConfig#DEFAULT})
 * @param healthTimeout how long every service may take to report UP (default 120 s)
 * @param extraJvmFlags extra flags for every service JVM (default: {@code MNEMOS_JAVA_OPTS} split on spaces)
 * @param env environment to read {@code MNEMOS_*} variables from; children also inherit this process's environment
 * @param out where progress goes (default {@code System.out})
 */
public record StackOptions(
        Path home,
        Path dataDir,
        int portOffset,
        int kafkaPort,
        int embeddedPgPort,
        String kafkaBootstrap,
        JdbcSettings jdbc,
        String adminKey,
        String internalSecret,
        List<String> services,
        LauncherConfig config,
        Duration healthTimeout,
        List<String> extraJvmFlags,
        Map<String, String> env,
        PrintStream out) {

    public StackOptions {
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(dataDir, "dataDir");
        services = List.copyOf(services);
        extraJvmFlags = List.copyOf(extraJvmFlags);
        env = Map.copyOf(env);
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(healthTimeout, "healthTimeout");
        Objects.requireNonNull(out, "out");
    }

    /** A builder with every default. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The default project root: system property {@code mnemos.home}; else the nearest directory, from the working
     * directory up, that holds both {@code pom.xml} and the {@code mnemos} script (so tests running in a module directory
     * find the repository root); else the working directory.
     */
    public static Path defaultHome() {
        String prop = System.getProperty("mnemos.home");
        Path cwd = Path.of("").toAbsolutePath().normalize();
        if (prop != null && !prop.isBlank()) {
            return cwd.resolve(prop).normalize();
        }
        for (Path p = cwd; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isRegularFile(p.resolve("mnemos"))) {
                return p;
            }
        }
        return cwd;
    }

    /** Builder for {@link StackOptions}. */
    public static final class Builder {
        private Path home;
        private Path dataDir;
        private int portOffset;
        private int kafkaPort = KafkaBroker.DEFAULT_PORT;
        private int embeddedPgPort = Postgres.DEFAULT_EMBEDDED_PORT;
        private String kafkaBootstrap;
        private JdbcSettings jdbc;
        private String adminKey;
        private String internalSecret;
        private List<String> services = List.of();
        private LauncherConfig config = LauncherConfig.DEFAULT;
        private Duration healthTimeout = Duration.ofSeconds(120);
        private List<String> extraJvmFlags;
        private Map<String, String> env = System.getenv();
        private PrintStream out = System.out;

        private Builder() {}

        public Builder home(Path home) {
            this.home = home;
            return this;
        }

        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder portOffset(int portOffset) {
            this.portOffset = portOffset;
            return this;
        }

        public Builder kafkaPort(int kafkaPort) {
            this.kafkaPort = kafkaPort;
            return this;
        }

        public Builder embeddedPgPort(int embeddedPgPort) {
            this.embeddedPgPort = embeddedPgPort;
            return this;
        }

        /** Use this Kafka instead of starting a broker. */
        public Builder kafkaBootstrap(String kafkaBootstrap) {
            this.kafkaBootstrap = kafkaBootstrap;
            return this;
        }

        /** Use this database instead of resolving one. */
        public Builder jdbc(JdbcSettings jdbc) {
            this.jdbc = jdbc;
            return this;
        }

        public Builder adminKey(String adminKey) {
            this.adminKey = adminKey;
            return this;
        }

        public Builder internalSecret(String internalSecret) {
            this.internalSecret = internalSecret;
            return this;
        }

        /** Run only these services (by name). */
        public Builder services(List<String> services) {
            this.services = services;
            return this;
        }

        public Builder config(LauncherConfig config) {
            this.config = config;
            return this;
        }

        public Builder healthTimeout(Duration healthTimeout) {
            this.healthTimeout = healthTimeout;
            return this;
        }

        public Builder extraJvmFlags(List<String> extraJvmFlags) {
            this.extraJvmFlags = extraJvmFlags;
            return this;
        }

        public Builder env(Map<String, String> env) {
            this.env = env;
            return this;
        }

        public Builder out(PrintStream out) {
            this.out = out;
            return this;
        }

        public StackOptions build() {
            Path h = home != null ? home.toAbsolutePath().normalize() : defaultHome();
            Path d = dataDir != null ? dataDir.toAbsolutePath().normalize() : h.resolve(".data");
            List<String> flags = extraJvmFlags;
            if (flags == null) {
                String opts = env.getOrDefault("MNEMOS_JAVA_OPTS", "").trim();
                flags = opts.isEmpty() ? List.of() : List.of(opts.split("\\s+"));
            }
            return new StackOptions(
                    h,
                    d,
                    portOffset,
                    kafkaPort,
                    embeddedPgPort,
                    kafkaBootstrap,
                    jdbc,
                    adminKey,
                    internalSecret,
                    services,
                    config,
                    healthTimeout,
                    flags,
                    env,
                    out);
        }
    }
}

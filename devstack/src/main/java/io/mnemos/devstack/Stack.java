package io.mnemos.devstack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The whole platform running locally: PostgreSQL and Kafka (started or given, see {@link Infra}) and every service as
 * a child JVM. Start it with {@link #start(StackOptions)}; {@link #close()} stops the services (SIGTERM, killed after
 * 10 s), then the broker and an embedded PostgreSQL.
 *
 * <pre>{@code
 * try (Stack stack = Stack.start(StackOptions.builder()
 *         .dataDir(tmp)
 *         .portOffset(LauncherConfig.findFreePortOffset())
 *         .kafkaBootstrap(TestInfra.kafkaBootstrap())
 *         .jdbc(TestInfra.jdbc())
 *         .adminKey("test-admin-key")
 *         .build())) {
 *     HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/...")) ...);
 * }
 * }</pre>
 */
public final class Stack implements AutoCloseable {

    /** How long a service gets to stop after SIGTERM before it is killed. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final StackOptions options;
    private final LauncherConfig config;
    private final List<ServiceProcess> children = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private final long startedAt = System.nanoTime();
    private Infra infra;
    private Secrets.Secret adminKey;
    private Secrets.Secret internalSecret;
    private Duration startupTime;
    private boolean closed;

    private Stack(StackOptions options) {
        this.options = options;
        this.config = options.config().only(options.services());
    }

    /**
     * Starts everything and waits until every service reports UP.
     *
     * @throws StackStartException if a jar is missing, a port is taken, a service dies or is not healthy in time (the
     *     message includes the tail of its log); everything already started is stopped again
     */
    public static Stack start(StackOptions options) {
        Stack stack = create(options);
        try {
            stack.boot();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /**
     * A stack that is not started yet, so a caller can register {@link #close()} (e.g. in a shutdown hook) before
     * {@link #boot()}.
     */
    public static Stack create(StackOptions options) {
        return new Stack(options);
    }

    /** Starts what {@link #start(StackOptions)} starts; on failure the caller must {@link #close()}. */
    public void boot() {
        PrintStream out = options.out();
        Path data = options.dataDir();
        Map<LauncherConfig.Service, Path> jars = resolveJars();
        checkPorts();
        try {
            Files.createDirectories(data.resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println("Starting infrastructure…");
        Infra started = Infra.start(
                new Infra.Options(
                        data,
                        options.kafkaPort(),
                        options.kafkaBootstrap(),
                        options.jdbc(),
                        "mnemos",
                        options.embeddedPgPort(),
                        options.env()),
                out);
        synchronized (lock) {
            infra = started;
            if (closed) {
                started.close();
                throw new StackStartException("Stopped while starting");
            }
        }
        adminKey = Secrets.loadOrCreate(
                data.resolve("secrets/admin-key"),
                options.adminKey() != null ? options.adminKey() : options.env().get("MNEMOS_ADMIN_KEY"));
        internalSecret = Secrets.loadOrCreate(
                data.resolve("secrets/internal-secret"),
                options.internalSecret() != null
                        ? options.internalSecret()
                        : options.env().get("MNEMOS_SECURITY_INTERNAL_SECRET"));

        LauncherConfig.Wiring wiring = new LauncherConfig.Wiring(
                infra.kafkaBootstrap(),
                infra.jdbc(),
                data,
                internalSecret.value(),
                adminKey.value(),
                options.portOffset(),
                options.env().get("MNEMOS_REDIS_URL"));
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        out.println("Starting services…");
        for (LauncherConfig.Service s : config.services()) {
            try {
                Files.createDirectories(data.resolve(s.name()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ServiceProcess p = ServiceProcess.spawn(
                    s,
                    config.command(s, javaBin, jars.get(s), options.extraJvmFlags()),
                    config.environment(s, wiring),
                    options.home(),
                    data.resolve("logs").resolve(s.name() + ".log"),
                    LauncherConfig.url(s, options.portOffset()));
            boolean stopped;
            synchronized (lock) {
                children.add(p);
                stopped = closed;
            }
            if (stopped) { // close() ran meanwhile and may have missed this child
                p.terminate();
                p.awaitOrKill(STOP_GRACE);
                throw new StackStartException("Stopped while starting");
            }
        }
        awaitHealthy(out);
        startupTime = Duration.ofNanos(System.nanoTime() - startedAt);
        for (ServiceProcess p : children) {
            p.process().onExit().thenAccept(proc -> {
                if (!p.isStopping()) {
                    out.printf(
                            "%n!! %s exited with code %d. Last lines of %s:%n%s%n",
                            p.name(), proc.exitValue(), p.log(), p.tail(20));
                }
            });
        }
    }

    /** Base URL of the gateway, e.g. {@code http://127.0.0.1:8080}. */
    public String gatewayUrl() {
        return config.services().stream()
                .filter(LauncherConfig.Service::isGateway)
                .findFirst()
                .map(s -> LauncherConfig.url(s, options.portOffset()))
                .orElseThrow(() -> new IllegalStateException("The gateway is not part of this stack"));
    }

    /** Base URL of each running service, by name. */
    public Map<String, String> serviceUrls() {
        Map<String, String> m = new LinkedHashMap<>();
        config.services().forEach(s -> m.put(s.name(), LauncherConfig.url(s, options.portOffset())));
        return m;
    }

    /** Base URL of the service called {@code name}. */
    public Optional<String> serviceUrl(String name) {
        return Optional.ofNullable(serviceUrls().get(name));
    }

    /** Kafka {@code bootstrap.servers}. */
    public String kafkaBootstrap() {
        return infra.kafkaBootstrap();
    }

    /** The database the services use. */
    public JdbcSettings jdbc() {
        return infra.jdbc();
    }

    /** How the database was found: {@code CONFIGURED}, {@code LOCAL}, {@code EMBEDDED} or {@code GIVEN}. */
    public String dbMode() {
        return infra.dbMode();
    }

    /** The admin key the services got. */
    public String adminKey() {
        return adminKey.value();
    }

    /** Whether the admin key was generated by this start (the first start on this data directory). */
    public boolean adminKeyGenerated() {
        return adminKey.generated();
    }

    /** The data directory. */
    public Path dataDir() {
        return options.dataDir();
    }

    /** Where the service logs are. */
    public Path logDir() {
        return options.dataDir().resolve("logs");
    }

    /** Time from creation until every service was healthy. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Stops the services (SIGTERM, then kill after {@link #STOP_GRACE}), the broker and an embedded PostgreSQL. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        children.forEach(ServiceProcess::terminate);
        children.forEach(p -> p.awaitOrKill(STOP_GRACE));
        Infra i;
        synchronized (lock) {
            i = infra;
        }
        if (i != null) {
            i.close();
        }
    }

    private Map<LauncherConfig.Service, Path> resolveJars() {
        Map<LauncherConfig.Service, Path> jars = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (LauncherConfig.Service s : config.services()) {
            Optional<Path> jar = LauncherConfig.findJar(options.home(), s);
            if (jar.isPresent()) {
                jars.put(s, jar.get());
            } else {
                missing.add(s.module() + "/target/mnemos-" + s.module() + "-*-exec.jar");
            }
        }
        if (!missing.isEmpty()) {
            throw new StackStartException("Service jars not built (under " + options.home() + "): " + missing
                    + ". Build them with ./mvnw -B -DskipTests package (./mnemos up does this for you).");
        }
        return jars;
    }

    private void checkPorts() {
        List<String> busy = config.services().stream()
                .filter(s -> !Ports.isFree(s.port() + options.portOffset()))
                .map(s -> s.name() + " (" + (s.port() + options.portOffset()) + ")")
                .toList();
        if (!busy.isEmpty()) {
            throw new StackStartException(
                    "Ports already in use: " + busy + ". Is the platform already running? Stop it with ./mnemos down.");
        }
    }

    private void awaitHealthy(PrintStream out) {
        long deadline = System.nanoTime() + options.healthTimeout().toNanos();
        List<ServiceProcess> waiting = new ArrayList<>(children);
        long nextReport = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!waiting.isEmpty()) {
            synchronized (lock) {
                if (closed) {
                    throw new StackStartException("Stopped while starting");
                }
            }
            for (var it = waiting.iterator(); it.hasNext(); ) {
                ServiceProcess p = it.next();
                if (!p.process().isAlive()) {
                    throw new StackStartException(String.format(
                            "%s exited with code %d before it was healthy. Last lines of %s:%n%s",
                            p.name(), p.process().exitValue(), p.log(), p.tail(40)));
                }
                if (p.healthy()) {
                    it.remove();
                    out.printf("  ✓ %-18s %s  healthy after %s%n", p.name(), p.url(), Infra.seconds(p.uptime()));
                }
            }
            if (waiting.isEmpty()) {
                break;
            }
            long now = System.nanoTime();
            if (now > deadline) {
                ServiceProcess p = waiting.getFirst();
                throw new StackStartException(String.format(
                        "%s not healthy after %d s (waiting for %s; last health check: %s). Last lines of %s:%n%s",
                        waiting.stream().map(ServiceProcess::name).toList(),
                        options.healthTimeout().toSeconds(),
                        p.url() + "/actuator/health",
                        p.lastHealth(),
                        p.log(),
                        p.tail(40)));
            }
            if (now > nextReport) {
                nextReport = now + Duration.ofSeconds(10).toNanos();
                out.printf(
                        "  … waiting for %s (%d s)%n",
                        String.join(
                                ", ", waiting.stream().map(ServiceProcess::name).toList()),
                        Duration.ofNanos(now - startedAt).toSeconds());
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackStartException("Interrupted while waiting for the services");
            }
        }
    }

    /** Thrown when the stack cannot start; the message says why, with the tail of the failing service's log. */
    public static final class StackStartException extends RuntimeException {
        public StackStartException(String message) {
            super(message);
        }
    }
}

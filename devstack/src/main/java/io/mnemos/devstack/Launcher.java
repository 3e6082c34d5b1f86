package io.mnemos.devstack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Command-line entry point of the development stack ({@code ./mnemos} runs it):
 *
 * <ul>
 *   <li>{@code up}: PostgreSQL, Kafka and every service (see {@link Stack}); prints a banner when all are healthy and
 *       runs until Ctrl-C, SIGTERM or {@code down}; writes {@code <data>/mnemos.pid}.
 *   <li>{@code infra}: only PostgreSQL and Kafka (see {@link Infra}), writes a {@link ReadyFile}, runs until killed.
 *   <li>{@code down}: SIGTERM to the process in {@code <data>/mnemos.pid}, waits until it has exited.
 *   <li>{@code status}: health of every service.
 * </ul>
 *
 * Reusable from code: {@link #start(StackOptions)}.
 */
public final class Launcher {

    private static final String LOGBACK_CONFIG = "io/mnemos/devstack/logback-devstack.xml";
    private static final int KEEP_RUNNING = -1;

    private Launcher() {}

    /** Runs a command; exits the JVM with its status (except for {@code up} and {@code infra}, which keep running). */
    public static void main(String[] args) {
        // Before anything touches SLF4J: Kafka and zonky are chatty at INFO.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOGBACK_CONFIG);
        }
        int code = run(args, System.getenv(), System.out, System.err);
        if (code != KEEP_RUNNING) {
            System.exit(code);
        }
        waitForever();
    }

    /** Starts the platform; same as {@link Stack#start(StackOptions)}. */
    public static Stack start(StackOptions options) {
        return Stack.start(options);
    }

    static int run(String[] argv, Map<String, String> env, PrintStream out, PrintStream err) {
        Path home = StackOptions.defaultHome();
        LauncherArgs args;
        try {
            args = LauncherArgs.parse(argv, env, home);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(LauncherArgs.USAGE);
            return 2;
        }
        try {
            return switch (args.command()) {
                case "up" -> up(args, home, env, out, err);
                case "infra" -> infra(args, env, out, err);
                case "down" -> down(args, out);
                case "status" -> status(args, out);
                default -> {
                    out.println(LauncherArgs.USAGE);
                    yield 0;
                }
            };
        } catch (RuntimeException e) {
            err.println("Error: " + e.getMessage());
            return 1;
        }
    }

    private static int up(LauncherArgs args, Path home, Map<String, String> env, PrintStream out, PrintStream err) {
        long t0 = System.nanoTime();
        Path pidFile = args.dataDir().resolve("mnemos.pid");
        Optional<ProcessHandle> running = runningLauncher(pidFile);
        if (running.isPresent()) {
            err.println("Mnemos is already running (pid " + running.get().pid() + ", " + pidFile
                    + "). Stop it with ./mnemos down.");
            return 1;
        }
        writeString(pidFile, ProcessHandle.current().pid() + "\n");
        StackOptions options = StackOptions.builder()
                .home(home)
                .dataDir(args.dataDir())
                .kafkaPort(args.kafkaPort())
                .embeddedPgPort(args.pgPort())
                .portOffset(args.portOffset())
                .services(args.services())
                .healthTimeout(Duration.ofSeconds(args.healthTimeoutSeconds()))
                .env(env)
                .out(out)
                .build();
        out.println("Mnemos: data in " + options.dataDir());
        Stack stack = Stack.create(options);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            out.println("Stopping Mnemos…");
                            stack.close();
                            deleteIfOwned(pidFile);
                            out.println("Stopped.");
                        },
                        "mnemos-shutdown"));
        try {
            stack.boot();
        } catch (RuntimeException e) {
            err.println();
            err.println("Mnemos did not start: " + e.getMessage());
            return 1;
        }
        out.print(banner(stack, Duration.ofNanos(System.nanoTime() - t0)));
        return KEEP_RUNNING;
    }

    /** The ready banner; visible for tests. */
    static String banner(Stack stack, Duration elapsed) {
        StringBuilder b = new StringBuilder();
        String line = "=".repeat(72) + "\n";
        b.append('\n').append(line);
        b.append(String.format(" Mnemos is up (%s)%n", Infra.seconds(elapsed)));
        try {
            String gw = stack.gatewayUrl();
            b.append(String.format("   Gateway      %s%n", gw));
            b.append(String.format("   Swagger UI   %s/swagger-ui.html%n", gw));
        } catch (IllegalStateException e) {
            stack.serviceUrls().forEach((name, url) -> b.append(String.format("   %-12s %s%n", name, url)));
        }
        b.append(String.format("   Kafka        %s%n", stack.kafkaBootstrap()));
        b.append(String.format(
                "   Database     %s %s (user %s)%n",
                stack.dbMode(), stack.jdbc().url(), stack.jdbc().user()));
        b.append(String.format("   Data         %s%n", stack.dataDir()));
        b.append(String.format("   Logs         %s%n", stack.logDir()));
        if (stack.adminKeyGenerated()) {
            b.append(String.format(
                    "   Admin key    %s%n                (shown only this once; kept in %s)%n",
                    stack.adminKey(), stack.dataDir().resolve("secrets/admin-key")));
        }
        b.append(" Stop with Ctrl-C or ./mnemos down\n");
        b.append(line);
        return b.toString();
    }

    private static int infra(LauncherArgs args, Map<String, String> env, PrintStream out, PrintStream err) {
        long t0 = System.nanoTime();
        out.println("Starting infrastructure (data in " + args.dataDir() + ")…");
        Infra infra;
        try {
            infra = Infra.start(
                    new Infra.Options(
                            args.dataDir(), args.kafkaPort(), null, null, args.database(), args.pgPort(), env),
                    out);
        } catch (RuntimeException e) {
            err.println("Infrastructure did not start: " + e.getMessage());
            return 1;
        }
        Path readyFile = args.readyFile();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            infra.close();
                            if (readyFile != null) {
                                try {
                                    Files.deleteIfExists(readyFile);
                                } catch (IOException ignored) {
                                    // best effort
                                }
                            }
                        },
                        "mnemos-infra-shutdown"));
        if (args.exitWithParent()) {
            ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
        }
        ReadyFile ready = new ReadyFile(
                infra.kafkaBootstrap(),
                infra.jdbc(),
                infra.dbMode(),
                ProcessHandle.current().pid());
        if (readyFile != null) {
            ready.write(readyFile);
        }
        out.printf(
                "Infrastructure ready in %s: KAFKA_BOOTSTRAP=%s DB_URL=%s%n",
                Infra.seconds(Duration.ofNanos(System.nanoTime() - t0)),
                ready.kafkaBootstrap(),
                ready.jdbc().url());
        return KEEP_RUNNING;
    }

    private static int down(LauncherArgs args, PrintStream out) {
        Path pidFile = args.dataDir().resolve("mnemos.pid");
        Optional<ProcessHandle> running = runningLauncher(pidFile);
        if (running.isEmpty()) {
            out.println("Mnemos is not running (no live process in " + pidFile + ").");
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException ignored) {
                // stale file we could not remove: harmless
            }
            return 0;
        }
        ProcessHandle p = running.get();
        out.println("Stopping Mnemos (pid " + p.pid() + ")…");
        p.destroy();
        try {
            p.onExit().get(60, TimeUnit.SECONDS);
            out.println("Stopped.");
            return 0;
        } catch (Exception e) {
            out.println("Still running after 60 s; kill it with: kill -9 " + p.pid());
            return 1;
        }
    }

    private static int status(LauncherArgs args, PrintStream out) {
        Path pidFile = args.dataDir().resolve("mnemos.pid");
        Optional<ProcessHandle> running = runningLauncher(pidFile);
        out.println(running.map(p -> "Launcher: running (pid " + p.pid() + ")")
                .orElse("Launcher: not running (" + pidFile + ")"));
        boolean allUp = true;
        for (LauncherConfig.Service s : LauncherConfig.DEFAULT.services()) {
            String url = LauncherConfig.url(s, args.portOffset());
            ServiceProcess.Health h = ServiceProcess.probe(url);
            allUp &= h.up();
            out.printf("  %-18s %-24s %-5s %s%n", s.name(), url, h.up() ? "UP" : "DOWN", h.up() ? "" : h.detail());
        }
        return allUp ? 0 : 3;
    }

    /** The live launcher named in {@code pidFile}, if any (a stale file, or a pid reused by another program, is not). */
    static Optional<ProcessHandle> runningLauncher(Path pidFile) {
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> p.pid() != ProcessHandle.current().pid())
                    .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(true));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void deleteIfOwned(Path pidFile) {
        try {
            if (Files.exists(pidFile)
                    && Files.readString(pidFile)
                            .trim()
                            .equals(Long.toString(ProcessHandle.current().pid()))) {
                Files.delete(pidFile);
            }
        } catch (IOException ignored) {
            // best effort at shutdown
        }
    }

    private static void writeString(Path file, String content) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void waitForever() {
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

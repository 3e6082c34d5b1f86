package io.mnemos.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds or starts the PostgreSQL the platform uses, in this order:
 *
 * <ol>
 *   <li>{@link Mode#CONFIGURED}: {@code MNEMOS_DB_URL} (with {@code MNEMOS_DB_USER}, {@code MNEMOS_DB_PASSWORD}) when
 *       set;
 *   <li>{@link Mode#LOCAL}: the machine's server on {@code 127.0.0.1:5432} when it accepts a JDBC connection as
 *       {@code postgres} (password from {@code MNEMOS_DB_PASSWORD}, or none);
 *   <li>{@link Mode#EMBEDDED}: a real PostgreSQL 17 from Maven (zonky) with its data in {@code <dataDir>/postgres},
 *       kept across restarts, on port 15432 by default.
 * </ol>
 *
 * In every mode the database ({@code mnemos} by default; in {@code CONFIGURED} mode the one named in the URL) is created
 * if missing. {@link #close()} stops the embedded server, and does nothing in the other modes.
 */
public final class Postgres implements AutoCloseable {

    /** How the database was found. */
    public enum Mode {
        /** Given by {@code MNEMOS_DB_URL}. */
        CONFIGURED,
        /** The machine's own server on 127.0.0.1:5432. */
        LOCAL,
        /** An embedded PostgreSQL started by this process. */
        EMBEDDED
    }

    /** Environment variable naming the database's JDBC URL; when set it wins. */
    public static final String ENV_URL = "MNEMOS_DB_URL";
    /** Environment variable with the user for {@link #ENV_URL} (default {@code postgres}). */
    public static final String ENV_USER = "MNEMOS_DB_USER";
    /** Environment variable with the password, for {@link #ENV_URL} and for the local server. */
    public static final String ENV_PASSWORD = "MNEMOS_DB_PASSWORD";
    /** Default port of the embedded server. */
    public static final int DEFAULT_EMBEDDED_PORT = 15432;

    private static final Logger log = LoggerFactory.getLogger(Postgres.class);

    private final Mode mode;
    private final JdbcSettings jdbc;
    private final EmbeddedPostgres embedded;
    private final Duration startup;

    private Postgres(Mode mode, JdbcSettings jdbc, EmbeddedPostgres embedded, Duration startup) {
        this.mode = mode;
        this.jdbc = jdbc;
        this.embedded = embedded;
        this.startup = startup;
    }

    /**
     * How to resolve the database.
     *
     * @param dataDir base data directory; the embedded server keeps its files in {@code dataDir/postgres}
     * @param database database to use and create if missing (ignored when {@code MNEMOS_DB_URL} names one)
     * @param embeddedPort port for the embedded server, 0 = any free port
     * @param localHost host of the machine's server to probe
     * @param localPort port of the machine's server to probe; 0 or less skips the probe
     * @param env environment to read {@code MNEMOS_DB_*} from (normally {@link System#getenv()})
     */
    public record Options(
            Path dataDir, String database, int embeddedPort, String localHost, int localPort, Map<String, String> env) {

        public Options {
            Objects.requireNonNull(dataDir, "dataDir");
            Databases.requireIdentifier(database);
            env = Map.copyOf(env);
        }

        /** Defaults: database {@code mnemos}, embedded port 15432, probe 127.0.0.1:5432, the process environment. */
        public static Options defaults(Path dataDir) {
            return new Options(dataDir, "mnemos", DEFAULT_EMBEDDED_PORT, "127.0.0.1", 5432, System.getenv());
        }

        public Options withDatabase(String database) {
            return new Options(dataDir, database, embeddedPort, localHost, localPort, env);
        }

        public Options withEmbeddedPort(int embeddedPort) {
            return new Options(dataDir, database, embeddedPort, localHost, localPort, env);
        }

        public Options withLocal(String localHost, int localPort) {
            return new Options(dataDir, database, embeddedPort, localHost, localPort, env);
        }

        public Options withEnv(Map<String, String> env) {
            return new Options(dataDir, database, embeddedPort, localHost, localPort, env);
        }

        /** The URL from {@code MNEMOS_DB_URL}, if set and not blank. */
        Optional<JdbcSettings> configured() {
            String url = env.get(ENV_URL);
            if (url == null || url.isBlank()) {
                return Optional.empty();
            }
            return Optional.of(new JdbcSettings(url.trim(), env.get(ENV_USER), env.get(ENV_PASSWORD)));
        }

        /** Settings to try on the machine's server. */
        JdbcSettings local() {
            return new JdbcSettings(
                    JdbcSettings.urlFor(localHost, localPort, database), "postgres", env.get(ENV_PASSWORD));
        }
    }

    /** Resolves with {@link Options#defaults(Path)}. */
    public static Postgres resolve(Path dataDir) {
        return resolve(Options.defaults(dataDir));
    }

    /**
     * Finds or starts the database as described on the class, and creates the database if missing.
     *
     * @throws IllegalStateException if the configured database cannot be used or the embedded one cannot start
     */
    public static Postgres resolve(Options options) {
        long t0 = System.nanoTime();
        Optional<JdbcSettings> configured = options.configured();
        if (configured.isPresent()) {
            JdbcSettings jdbc = configured.get();
            ensure(jdbc, "the database given by " + ENV_URL);
            return new Postgres(Mode.CONFIGURED, jdbc, null, since(t0));
        }
        if (options.localPort() > 0 && acceptsConnection(options.local().withDatabase("postgres"))) {
            JdbcSettings jdbc = options.local();
            ensure(jdbc, "the local PostgreSQL");
            return new Postgres(Mode.LOCAL, jdbc, null, since(t0));
        }
        EmbeddedPostgres pg = startEmbedded(options);
        JdbcSettings jdbc =
                new JdbcSettings(JdbcSettings.urlFor("127.0.0.1", pg.getPort(), options.database()), "postgres", "");
        try {
            ensure(jdbc, "the embedded PostgreSQL");
        } catch (RuntimeException e) {
            closeQuietly(pg);
            throw e;
        }
        return new Postgres(Mode.EMBEDDED, jdbc, pg, since(t0));
    }

    /**
     * Whether a PostgreSQL server accepts a JDBC login with these settings (a quick TCP check first, then a real
     * login).
     */
    public static boolean acceptsConnection(JdbcSettings settings) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(settings.host(), settings.port()), 500);
        } catch (IOException e) {
            return false;
        }
        try (Connection c = settings.connect()) {
            return c.isValid(2);
        } catch (SQLException e) {
            log.debug("{} refused: {}", settings, e.getMessage());
            return false;
        }
    }

    /** How the database was found. */
    public Mode mode() {
        return mode;
    }

    /** URL, user and password of the database. */
    public JdbcSettings jdbc() {
        return jdbc;
    }

    /** JDBC URL of the database. */
    public String jdbcUrl() {
        return jdbc.url();
    }

    /** User name. */
    public String user() {
        return jdbc.user();
    }

    /** Password, {@code ""} when none is needed. */
    public String password() {
        return jdbc.password();
    }

    /** Time it took to resolve (and, when embedded, start) the database. */
    public Duration startupTime() {
        return startup;
    }

    /** Stops the embedded server, if this process started one; otherwise does nothing. Idempotent. */
    @Override
    public void close() {
        if (embedded != null) {
            closeQuietly(embedded);
        }
    }

    @Override
    public String toString() {
        return mode + " " + jdbc.url();
    }

    private static void ensure(JdbcSettings jdbc, String what) {
        try {
            if (Databases.ensureDatabase(jdbc)) {
                log.info("Created database {}", jdbc.database());
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Cannot use " + what + " at " + jdbc.url() + " as " + jdbc.user() + ": " + e.getMessage(), e);
        }
    }

    private static EmbeddedPostgres startEmbedded(Options options) {
        Path dir = options.dataDir().resolve("postgres").toAbsolutePath();
        try {
            Files.createDirectories(dir);
            stopOrphanedServer(dir);
            int port = options.embeddedPort() == 0 ? Ports.freePort() : options.embeddedPort();
            if (!Ports.isFree(port)) {
                throw new IllegalStateException("Port " + port + " for the embedded PostgreSQL is in use.");
            }
            return EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("shared_buffers", "32MB")
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Cannot start the embedded PostgreSQL in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * A PostgreSQL left running from this data directory by a process that was killed hard would block the start. If
     * no live process holds zonky's lock file but a postmaster is still running, stop it (fast shutdown).
     */
    private static void stopOrphanedServer(Path dir) throws IOException {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Path lockFile = dir.resolve("epg-lock");
        if (Files.exists(lockFile)) {
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE);
                    FileLock lock = ch.tryLock()) {
                if (lock == null) {
                    throw new IllegalStateException("The embedded PostgreSQL in " + dir
                            + " is in use by another running process (is `mnemos up` or `mnemos infra` running?)");
                }
            } catch (java.nio.channels.OverlappingFileLockException e) {
                throw new IllegalStateException("The embedded PostgreSQL in " + dir + " is already open in this JVM");
            }
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.getFirst().trim());
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> orphan = ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().orElse("").contains("postgres"));
        if (orphan.isEmpty()) {
            return;
        }
        log.warn("Stopping an orphaned embedded PostgreSQL (pid {}) left running in {}", pid, dir);
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(pid))
                    .inheritIO()
                    .start()
                    .waitFor();
            orphan.get().onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            orphan.get().destroyForcibly();
        }
    }

    private static void closeQuietly(EmbeddedPostgres pg) {
        try {
            pg.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }
}

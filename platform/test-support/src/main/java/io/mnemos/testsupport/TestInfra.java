package io.mnemos.testsupport;

import io.mnemos.devstack.Databases;
import io.mnemos.devstack.JdbcSettings;
import io.mnemos.devstack.KafkaBroker;
import io.mnemos.devstack.Postgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The real Kafka and PostgreSQL that integration tests ({@code *IT}) use, shared by every test in a JVM.
 *
 * <p>Under {@code ./mnemos test} both come from the {@code infra} process the script starts, through the environment
 * variables {@code MNEMOS_KAFKA_BOOTSTRAP}, {@code MNEMOS_TEST_DB_URL}, {@code MNEMOS_TEST_DB_USER} and
 * {@code MNEMOS_TEST_DB_PASSWORD}. Run from an IDE or a plain {@code ./mvnw verify} without them, this class starts what
 * is missing itself, once per JVM and only when first asked: an in-process {@link KafkaBroker} on a free port in a
 * temporary directory, and the {@link Postgres} resolver's database (the machine's server on 127.0.0.1:5432, else an
 * embedded PostgreSQL in a temporary directory). Both are stopped when the JVM exits.
 *
 * <p>Tests should isolate their data: {@link #freshSchema(String)} for a schema of their own, or
 * {@link #createDatabase(String)} when Flyway needs a whole database. Topic names can be made unique the same way (e.g.
 * with a random suffix); the platform topics ({@code Topics.all()}) exist on the broker.
 *
 * <pre>{@code
 * Map<String, Object> props = Map.of("bootstrap.servers", TestInfra.kafkaBootstrap());
 * JdbcSettings db = TestInfra.jdbc().withCurrentSchema(TestInfra.freshSchema("memory"));
 * }</pre>
 */
public final class TestInfra {

    /** Environment variable with the Kafka bootstrap servers to use. */
    public static final String ENV_KAFKA = "MNEMOS_KAFKA_BOOTSTRAP";
    /** System property with the Kafka bootstrap servers to use (when the environment variable is not set). */
    public static final String PROP_KAFKA = "mnemos.kafka.bootstrap";
    /** Environment variable with the test database's JDBC URL. */
    public static final String ENV_DB_URL = "MNEMOS_TEST_DB_URL";
    /** Environment variable with the test database's user. */
    public static final String ENV_DB_USER = "MNEMOS_TEST_DB_USER";
    /** Environment variable with the test database's password. */
    public static final String ENV_DB_PASSWORD = "MNEMOS_TEST_DB_PASSWORD";
    /** The database tests use unless {@link #ENV_DB_URL} names another. */
    public static final String TEST_DATABASE = "mnemos_test";

    /** System property that, when {@code true}, keeps the schemas and databases tests created (for debugging). */
    public static final String PROP_KEEP = "mnemos.test.keep";

    private static String kafkaBootstrap;
    private static JdbcSettings jdbc;
    private static final List<String> createdSchemas = new ArrayList<>();
    private static final List<String> createdDatabases = new ArrayList<>();
    private static boolean cleanupRegistered;

    private TestInfra() {}

    /**
     * Kafka {@code bootstrap.servers} for tests: {@code MNEMOS_KAFKA_BOOTSTRAP}, else the system property
     * {@code mnemos.kafka.bootstrap}, else an in-process broker started now (first call only; about 2–7 s) and stopped
     * at JVM exit. The platform topics and their dead-letter topics exist; the broker does not auto-create others.
     */
    public static synchronized String kafkaBootstrap() {
        if (kafkaBootstrap == null) {
            String given = firstNonBlank(System.getenv(ENV_KAFKA), System.getProperty(PROP_KAFKA));
            kafkaBootstrap = given != null ? given : startBroker();
        }
        return kafkaBootstrap;
    }

    /**
     * The test database ({@code mnemos_test}, created if missing): {@code MNEMOS_TEST_DB_URL} (+ {@code _USER},
     * {@code _PASSWORD}) if set, else what the {@link Postgres} resolver finds or starts (the machine's server, or an
     * embedded one in a temporary directory, stopped at JVM exit). Tests share it: use {@link #freshSchema(String)} or
     * {@link #createDatabase(String)} to keep apart.
     */
    public static synchronized JdbcSettings jdbc() {
        if (jdbc == null) {
            String url = System.getenv(ENV_DB_URL);
            if (url != null && !url.isBlank()) {
                JdbcSettings given =
                        new JdbcSettings(url.trim(), System.getenv(ENV_DB_USER), System.getenv(ENV_DB_PASSWORD));
                try {
                    Databases.ensureDatabase(given);
                } catch (SQLException e) {
                    throw new IllegalStateException("Cannot use " + ENV_DB_URL + "=" + given.url(), e);
                }
                jdbc = given;
            } else {
                jdbc = startPostgres();
            }
        }
        return jdbc;
    }

    /**
     * Creates a new, empty schema in the {@link #jdbc()} database and returns its name: {@code prefix} (lower-cased;
     * characters other than letters, digits and {@code _} replaced by {@code _}) followed by {@code _} and a random
     * suffix. Point a connection at it with {@code TestInfra.jdbc().withCurrentSchema(name)}. It is dropped when the JVM
     * exits (unless {@code -Dmnemos.test.keep=true}).
     */
    public static String freshSchema(String prefix) {
        String name = uniqueName(prefix);
        try (Connection c = jdbc().connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA \"" + name + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create schema " + name, e);
        }
        registerForCleanup(createdSchemas, name);
        return name;
    }

    /**
     * Creates a new, empty database on the {@link #jdbc()} server (named like {@link #freshSchema(String)}) and returns
     * its settings: for tests that need a whole database, e.g. to let Flyway migrate from scratch. It is dropped when
     * the JVM exits (unless {@code -Dmnemos.test.keep=true}), even if connections to it are still open.
     */
    public static JdbcSettings createDatabase(String prefix) {
        JdbcSettings db = jdbc().withDatabase(uniqueName(prefix));
        try {
            Databases.ensureDatabase(db);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + db.database(), e);
        }
        registerForCleanup(createdDatabases, db.database());
        return db;
    }

    /** {@code prefix} made a safe lower-case identifier, plus {@code _} and 8 random hex digits. */
    static String uniqueName(String prefix) {
        String base = prefix == null ? "" : prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (base.isEmpty() || !Character.isLetter(base.charAt(0))) {
            base = "t_" + base;
        }
        if (base.length() > 50) {
            base = base.substring(0, 50);
        }
        String name = base + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        return Databases.requireIdentifier(name);
    }

    private static synchronized void registerForCleanup(List<String> list, String name) {
        list.add(name);
        if (!cleanupRegistered && !Boolean.getBoolean(PROP_KEEP)) {
            cleanupRegistered = true;
            Runtime.getRuntime().addShutdownHook(new Thread(TestInfra::dropCreated, "mnemos-test-db-cleanup"));
        }
    }

    /** Drops what {@link #freshSchema} and {@link #createDatabase} created; best effort, at JVM exit. */
    private static synchronized void dropCreated() {
        try (Connection c = jdbc.connect();
                Statement s = c.createStatement()) {
            for (String schema : createdSchemas) {
                s.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
            }
            for (String db : createdDatabases) {
                s.execute("DROP DATABASE IF EXISTS \"" + db + "\" WITH (FORCE)");
            }
        } catch (SQLException | RuntimeException e) {
            // the server may already be gone (embedded, stopped by its own hook): nothing to clean then
        }
    }

    private static String startBroker() {
        // Service tests configure logging through Spring Boot, which resets logback: keep the broker quiet there too.
        for (String logger : new String[] {
            "kafka",
            "state.change.logger",
            "org.apache.kafka.server",
            "org.apache.kafka.controller",
            "org.apache.kafka.raft",
            "org.apache.kafka.storage",
            "org.apache.kafka.image",
            "org.apache.kafka.metadata",
            "org.apache.kafka.coordinator",
            "org.apache.kafka.queue",
            "org.apache.kafka.snapshot"
        }) {
            if (System.getProperty("logging.level." + logger) == null) {
                System.setProperty("logging.level." + logger, "WARN");
            }
        }
        Path dir = tempDir("mnemos-test-kafka");
        KafkaBroker broker = KafkaBroker.start(dir, 0);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            broker.close();
                            deleteRecursively(dir);
                        },
                        "mnemos-test-kafka-stop"));
        return broker.bootstrapServers();
    }

    private static JdbcSettings startPostgres() {
        Path dir = tempDir("mnemos-test-pg");
        Postgres pg = Postgres.resolve(
                Postgres.Options.defaults(dir).withDatabase(TEST_DATABASE).withEmbeddedPort(0));
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            pg.close();
                            deleteRecursively(dir);
                        },
                        "mnemos-test-pg-stop"));
        // With MNEMOS_DB_URL set the resolver returns that (development) database: test in mnemos_test beside it.
        JdbcSettings test = pg.jdbc().withDatabase(TEST_DATABASE);
        try {
            Databases.ensureDatabase(test);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + TEST_DATABASE + " at " + test.url(), e);
        }
        return test;
    }

    private static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temporary files: best effort
        }
    }

    private static String firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a.trim();
        }
        return b != null && !b.isBlank() ? b.trim() : null;
    }
}

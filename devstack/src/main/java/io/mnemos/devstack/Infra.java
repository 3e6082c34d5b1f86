package io.mnemos.devstack;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The infrastructure the services need: PostgreSQL (see {@link Postgres}) and Kafka (see {@link KafkaBroker}), or
 * existing ones passed in. The two start in parallel. {@link #close()} stops only what this object started.
 */
public final class Infra implements AutoCloseable {

    /**
     * What to start.
     *
     * @param dataDir base data directory: Kafka in {@code dataDir/kafka}, embedded PostgreSQL in {@code dataDir/postgres}
     * @param kafkaPort port for the broker, 0 = any free port
     * @param kafkaBootstrap an existing Kafka to use instead of starting one, or {@code null}
     * @param jdbc an existing database to use instead of resolving one, or {@code null}
     * @param database database name for the resolver (created if missing)
     * @param embeddedPgPort port for an embedded PostgreSQL, 0 = any free port
     * @param env environment for the resolver's {@code MNEMOS_DB_*} variables
     */
    public record Options(
            Path dataDir,
            int kafkaPort,
            String kafkaBootstrap,
            JdbcSettings jdbc,
            String database,
            int embeddedPgPort,
            Map<String, String> env) {
        public Options {
            Objects.requireNonNull(dataDir, "dataDir");
            env = Map.copyOf(env);
        }

        /** Kafka on 9092, database {@code mnemos}, embedded PostgreSQL on 15432, the process environment. */
        public static Options defaults(Path dataDir) {
            return new Options(
                    dataDir,
                    KafkaBroker.DEFAULT_PORT,
                    null,
                    null,
                    "mnemos",
                    Postgres.DEFAULT_EMBEDDED_PORT,
                    System.getenv());
        }
    }

    private final String kafkaBootstrap;
    private final JdbcSettings jdbc;
    private final String dbMode;
    private final KafkaBroker broker;
    private final Postgres postgres;

    private Infra(String kafkaBootstrap, JdbcSettings jdbc, String dbMode, KafkaBroker broker, Postgres postgres) {
        this.kafkaBootstrap = kafkaBootstrap;
        this.jdbc = jdbc;
        this.dbMode = dbMode;
        this.broker = broker;
        this.postgres = postgres;
    }

    /**
     * Starts (or adopts) PostgreSQL and Kafka in parallel and reports progress on {@code out}.
     *
     * @throws IllegalStateException if either cannot start; whatever did start is stopped again
     */
    public static Infra start(Options o, PrintStream out) {
        CompletableFuture<Postgres> pg = o.jdbc() != null
                ? CompletableFuture.completedFuture(null)
                : CompletableFuture.supplyAsync(() -> Postgres.resolve(Postgres.Options.defaults(o.dataDir())
                        .withDatabase(o.database())
                        .withEmbeddedPort(o.embeddedPgPort())
                        .withEnv(o.env())));
        CompletableFuture<KafkaBroker> kafka = o.kafkaBootstrap() != null
                ? CompletableFuture.completedFuture(null)
                : CompletableFuture.supplyAsync(() -> KafkaBroker.start(
                        KafkaBroker.Options.defaults(o.dataDir().resolve("kafka"))
                                .withPort(o.kafkaPort())));
        Postgres postgres = null;
        KafkaBroker broker = null;
        RuntimeException failure = null;
        try {
            postgres = pg.join();
        } catch (CompletionException e) {
            failure = unwrap(e);
        }
        try {
            broker = kafka.join();
        } catch (CompletionException e) {
            failure = failure == null ? unwrap(e) : failure;
        }
        if (failure != null) {
            if (broker != null) {
                broker.close();
            }
            if (postgres != null) {
                postgres.close();
            }
            throw failure;
        }
        Infra infra = new Infra(
                broker != null ? broker.bootstrapServers() : o.kafkaBootstrap(),
                postgres != null ? postgres.jdbc() : o.jdbc(),
                postgres != null ? postgres.mode().name() : "GIVEN",
                broker,
                postgres);
        if (postgres != null) {
            out.printf(
                    "  PostgreSQL  %-9s %s (%s)%n",
                    postgres.mode(), postgres.jdbcUrl(), seconds(postgres.startupTime()));
        }
        if (broker != null) {
            out.printf(
                    "  Kafka       started   %s (%s, data %s)%n",
                    broker.bootstrapServers(), seconds(broker.startupTime()), broker.logDir());
        }
        return infra;
    }

    /** Kafka {@code bootstrap.servers}. */
    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    /** The database. */
    public JdbcSettings jdbc() {
        return jdbc;
    }

    /** {@code CONFIGURED}, {@code LOCAL}, {@code EMBEDDED} (see {@link Postgres.Mode}) or {@code GIVEN}. */
    public String dbMode() {
        return dbMode;
    }

    /** The broker this object started, or {@code null}. */
    public KafkaBroker broker() {
        return broker;
    }

    /** Stops the broker and the embedded PostgreSQL, if this object started them. */
    @Override
    public void close() {
        try {
            if (broker != null) {
                broker.close();
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static RuntimeException unwrap(CompletionException e) {
        return e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
}

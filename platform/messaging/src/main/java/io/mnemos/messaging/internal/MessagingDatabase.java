package io.mnemos.messaging.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * The messaging tables of one service: resolves the schema they live in and, at startup, brings them up to date with a
 * Flyway instance of its own (history table {@code mnemos_messaging_schema_history}, migrations under {@code
 * classpath:db/mnemos-messaging}).
 *
 * <p>Spring Boot's database-initialisation ordering (see {@link MessagingDatabaseInitializerDetector}) makes this bean
 * initialise after the service's own Flyway and before anything that uses the database. The order matters on a fresh
 * schema: the service's Flyway refuses to start on a non-empty schema without its history table, while this instance
 * baselines (at version 0) on a schema that already holds the service's tables.
 */
public final class MessagingDatabase implements InitializingBean {
    /** Where the module's migrations live. */
    public static final String MIGRATIONS = "classpath:db/mnemos-messaging";

    private static final Logger log = LoggerFactory.getLogger(MessagingDatabase.class);

    private final DataSource dataSource;
    private final Supplier<String> configuredSchema;
    private final boolean migrate;
    private final String historyTable;
    private volatile String schema;

    /**
     * @param dataSource       the service's data source
     * @param configuredSchema the schema to use, or a supplier of null/blank to use the connection's current schema
     * @param migrate          whether to apply the migrations on {@link #afterPropertiesSet()}
     * @param historyTable     Flyway history table of the messaging migrations
     */
    public MessagingDatabase(
            DataSource dataSource, Supplier<String> configuredSchema, boolean migrate, String historyTable) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.configuredSchema = Objects.requireNonNull(configuredSchema, "configuredSchema");
        this.migrate = migrate;
        this.historyTable = Objects.requireNonNull(historyTable, "historyTable");
    }

    @Override
    public void afterPropertiesSet() {
        String s = resolveSchema();
        if (migrate) {
            MigrateResult result = Flyway.configure(getClass().getClassLoader())
                    .dataSource(dataSource)
                    .schemas(s)
                    .defaultSchema(s)
                    .table(historyTable)
                    .locations(MIGRATIONS)
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
            log.info(
                    "mnemos-messaging tables in schema \"{}\" at version {} ({} migration(s) applied)",
                    s,
                    result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                    result.migrationsExecuted);
        }
        this.schema = s;
    }

    private String resolveSchema() {
        String configured = configuredSchema.get();
        if (configured != null && !configured.isBlank()) {
            return configured.strip();
        }
        try (Connection c = dataSource.getConnection()) {
            String current = c.getSchema();
            if (current == null || current.isBlank()) {
                throw new IllegalStateException("mnemos-messaging: the data source has no current schema; set "
                        + "spring.flyway.default-schema or mnemos.messaging.schema.name");
            }
            return current;
        } catch (SQLException e) {
            throw new IllegalStateException("mnemos-messaging: cannot read the data source's current schema", e);
        }
    }

    /** The schema holding the messaging tables. */
    public String schema() {
        String s = schema;
        if (s == null) {
            throw new IllegalStateException("MessagingDatabase is not initialised yet");
        }
        return s;
    }

    /** The schema-qualified, quoted name of a messaging table, for SQL. */
    public String table(String name) {
        return quote(schema()) + "." + quote(name);
    }

    /** The data source. */
    public DataSource dataSource() {
        return dataSource;
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}

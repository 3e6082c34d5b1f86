package io.mnemos.memory.profile;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * A fresh schema on the real PostgreSQL for one test class, with the memory migrations V10–V13 applied; dropped
 * on {@link #close()}. The server is {@code MNEMOS_DB_URL} if set, else {@code 127.0.0.1:5432} as {@code postgres};
 * schemas live in the database {@code mnemos_it} (created if missing).
 */
public final class TestDatabase implements AutoCloseable {

    private static final String DATABASE = "mnemos_it";

    private final String schema;
    private final HikariDataSource dataSource;
    private final String url;
    private final String user;
    private final String password;

    private TestDatabase(String schema, String url, String user, String password) {
        this.schema = schema;
        this.url = url;
        this.user = user;
        this.password = password;
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        c.setUsername(user);
        c.setPassword(password);
        c.setMaximumPoolSize(4);
        c.setPoolName("it-" + schema);
        dataSource = new HikariDataSource(c);
    }

    /** Creates the schema {@code <prefix>_<random>} and applies the migrations. */
    public static TestDatabase create(String prefix) {
        String envUrl = System.getenv("MNEMOS_DB_URL");
        String user = envOr("MNEMOS_DB_USER", "postgres");
        String password = envOr("MNEMOS_DB_PASSWORD", "");
        String url = envUrl != null && !envUrl.isBlank() ? envUrl : "jdbc:postgresql://127.0.0.1:5432/" + DATABASE;
        if (envUrl == null || envUrl.isBlank()) {
            ensureDatabase(user, password);
        }
        String schema = (prefix + "_"
                        + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36))
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_]", "_");
        try (Connection c = DriverManager.getConnection(url, user, password);
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create schema " + schema + " at " + url, e);
        }
        TestDatabase db = new TestDatabase(schema, url, user, password);
        ResourceDatabasePopulator migrations = new ResourceDatabasePopulator(
                new ClassPathResource("db/migration/V10__profile.sql"),
                new ClassPathResource("db/migration/V11__experience.sql"),
                new ClassPathResource("db/migration/V12__action.sql"),
                new ClassPathResource("db/migration/V13__memory_api.sql"));
        migrations.execute(db.dataSource);
        return db;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public String schema() {
        return schema;
    }

    @Override
    public void close() {
        dataSource.close();
        try (Connection c = DriverManager.getConnection(url, user, password);
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot drop schema " + schema, e);
        }
    }

    private static void ensureDatabase(String user, String password) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", user, password);
                Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
            if (!rs.next()) {
                try {
                    s.execute("CREATE DATABASE " + DATABASE);
                } catch (SQLException raced) {
                    // created concurrently by another test JVM
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at 127.0.0.1:5432 is not reachable as " + user, e);
        }
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}

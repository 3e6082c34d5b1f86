package io.mnemos.devstack;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;

/**
 * Where a PostgreSQL database is and how to log in: a {@code jdbc:postgresql://host:port/database[?params]} URL, a
 * user and a password (empty when the server trusts the user).
 *
 * @param url JDBC URL of the database, e.g. {@code jdbc:postgresql://127.0.0.1:5432/mnemos}
 * @param user user name
 * @param password password, {@code ""} when none is needed (never {@code null})
 */
public record JdbcSettings(String url, String user, String password) {

    private static final String PREFIX = "jdbc:postgresql://";

    public JdbcSettings {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith(PREFIX)) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL (must start with " + PREFIX + "): " + url);
        }
        user = user == null || user.isBlank() ? "postgres" : user;
        password = password == null ? "" : password;
    }

    /** The URL of {@code database} on the same server, keeping the query parameters. */
    public static String urlFor(String host, int port, String database) {
        return PREFIX + host + ":" + port + "/" + database;
    }

    /** The database name in the URL (the path segment after host and port). */
    public String database() {
        String path = uri().getPath();
        return path == null || path.length() <= 1 ? "postgres" : path.substring(1);
    }

    /** Host part of the URL. */
    public String host() {
        return uri().getHost();
    }

    /** Port in the URL, 5432 when the URL names none. */
    public int port() {
        int port = uri().getPort();
        return port < 0 ? 5432 : port;
    }

    /** The same server and credentials, another database; query parameters are kept. */
    public JdbcSettings withDatabase(String database) {
        URI uri = uri();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        String authority = uri.getRawAuthority();
        return new JdbcSettings(PREFIX + authority + "/" + database + query, user, password);
    }

    /**
     * The same database with {@code currentSchema} set, so unqualified names resolve in {@code schema} (useful to give
     * each test its own schema).
     */
    public JdbcSettings withCurrentSchema(String schema) {
        String base = url.replaceAll("([?&])currentSchema=[^&]*&?", "$1").replaceAll("[?&]$", "");
        return new JdbcSettings(base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema, user, password);
    }

    /** Opens a connection (the caller closes it). */
    public Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (!password.isEmpty()) {
            props.setProperty("password", password);
        }
        props.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(url, props);
    }

    /** {@code url} without any password parameter, safe to print. */
    @Override
    public String toString() {
        return "JdbcSettings[url=" + url.replaceAll("password=[^&]*", "password=***") + ", user=" + user + "]";
    }

    private URI uri() {
        return URI.create(url.substring("jdbc:".length()));
    }
}

package io.mnemos.devstack;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/** Small PostgreSQL administration helpers shared by the launcher and the test support. */
public final class Databases {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final String INVALID_CATALOG_NAME = "3D000";
    private static final String DUPLICATE_DATABASE = "42P04";
    private static final String UNIQUE_VIOLATION = "23505";

    private Databases() {}

    /**
     * Creates the database named in {@code target}'s URL unless it exists, by connecting to the {@code postgres}
     * database of the same server. Safe to call concurrently.
     *
     * @return {@code true} if this call created it
     * @throws SQLException if the server cannot be reached or the user may not create databases
     */
    public static boolean ensureDatabase(JdbcSettings target) throws SQLException {
        try (Connection ignored = target.connect()) {
            return false;
        } catch (SQLException e) {
            if (!INVALID_CATALOG_NAME.equals(e.getSQLState())) {
                throw e;
            }
        }
        String name = requireIdentifier(target.database());
        try (Connection c = target.withDatabase("postgres").connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE \"" + name + "\"");
            return true;
        } catch (SQLException e) {
            if (DUPLICATE_DATABASE.equals(e.getSQLState()) || UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Checks that {@code name} is a plain SQL identifier (letters, digits, underscores; at most 63 characters), so it
     * can be quoted into DDL safely.
     *
     * @return {@code name}
     * @throws IllegalArgumentException otherwise
     */
    public static String requireIdentifier(String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a plain SQL identifier: " + name);
        }
        return name;
    }
}

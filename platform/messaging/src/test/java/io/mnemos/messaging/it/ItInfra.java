package io.mnemos.messaging.it;

import io.mnemos.devstack.JdbcSettings;
import io.mnemos.testsupport.TestInfra;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The integration tests' view of {@link TestInfra}: the shared KRaft broker and PostgreSQL, a schema per test class. */
final class ItInfra {
    private ItInfra() {}

    static String kafkaBootstrap() {
        return TestInfra.kafkaBootstrap();
    }

    /** A new, empty schema of its own. */
    static String freshSchema(String prefix) {
        return TestInfra.freshSchema(prefix);
    }

    /** Connection settings whose current schema is {@code schema}. */
    static JdbcSettings jdbc(String schema) {
        return TestInfra.jdbc().withCurrentSchema(schema);
    }

    static void dropSchema(String schema) {
        if (schema == null) {
            return;
        }
        try (Connection c = TestInfra.jdbc().connect();
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

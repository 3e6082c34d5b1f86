package io.mnemos.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresIT {

    private static final JdbcSettings MACHINE =
            new JdbcSettings("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");

    @Test
    void picksTheMachinesServerAndCreatesTheDatabase(@TempDir Path tmp) throws Exception {
        assumeTrue(Postgres.acceptsConnection(MACHINE), "no PostgreSQL on 127.0.0.1:5432 (.ci/run starts one)");
        String db = "devstack_it_" + UUID.randomUUID().toString().substring(0, 8);
        try (Postgres pg =
                Postgres.resolve(Postgres.Options.defaults(tmp).withDatabase(db).withEnv(Map.of()))) {
            assertThat(pg.mode()).isEqualTo(Postgres.Mode.LOCAL);
            assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/" + db);
            assertThat(pg.user()).isEqualTo("postgres");
            assertThat(queryString(pg.jdbc(), "select current_database()")).isEqualTo(db);
        } finally {
            try (Connection c = MACHINE.connect();
                    Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + db);
            }
        }
        assertThat(tmp.resolve("postgres")).doesNotExist(); // nothing embedded was started
    }

    @Test
    void configuredUrlWins(@TempDir Path tmp) throws Exception {
        assumeTrue(Postgres.acceptsConnection(MACHINE), "no PostgreSQL on 127.0.0.1:5432");
        try (Postgres pg = Postgres.resolve(Postgres.Options.defaults(tmp)
                .withEnv(Map.of("MNEMOS_DB_URL", "jdbc:postgresql://127.0.0.1:5432/postgres")))) {
            assertThat(pg.mode()).isEqualTo(Postgres.Mode.CONFIGURED);
            assertThat(queryString(pg.jdbc(), "select current_database()")).isEqualTo("postgres");
        }
    }

    @Test
    void fallsBackToAnEmbeddedServerWhoseDataSurvivesARestart(@TempDir Path tmp) throws Exception {
        int noServer = Ports.freePort();
        Postgres.Options options = Postgres.Options.defaults(tmp)
                .withLocal("127.0.0.1", noServer)
                .withEmbeddedPort(0)
                .withEnv(Map.of());
        try (Postgres pg = Postgres.resolve(options)) {
            System.out.printf(
                    "embedded PostgreSQL (initdb + start): %d ms%n",
                    pg.startupTime().toMillis());
            assertThat(pg.mode()).isEqualTo(Postgres.Mode.EMBEDDED);
            assertThat(pg.jdbc().database()).isEqualTo("mnemos");
            try (Connection c = pg.jdbc().connect();
                    Statement s = c.createStatement()) {
                s.execute("create table kept(v text)");
                s.execute("insert into kept values ('still here')");
            }
        }
        assertThat(tmp.resolve("postgres/PG_VERSION")).exists();
        try (Postgres pg = Postgres.resolve(options)) {
            System.out.printf(
                    "embedded PostgreSQL (restart): %d ms%n", pg.startupTime().toMillis());
            assertThat(queryString(pg.jdbc(), "select v from kept")).isEqualTo("still here");
        }
    }

    private static String queryString(JdbcSettings jdbc, String sql) throws Exception {
        try (Connection c = jdbc.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}

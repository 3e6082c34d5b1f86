package io.mnemos.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JdbcSettingsTest {

    @Test
    void partsOfTheUrl() {
        JdbcSettings s = new JdbcSettings("jdbc:postgresql://db.local:6543/mnemos?sslmode=disable", "u", "p");
        assertThat(s.host()).isEqualTo("db.local");
        assertThat(s.port()).isEqualTo(6543);
        assertThat(s.database()).isEqualTo("mnemos");
        assertThat(new JdbcSettings("jdbc:postgresql://h/x", null, null).port()).isEqualTo(5432);
    }

    @Test
    void defaultsUserAndPassword() {
        JdbcSettings s = new JdbcSettings("jdbc:postgresql://h:1/d", null, null);
        assertThat(s.user()).isEqualTo("postgres");
        assertThat(s.password()).isEmpty();
    }

    @Test
    void withDatabaseKeepsServerAndParameters() {
        JdbcSettings s = new JdbcSettings("jdbc:postgresql://h:1/mnemos?sslmode=disable", "u", "p");
        assertThat(s.withDatabase("other"))
                .isEqualTo(new JdbcSettings("jdbc:postgresql://h:1/other?sslmode=disable", "u", "p"));
    }

    @Test
    void withCurrentSchemaAddsOrReplacesTheParameter() {
        JdbcSettings plain = new JdbcSettings("jdbc:postgresql://h:1/d", "u", "");
        assertThat(plain.withCurrentSchema("s1").url()).isEqualTo("jdbc:postgresql://h:1/d?currentSchema=s1");
        assertThat(plain.withCurrentSchema("s1").withCurrentSchema("s2").url())
                .isEqualTo("jdbc:postgresql://h:1/d?currentSchema=s2");
        JdbcSettings withParam = new JdbcSettings("jdbc:postgresql://h:1/d?sslmode=disable", "u", "");
        assertThat(withParam.withCurrentSchema("s").url())
                .isEqualTo("jdbc:postgresql://h:1/d?sslmode=disable&currentSchema=s");
    }

    @Test
    void toStringHidesPasswords() {
        JdbcSettings s = new JdbcSettings("jdbc:postgresql://h:1/d?password=secret", "u", "secret");
        assertThat(s.toString()).doesNotContain("secret");
    }

    @Test
    void rejectsOtherDatabases() {
        assertThatThrownBy(() -> new JdbcSettings("jdbc:mysql://h/d", "u", "p"))
                .hasMessageContaining("Not a PostgreSQL JDBC URL");
    }

    @Test
    void identifiersAreChecked() {
        assertThat(Databases.requireIdentifier("mnemos_test")).isEqualTo("mnemos_test");
        assertThatThrownBy(() -> Databases.requireIdentifier("x\"; drop")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Databases.requireIdentifier("1abc")).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.mnemos.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The file {@code infra --ready-file F} writes once Kafka and PostgreSQL accept connections: one {@code KEY=value}
 * line each for {@code KAFKA_BOOTSTRAP}, {@code DB_URL}, {@code DB_USER}, {@code DB_PASSWORD}, {@code DB_MODE} and
 * {@code PID}. It appears atomically (written to a temporary file, then moved), so a reader that sees it sees all of
 * it. Values are not quoted; read them with {@code sed -n 's/^KEY=//p'}.
 *
 * @param kafkaBootstrap Kafka bootstrap servers
 * @param jdbc the database
 * @param dbMode how the database was found (see {@link Postgres.Mode})
 * @param pid the process serving the infrastructure
 */
public record ReadyFile(String kafkaBootstrap, JdbcSettings jdbc, String dbMode, long pid) {

    /** The file's content. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        asMap().forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return sb.toString();
    }

    /** The keys and values, in file order. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("KAFKA_BOOTSTRAP", kafkaBootstrap);
        m.put("DB_URL", jdbc.url());
        m.put("DB_USER", jdbc.user());
        m.put("DB_PASSWORD", jdbc.password());
        m.put("DB_MODE", dbMode);
        m.put("PID", Long.toString(pid));
        return m;
    }

    /** Parses {@link #render()}'s output. */
    public static ReadyFile parse(String content) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : content.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq).trim(), line.substring(eq + 1).replace("\r", ""));
            }
        }
        for (String key : new String[] {"KAFKA_BOOTSTRAP", "DB_URL", "DB_USER", "DB_PASSWORD"}) {
            if (!m.containsKey(key)) {
                throw new IllegalArgumentException("Ready file lacks " + key);
            }
        }
        return new ReadyFile(
                m.get("KAFKA_BOOTSTRAP"),
                new JdbcSettings(m.get("DB_URL"), m.get("DB_USER"), m.get("DB_PASSWORD")),
                m.getOrDefault("DB_MODE", ""),
                Long.parseLong(m.getOrDefault("PID", "0")));
    }

    /** Writes the file atomically, creating its directory. */
    public void write(Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".ready", ".tmp");
            Files.writeString(tmp, render(), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write ready file " + file, e);
        }
    }
}

package io.mnemos.devstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The launcher's parsed command line.
 *
 * @param command {@code up}, {@code infra}, {@code down}, {@code status} or {@code help}
 * @param dataDir {@code --data DIR}; default {@code MNEMOS_DATA_DIR}, else {@code <home>/.data}
 * @param readyFile {@code --ready-file F} (infra), or {@code null}
 * @param kafkaPort {@code --kafka-port N}, default 9092, 0 = any free port
 * @param pgPort {@code --pg-port N}: port for an embedded PostgreSQL, default 15432, 0 = any free port
 * @param database {@code --database NAME} (infra), default {@code mnemos}
 * @param portOffset {@code --port-offset N} (up, status), default 0
 * @param services {@code --services a,b} (up): only these services, default all
 * @param exitWithParent {@code --exit-with-parent} (infra): stop when the process that started it exits
 * @param healthTimeoutSeconds {@code --health-timeout S} (up): seconds every service may take to become healthy;
 *     default {@code MNEMOS_HEALTH_TIMEOUT}, else 120
 */
public record LauncherArgs(
        String command,
        Path dataDir,
        Path readyFile,
        int kafkaPort,
        int pgPort,
        String database,
        int portOffset,
        List<String> services,
        boolean exitWithParent,
        int healthTimeoutSeconds) {

    /** The commands the launcher knows. */
    public static final List<String> COMMANDS = List.of("up", "infra", "down", "status", "help");

    public static final String USAGE =
            """
            Usage: launcher <command> [options]

            Commands:
              up      start PostgreSQL, Kafka and every service; Ctrl-C stops everything
              infra   start only PostgreSQL and Kafka (for test runs) and write a ready file
              down    stop a running `up` (via <data>/mnemos.pid)
              status  show the health of each service
              help    show this text

            Options:
              --data DIR          data directory (default $MNEMOS_DATA_DIR or <home>/.data)
              --kafka-port N      Kafka port (default 9092; 0 = any free port)
              --pg-port N         embedded PostgreSQL port, if one is needed (default 15432; 0 = any free port)
              --port-offset N     add N to every service port (up, status)
              --services a,b      run only these services (up)
              --health-timeout S  seconds each service may take to become healthy (up; default 120 or
                                  $MNEMOS_HEALTH_TIMEOUT)
              --ready-file F      write KAFKA_BOOTSTRAP/DB_URL/DB_USER/DB_PASSWORD lines to F when ready (infra)
              --database NAME     database to create if missing (infra; default mnemos)
              --exit-with-parent  stop when the starting process exits (infra)
            """;

    /**
     * Parses {@code args}.
     *
     * @param env the environment ({@code MNEMOS_DATA_DIR})
     * @param home the project root
     * @throws IllegalArgumentException with a message for the user on a bad command line
     */
    public static LauncherArgs parse(String[] args, Map<String, String> env, Path home) {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        String command = rest.isEmpty() ? "help" : rest.removeFirst();
        if (command.equals("-h") || command.equals("--help")) {
            command = "help";
        }
        if (!COMMANDS.contains(command)) {
            throw new IllegalArgumentException("Unknown command '" + command + "'");
        }
        String envData = env.get("MNEMOS_DATA_DIR");
        Path dataDir = envData != null && !envData.isBlank() ? Path.of(envData) : home.resolve(".data");
        Path readyFile = null;
        int kafkaPort = KafkaBroker.DEFAULT_PORT;
        int pgPort = Postgres.DEFAULT_EMBEDDED_PORT;
        String database = "mnemos";
        int portOffset = 0;
        List<String> services = List.of();
        boolean exitWithParent = false;
        String envTimeout = env.get("MNEMOS_HEALTH_TIMEOUT");
        int healthTimeout = envTimeout != null && !envTimeout.isBlank()
                ? positive("MNEMOS_HEALTH_TIMEOUT", envTimeout.trim())
                : 120;
        for (int i = 0; i < rest.size(); i++) {
            String arg = rest.get(i);
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (name.equals("--exit-with-parent")) {
                exitWithParent = true;
                continue;
            }
            if (name.equals("-h") || name.equals("--help")) {
                command = "help";
                continue;
            }
            if (value == null) {
                if (i + 1 >= rest.size()) {
                    throw new IllegalArgumentException("Option " + name + " needs a value");
                }
                value = rest.get(++i);
            }
            switch (name) {
                case "--data" -> dataDir = Path.of(value);
                case "--ready-file" -> readyFile = Path.of(value).toAbsolutePath();
                case "--kafka-port" -> kafkaPort = port(name, value);
                case "--pg-port" -> pgPort = port(name, value);
                case "--database" -> database = Databases.requireIdentifier(value);
                case "--port-offset" -> portOffset = integer(name, value);
                case "--health-timeout" -> healthTimeout = positive(name, value);
                case "--services" ->
                    services = Arrays.stream(value.split(","))
                            .map(String::trim)
                            .filter(s -> !s.isEmpty())
                            .toList();
                default -> throw new IllegalArgumentException("Unknown option " + name);
            }
        }
        return new LauncherArgs(
                command,
                dataDir.toAbsolutePath().normalize(),
                readyFile,
                kafkaPort,
                pgPort,
                database,
                portOffset,
                services,
                exitWithParent,
                healthTimeout);
    }

    private static int positive(String name, String value) {
        int n = integer(name, value);
        if (n <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
        return n;
    }

    private static int port(String name, String value) {
        int p = integer(name, value);
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException(name + " must be a port (0-65535): " + value);
        }
        return p;
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number: " + value);
        }
    }
}

package io.mnemos.devstack;

import io.mnemos.contracts.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka 4.1 broker (KRaft: broker and controller in one node), running in this JVM from the
 * {@code kafka_2.13} classes.
 *
 * <p>On {@link #start} the log directory is formatted if it holds no {@code meta.properties} yet; an already formatted
 * directory is reused, so topics and records survive a restart. The broker listens on 127.0.0.1 only, does not
 * auto-create topics, and is sized for a small machine (few threads, small cleaner buffers). Once it accepts requests,
 * every topic in {@link Topics#all()} and its dead-letter topic are created if missing, with
 * {@link Topics#DEFAULT_PARTITIONS} partitions. {@link #close()} shuts it down cleanly (flushing the logs).
 *
 * <pre>{@code
 * try (KafkaBroker broker = KafkaBroker.start(KafkaBroker.Options.defaults(dir).withPort(0))) {
 *     String bootstrap = broker.bootstrapServers(); // "127.0.0.1:41234"
 * }
 * }</pre>
 */
public final class KafkaBroker implements AutoCloseable {

    /** Default client port of the development broker. */
    public static final int DEFAULT_PORT = 9092;

    private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);
    private static final int NODE_ID = 1;

    private final KafkaRaftServer server;
    private final Options options;
    private final int port;
    private volatile Duration startupTime = Duration.ZERO;
    private volatile boolean closed;

    /**
     * How to run the broker.
     *
     * @param logDir directory for the logs and metadata (created if missing; formatted on first use)
     * @param port client port, 0 = any free port
     * @param createTopics whether to create {@link Topics#all()} and their dead-letter topics after start
     * @param overrides broker properties that replace the defaults (e.g. {@code log.retention.hours})
     */
    public record Options(Path logDir, int port, boolean createTopics, Map<String, String> overrides) {

        public Options {
            Objects.requireNonNull(logDir, "logDir");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port);
            }
            overrides = Map.copyOf(overrides);
        }

        /** Port 9092, platform topics created, no overrides. */
        public static Options defaults(Path logDir) {
            return new Options(logDir, DEFAULT_PORT, true, Map.of());
        }

        public Options withPort(int port) {
            return new Options(logDir, port, createTopics, overrides);
        }

        public Options withCreateTopics(boolean createTopics) {
            return new Options(logDir, port, createTopics, overrides);
        }

        public Options withOverrides(Map<String, String> overrides) {
            return new Options(logDir, port, createTopics, overrides);
        }
    }

    private KafkaBroker(KafkaRaftServer server, Options options, int port) {
        this.server = server;
        this.options = options;
        this.port = port;
    }

    /** Starts a broker on {@code port} (0 = free) with its data in {@code logDir}. */
    public static KafkaBroker start(Path logDir, int port) {
        return start(Options.defaults(logDir).withPort(port));
    }

    /**
     * Formats the log directory if needed, starts the broker, waits until it accepts requests and creates the platform
     * topics (when {@link Options#createTopics()}).
     *
     * @throws IllegalStateException if the port is taken or the broker does not come up within 60 s
     */
    public static KafkaBroker start(Options options) {
        long t0 = System.nanoTime();
        QuietLogging.quietKafkaBroker();
        Path dir = options.logDir().toAbsolutePath();
        int port = options.port() == 0 ? Ports.freePort() : options.port();
        if (!Ports.isFree(port)) {
            throw new IllegalStateException(
                    "Kafka port " + port + " on 127.0.0.1 is in use (is another broker running?)");
        }
        int controllerPort = Ports.freePort();
        Map<String, String> props = brokerProperties(dir, port, controllerPort, options.overrides());
        KafkaConfig config = new KafkaConfig(props, false);
        try {
            Files.createDirectories(dir);
            writeProperties(dir.resolve("server.properties"), props);
            if (!Files.exists(dir.resolve("meta.properties"))) {
                format(dir, props.get("controller.listener.names"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare Kafka log dir " + dir, e);
        }
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        KafkaBroker broker = new KafkaBroker(server, options, port);
        try {
            server.startup();
            broker.awaitReady(Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        broker.startupTime = Duration.ofNanos(System.nanoTime() - t0);
        log.info("Kafka broker on 127.0.0.1:{} ready in {} ms (data: {})", port, broker.startupTime.toMillis(), dir);
        return broker;
    }

    /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The client port. */
    public int port() {
        return port;
    }

    /** Where the broker keeps its logs and metadata. */
    public Path logDir() {
        return options.logDir();
    }

    /** Time from {@link #start} until the broker accepted requests and the topics existed. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Creates {@code topics} with {@link Topics#DEFAULT_PARTITIONS} partitions unless they exist. */
    public void createTopics(List<String> topics) {
        try (Admin admin = admin()) {
            createTopics(admin, topics);
        }
    }

    /** Shuts the broker down cleanly and waits for it. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
    }

    /** The broker properties used for a node with its data in {@code dir}; visible for tests. */
    static Map<String, String> brokerProperties(Path dir, int port, int controllerPort, Map<String, String> overrides) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dir.toString());
        p.put("metadata.log.dir", dir.toString());
        // Topics are created explicitly, with the platform's partition count.
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", Integer.toString(Topics.DEFAULT_PARTITIONS));
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "10");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // Unfenced sooner after start (default heartbeat every 2 s).
        p.put("broker.heartbeat.interval.ms", "500");
        // Small footprint: 2 cores, small heaps.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.replica.fetchers", "1");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("log.cleaner.threads", "1");
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        p.put("log.cleaner.io.buffer.size", Integer.toString(256 * 1024));
        p.put("queued.max.requests", "100");
        p.putAll(overrides);
        return p;
    }

    private static void format(Path dir, String controllerListener) {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setIgnoreFormatted(true)
                    .setControllerListenerName(controllerListener)
                    .setMetadataLogDirectory(dir.toString())
                    .addDirectory(dir.toString())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format Kafka storage in " + dir + ": " + e.getMessage(), e);
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = admin()) {
            Exception last = null;
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster()
                            .nodes()
                            .get(5, TimeUnit.SECONDS)
                            .isEmpty()) {
                        if (options.createTopics()) {
                            createTopics(admin, platformTopics());
                        }
                        return;
                    }
                } catch (ExecutionException | TimeoutException | RuntimeException e) {
                    last = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted", e);
                }
                sleep(100);
            }
            throw new IllegalStateException("Kafka broker on port " + port + " not ready after " + timeout, last);
        }
    }

    /** {@link Topics#all()} followed by their dead-letter topics. */
    static List<String> platformTopics() {
        List<String> topics = new ArrayList<>(Topics.all());
        Topics.all().forEach(t -> topics.add(Topics.deadLetter(t)));
        return topics;
    }

    private static void createTopics(Admin admin, List<String> topics) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
                List<NewTopic> missing = topics.stream()
                        .filter(t -> !existing.contains(t))
                        .map(t -> new NewTopic(t, Topics.DEFAULT_PARTITIONS, (short) 1))
                        .toList();
                if (missing.isEmpty()) {
                    return;
                }
                admin.createTopics(missing).all().get(10, TimeUnit.SECONDS);
                log.info(
                        "Created topics {}",
                        missing.stream().map(NewTopic::name).toList());
                return;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    continue;
                }
                // The broker may still be fenced right after start ("only 0 brokers registered"): retry.
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Cannot create topics " + topics, e.getCause());
                }
                sleep(200);
            } catch (TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Timed out creating topics " + topics, e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted", e);
            }
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
    }

    private static void writeProperties(Path file, Map<String, String> props) throws IOException {
        StringBuilder sb = new StringBuilder("# Written by mnemos devstack on every start, for reference only.\n");
        props.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        Files.writeString(file, sb);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}

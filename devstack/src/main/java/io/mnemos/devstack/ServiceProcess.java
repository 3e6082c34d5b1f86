package io.mnemos.devstack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One service running as a child JVM, its output going to a log file. */
final class ServiceProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(1))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private final LauncherConfig.Service service;
    private final Process process;
    private final Path log;
    private final String url;
    private final long startedAt = System.nanoTime();
    private volatile String lastHealth = "no answer yet";
    private volatile boolean stopping;

    private ServiceProcess(LauncherConfig.Service service, Process process, Path log, String url) {
        this.service = service;
        this.process = process;
        this.log = log;
        this.url = url;
    }

    /**
     * Starts {@code command} with {@code env} added to this process's environment, output (stdout and stderr) to
     * {@code log}; a previous log is kept as {@code log.1}.
     */
    static ServiceProcess spawn(
            LauncherConfig.Service service,
            List<String> command,
            Map<String, String> env,
            Path workDir,
            Path log,
            String url) {
        try {
            Files.createDirectories(log.getParent());
            if (Files.exists(log)) {
                Files.move(log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
            }
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(env);
            return new ServiceProcess(service, pb.start(), log, url);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + service.name() + ": " + e.getMessage(), e);
        }
    }

    LauncherConfig.Service service() {
        return service;
    }

    String name() {
        return service.name();
    }

    String url() {
        return url;
    }

    Path log() {
        return log;
    }

    Process process() {
        return process;
    }

    boolean isStopping() {
        return stopping;
    }

    /** What the last health check saw, for error messages. */
    String lastHealth() {
        return lastHealth;
    }

    Duration uptime() {
        return Duration.ofNanos(System.nanoTime() - startedAt);
    }

    /** One {@code GET /actuator/health}: {@code true} if it answered 200 with {@code "status":"UP"}. */
    boolean healthy() {
        Health h = probe(url);
        lastHealth = h.detail();
        return h.up();
    }

    /**
     * The answer of one health check.
     *
     * @param up whether the service said UP
     * @param detail what it answered, abbreviated (or why it did not)
     */
    record Health(boolean up, String detail) {}

    /** One {@code GET <baseUrl>/actuator/health}. */
    static Health probe(String baseUrl) {
        try {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health"))
                            .timeout(Duration.ofSeconds(2))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = r.body() == null ? "" : r.body();
            return new Health(isUp(r.statusCode(), body), "HTTP " + r.statusCode() + " " + abbreviate(body));
        } catch (java.net.ConnectException e) {
            return new Health(false, "not listening");
        } catch (IOException e) {
            return new Health(false, "no answer (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Health(false, "interrupted");
        }
    }

    /** Whether a health response says UP; visible for tests. */
    static boolean isUp(int status, String body) {
        return status == 200 && body.replaceAll("\\s", "").contains("\"status\":\"UP\"");
    }

    /** Sends SIGTERM (no wait). */
    void terminate() {
        stopping = true;
        process.destroy();
    }

    /** Waits up to {@code grace} for the process to exit, then kills it. */
    void awaitOrKill(Duration grace) {
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The last {@code lines} lines of the log (at most 64 KiB are read). */
    String tail(int lines) {
        return tail(log, lines);
    }

    static String tail(Path file, int lines) {
        if (!Files.exists(file)) {
            return "(no log at " + file + ")";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long len = raf.length();
            long from = Math.max(0, len - 64 * 1024);
            byte[] buf = new byte[(int) (len - from)];
            raf.seek(from);
            raf.readFully(buf);
            String[] all = new String(buf, StandardCharsets.UTF_8).split("\n");
            int start = Math.max(from > 0 ? 1 : 0, all.length - lines);
            return String.join("\n", java.util.Arrays.copyOfRange(all, start, all.length));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    private static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ").trim();
        return one.length() > 200 ? one.substring(0, 200) + "…" : one;
    }
}

package io.mnemos.devstack.fake;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;

/**
 * Stands in for a service jar in {@code StackIT}: answers {@code /actuator/health} on {@code SERVER_PORT}, writes its
 * environment to {@code $MNEMOS_DATA_DIR/env.txt}. A file {@code fail} in its data directory makes it exit with code 3
 * after printing "boom"; a file {@code down} makes it report DOWN.
 */
public final class FakeService {
    public static void main(String[] args) throws Exception {
        Path data = Path.of(System.getenv("MNEMOS_DATA_DIR"));
        StringBuilder env = new StringBuilder();
        new TreeMap<>(System.getenv())
                .forEach((k, v) -> env.append(k).append('=').append(v).append('\n'));
        Files.writeString(data.resolve("env.txt"), env);
        System.out.println("fake service starting on " + System.getenv("SERVER_PORT"));
        if (Files.exists(data.resolve("fail"))) {
            System.out.println("boom: this service cannot start");
            System.exit(3);
        }
        boolean down = Files.exists(data.resolve("down"));
        HttpServer server = HttpServer.create(
                new InetSocketAddress("127.0.0.1", Integer.parseInt(System.getenv("SERVER_PORT"))), 10);
        server.createContext("/actuator/health", exchange -> {
            byte[] body = (down ? "{\"status\":\"DOWN\"}" : "{\"status\":\"UP\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(down ? 503 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("fake service stopping")));
    }
}

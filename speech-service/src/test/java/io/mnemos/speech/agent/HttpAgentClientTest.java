package io.mnemos.speech.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.mnemos.contracts.identity.Identity;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PROTOCOL TEST — {@link HttpAgentClient} against a local stand-in of the orchestrator's
 * {@code POST /v1/sessions/{id}/turns} (SSE: {@code accepted}, then {@code answer}).
 */
class HttpAgentClientTest {
    private HttpServer server;
    private volatile String lastBody;
    private volatile String lastIdentity;
    private volatile String lastAccept;
    private volatile boolean hang;
    private final CountDownLatch hangStarted = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/v1/sessions/", ex -> {
            lastBody = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            lastIdentity = ex.getRequestHeaders().getFirst("X-Mnemos-Identity");
            lastAccept = ex.getRequestHeaders().getFirst("Accept");
            if (ex.getRequestURI().getPath().contains("00000000-0000-0000-0000-000000000404")) {
                byte[] b = "{\"type\":\"about:blank\",\"status\":404}".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(404, b.length);
                ex.getResponseBody().write(b);
                ex.close();
                return;
            }
            ex.getResponseHeaders().add("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            out.write(("event:accepted\nid:t1:accepted\ndata:{\"event\":\"accepted\",\"text\":\"queued\"}\n\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (hang) {
                hangStarted.countDown();
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException ignored) {
                    // stop
                }
            }
            out.write(("event:answer\ndata:{\"event\":\"answer\",\"sessionId\":\"x\",\"turnId\":\"t1\",\"sequence\":1,"
                            + "\"text\":\"It is sunny. Take sunglasses.\",\"at\":\"2026-01-01T00:00:00Z\"}\n\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpAgentClient client() {
        return new HttpAgentClient(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Duration.ofSeconds(20));
    }

    private static final class Collect implements AgentClient.AgentListener {
        final List<String> deltas = new CopyOnWriteArrayList<>();
        final CompletableFuture<Throwable> end = new CompletableFuture<>();

        @Override
        public void onDelta(String text) {
            deltas.add(text);
        }

        @Override
        public void onComplete() {
            end.complete(null);
        }

        @Override
        public void onError(Throwable error) {
            end.complete(error);
        }
    }

    @Test
    void postsTheTranscriptWithTheCallersIdentityAndStreamsTheAnswer() throws Exception {
        Collect c = new Collect();
        client().respond(
                        new AgentRequest(
                                UUID.randomUUID(),
                                "what is the \"weather\"",
                                Identity.of("acme", "u1"),
                                () -> "signed-token"),
                        c);
        assertThat(c.end.get(20, TimeUnit.SECONDS)).isNull();
        assertThat(c.deltas).containsExactly("It is sunny. Take sunglasses.");
        // the orchestrator must not remember the whole answer: memory keeps what was played (speech.transcript)
        assertThat(lastBody).isEqualTo("{\"text\":\"what is the \\\"weather\\\"\",\"rememberAnswer\":false}");
        assertThat(lastIdentity).isEqualTo("signed-token");
        assertThat(lastAccept).isEqualTo("text/event-stream");
    }

    @Test
    void httpErrorsEndTheResponseWithAnError() throws Exception {
        Collect c = new Collect();
        client().respond(
                        new AgentRequest(
                                UUID.fromString("00000000-0000-0000-0000-000000000404"),
                                "hi",
                                Identity.of("acme", "u1"),
                                () -> "t"),
                        c);
        Throwable e = c.end.get(20, TimeUnit.SECONDS);
        assertThat(e).isInstanceOf(HttpAgentClient.AgentException.class).hasMessageContaining("404");
        assertThat(((HttpAgentClient.AgentException) e).retriable()).isFalse();
    }

    @Test
    void cancellingStopsTheStreamWithoutCallbacks() throws Exception {
        hang = true;
        Collect c = new Collect();
        AgentClient.AgentResponse r =
                client().respond(new AgentRequest(UUID.randomUUID(), "hi", Identity.of("acme", "u1"), () -> "t"), c);
        assertThat(hangStarted.await(20, TimeUnit.SECONDS)).isTrue();
        r.cancel();
        r.cancel();
        Thread.sleep(300);
        assertThat(c.end).isNotDone();
        assertThat(c.deltas).isEmpty();
    }
}

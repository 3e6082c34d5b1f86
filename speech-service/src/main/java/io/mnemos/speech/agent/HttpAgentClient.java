package io.mnemos.speech.agent;

import io.mnemos.contracts.identity.InternalToken;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The orchestrator as the agent: {@code POST {base}/v1/sessions/{id}/turns} with {@code Accept: text/event-stream}
 * and the caller's signed identity; the Server-Sent Events {@code accepted} then {@code answer} (JSON
 * {@code {event, sessionId, turnId, sequence, text, at}}) come back. The orchestrator sends the answer whole, so it
 * arrives as one delta; {@code timeout} or an HTTP error ends the response with an error. Cancelling closes the
 * stream.
 */
public final class HttpAgentClient implements AgentClient {
    private static final Logger log = LoggerFactory.getLogger(HttpAgentClient.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final URI baseUrl;
    private final Duration timeout;
    private final HttpClient http;

    public HttpAgentClient(URI baseUrl, Duration timeout) {
        this.baseUrl = baseUrl;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    public AgentResponse respond(AgentRequest request, AgentListener listener) {
        String base = baseUrl.toString().replaceAll("/+$", "");
        HttpRequest.Builder builder = HttpRequest.newBuilder(
                        URI.create(base + "/v1/sessions/" + request.sessionId() + "/turns"))
                .timeout(timeout)
                .header("Accept", "text/event-stream")
                .header("Content-Type", "application/json")
                // memory-service remembers the agent's side of a voice session from what was played
                // (speech.transcript),
                // so the orchestrator must not send the whole answer there as well
                .POST(HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(new TurnBody(request.text(), false))));
        String token = request.identityToken().get();
        if (token != null) {
            builder.header(InternalToken.HEADER, token);
        }
        HttpRequest req = builder.build();
        AtomicBoolean cancelled = new AtomicBoolean();
        CompletableFuture<HttpResponse<Stream<String>>> call = http.sendAsync(req, HttpResponse.BodyHandlers.ofLines());
        Thread.ofVirtual().name("agent-" + request.sessionId()).start(() -> {
            try {
                HttpResponse<Stream<String>> resp = call.join();
                try (Stream<String> lines = resp.body()) {
                    if (resp.statusCode() / 100 != 2) {
                        String body = String.join("\n", (Iterable<String>) lines::iterator);
                        throw new AgentException(
                                "orchestrator answered HTTP " + resp.statusCode() + ": "
                                        + body.substring(0, Math.min(300, body.length())),
                                resp.statusCode() == 429 || resp.statusCode() >= 500);
                    }
                    readEvents(lines.iterator(), listener, cancelled);
                }
            } catch (RuntimeException e) {
                if (!cancelled.get()) {
                    Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                            ? e.getCause()
                            : e;
                    listener.onError(cause);
                }
            }
        });
        return () -> {
            if (cancelled.compareAndSet(false, true)) {
                call.cancel(true);
                call.thenAccept(r -> r.body().close());
            }
        };
    }

    private static void readEvents(Iterator<String> lines, AgentListener listener, AtomicBoolean cancelled) {
        String event = "message";
        StringBuilder data = new StringBuilder();
        try {
            while (!cancelled.get() && lines.hasNext()) {
                String line = lines.next();
                if (line.isEmpty()) {
                    if (!data.isEmpty() && dispatch(event, data.toString(), listener)) {
                        return;
                    }
                    event = "message";
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    if (!data.isEmpty()) {
                        data.append('\n');
                    }
                    data.append(line.substring(5).stripLeading());
                }
            }
        } catch (UncheckedIOException e) {
            if (!cancelled.get()) {
                throw e;
            }
            return;
        }
        if (!cancelled.get()) {
            throw new AgentException("the orchestrator closed the stream without an answer", true);
        }
    }

    /** Returns true when the response is over. */
    private static boolean dispatch(String event, String data, AgentListener listener) {
        switch (event) {
            case "answer" -> {
                JsonNode n = JSON.readTree(data);
                listener.onDelta(n.path("text").asString(""));
                listener.onComplete();
                return true;
            }
            case "timeout" -> throw new AgentException("the orchestrator timed out: " + data, true);
            case "accepted" -> {
                log.debug("turn accepted: {}", data);
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    /** The agent could not answer. */
    public static final class AgentException extends RuntimeException {
        private final boolean retriable;

        public AgentException(String message, boolean retriable) {
            super(message);
            this.retriable = retriable;
        }

        /** Whether trying again later may succeed. */
        public boolean retriable() {
            return retriable;
        }
    }

    /** The turn sent to the orchestrator (field order kept, as in a record). */
    record TurnBody(String text, boolean rememberAnswer) {}
}

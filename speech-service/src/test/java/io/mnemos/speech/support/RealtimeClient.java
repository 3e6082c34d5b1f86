package io.mnemos.speech.support;

import io.mnemos.speech.audio.Pcm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** A test client for {@code WS /v1/speech/sessions/{id}}: streams audio in real time and records what comes back. */
public final class RealtimeClient implements WebSocket.Listener, AutoCloseable {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** Something received: a JSON event or a binary audio frame, with its arrival time (System.nanoTime). */
    public record Received(long nanos, JsonNode json, byte[] binary) {
        public String type() {
            return json == null ? "binary" : json.path("type").asString("");
        }
    }

    /** How the connection ended. */
    public record Close(int code, String reason) {}

    public final List<Received> received = new CopyOnWriteArrayList<>();
    public final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();
    private WebSocket ws;

    public static RealtimeClient connect(URI uri, String identityHeader, String token) {
        RealtimeClient c = new RealtimeClient();
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(20));
        if (token != null) {
            b.header(identityHeader, token);
        }
        c.ws = b.buildAsync(uri, c).join();
        return c;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            received.add(new Received(System.nanoTime(), JSON.readTree(text.toString()), null));
            text.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        binary.writeBytes(b);
        if (last) {
            received.add(new Received(System.nanoTime(), null, binary.toByteArray()));
            binary.reset();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Close(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(new Close(-1, String.valueOf(error)));
    }

    /** Drops the connection without a close handshake, as a lost network does. */
    public void abort() {
        ws.abort();
        closed.complete(new Close(-2, "aborted by the test"));
    }

    /** Acknowledges every event up to {@code seq}, so the server may forget them. */
    public void ack(long seq) {
        sendJson(Map.of("type", "mnemos.ack", "seq", seq));
    }

    /** The highest {@code mnemos_seq} received so far (0 if none). */
    public long lastSeq() {
        return received.stream()
                .filter(r -> r.json() != null)
                .mapToLong(r -> r.json().path("mnemos_seq").asLong(0))
                .max()
                .orElse(0);
    }

    /** The {@code mnemos_seq} of every JSON event, in arrival order. */
    public List<Long> seqs() {
        return received.stream()
                .filter(r -> r.json() != null)
                .map(r -> r.json().path("mnemos_seq").asLong(0))
                .toList();
    }

    public synchronized void sendJson(Map<String, ?> event) {
        ws.sendText(JSON.writeValueAsString(event), true).join();
    }

    public synchronized void sendBinary(byte[] data) {
        ws.sendBinary(ByteBuffer.wrap(data), true).join();
    }

    /**
     * Streams {@code pcm} in {@code chunkMs} pieces at real-time pace (absolute schedule, so it does not drift), as
     * base64 {@code input_audio_buffer.append} events or as binary frames. Returns the send time (System.nanoTime) of
     * each chunk's first sample, one entry per chunk.
     */
    public List<Long> stream(short[] pcm, int chunkMs, boolean asBinary) {
        int chunk = Pcm.samples(chunkMs);
        List<Long> sent = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int at = 0, i = 0; at < pcm.length; at += chunk, i++) {
            long due = t0 + (long) i * chunkMs * 1_000_000L;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return sent;
                }
            }
            if (closed.isDone()) {
                return sent;
            }
            byte[] bytes = Pcm.toBytes(pcm, at, Math.min(chunk, pcm.length - at));
            sent.add(System.nanoTime());
            try {
                if (asBinary) {
                    sendBinary(bytes);
                } else {
                    sendJson(Map.of(
                            "type",
                            "input_audio_buffer.append",
                            "audio",
                            Base64.getEncoder().encodeToString(bytes)));
                }
            } catch (RuntimeException e) {
                return sent; // closed under us
            }
        }
        return sent;
    }

    private Thread mic;
    private final java.util.concurrent.LinkedBlockingQueue<Utterance> toSay =
            new java.util.concurrent.LinkedBlockingQueue<>();

    private record Utterance(short[] pcm, CompletableFuture<Long> started, CompletableFuture<Long> finished) {}

    /**
     * Starts a simulated microphone: every {@code chunkMs} it sends the next piece of what {@link #say} queued, or
     * silence, at real-time pace (absolute schedule), until the connection closes.
     */
    public RealtimeClient startMic(int chunkMs, boolean asBinary) {
        int chunk = Pcm.samples(chunkMs);
        mic = Thread.ofPlatform().daemon().name("mic").start(() -> {
            long t0 = System.nanoTime();
            Utterance cur = null;
            int pos = 0;
            for (long i = 0; !closed.isDone(); i++) {
                long wait = t0 + i * chunkMs * 1_000_000L - System.nanoTime();
                if (wait > 0) {
                    try {
                        Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                short[] piece = new short[chunk];
                int filled = 0;
                while (filled < chunk) {
                    if (cur == null) {
                        cur = toSay.poll();
                        pos = 0;
                        if (cur == null) {
                            break;
                        }
                        // the first sample of this utterance goes out with this chunk, at offset `filled`
                        cur.started.complete(System.nanoTime() + filled * 1_000_000_000L / Pcm.SAMPLE_RATE);
                    }
                    int n = Math.min(chunk - filled, cur.pcm.length - pos);
                    System.arraycopy(cur.pcm, pos, piece, filled, n);
                    filled += n;
                    pos += n;
                    if (pos == cur.pcm.length) {
                        cur.finished.complete(System.nanoTime() + filled * 1_000_000_000L / Pcm.SAMPLE_RATE);
                        cur = null;
                    }
                }
                byte[] bytes = Pcm.toBytes(piece);
                try {
                    if (asBinary) {
                        sendBinary(bytes);
                    } else {
                        sendJson(Map.of(
                                "type",
                                "input_audio_buffer.append",
                                "audio",
                                Base64.getEncoder().encodeToString(bytes)));
                    }
                } catch (RuntimeException e) {
                    return;
                }
            }
        });
        return this;
    }

    /**
     * Queues speech for the microphone. The returned futures complete with the (System.nanoTime) send times of the
     * first and of the last sample.
     */
    public CompletableFuture<Long>[] say(short[] pcm) {
        Utterance u = new Utterance(pcm, new CompletableFuture<>(), new CompletableFuture<>());
        toSay.add(u);
        @SuppressWarnings("unchecked")
        CompletableFuture<Long>[] r = new CompletableFuture[] {u.started, u.finished};
        return r;
    }

    /** Waits for the first event of {@code type} matching {@code filter}. */
    public Received await(String type, Predicate<Received> filter, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Received r : received) {
                if (r.type().equals(type) && filter.test(r)) {
                    return r;
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("no '" + type + "' within " + timeout + "; got " + types());
    }

    public Received await(String type, Duration timeout) {
        return await(type, r -> true, timeout);
    }

    public List<Received> ofType(String type) {
        return received.stream().filter(r -> r.type().equals(type)).toList();
    }

    public List<String> types() {
        List<String> t = new ArrayList<>();
        String last = null;
        for (Received r : received) {
            if (!r.type().equals(last)
                    || !(r.type().equals("response.audio.delta") || r.type().equals("binary"))) {
                t.add(r.type());
            }
            last = r.type();
        }
        return t;
    }

    /** All agent audio received (base64 deltas and binary frames), as samples. */
    public long audioSamples() {
        long n = 0;
        for (Received r : received) {
            if (r.binary() != null) {
                n += r.binary().length / 2;
            } else if (r.type().equals("response.audio.delta")) {
                n += Base64.getDecoder().decode(r.json().path("delta").asString("")).length / 2;
            }
        }
        return n;
    }

    @Override
    public void close() {
        if (mic != null) {
            mic.interrupt();
        }
        if (!closed.isDone()) {
            try {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
            } catch (RuntimeException ignored) {
                // already closed
            }
        }
        ws.abort();
    }
}

package io.mnemos.speech.ws;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.Consumer;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * The bounded output queue of one WebSocket: messages are sent in order by one virtual thread. A client that does not
 * read is detected two ways — more than {@code limitBytes} queued, or one send blocked longer than the send timeout
 * ({@link #stalledNanos}) — and then closed with a reason by the owner. Audio of an interrupted response can be purged
 * before it is sent ({@link #dropAudio}), so playback stops at once.
 */
final class Outbound {
    private record Msg(WebSocketMessage<?> message, String audioOf, int bytes) {}

    private final WebSocketSession ws;
    private final long limitBytes;
    private final Consumer<String> overflow;
    private final ArrayDeque<Msg> queue = new ArrayDeque<>();
    private long queuedBytes;
    private boolean closed;
    private volatile long sendingSince;
    private volatile long lastAudioSentNanos;
    private final Thread sender;

    Outbound(WebSocketSession ws, long limitBytes, Consumer<String> overflow) {
        this.ws = ws;
        this.limitBytes = limitBytes;
        this.overflow = overflow;
        this.sender = Thread.ofVirtual().name("ws-out-" + ws.getId()).start(this::run);
    }

    void text(String json) {
        offer(new Msg(new TextMessage(json), null, json.length()));
    }

    void text(String json, String audioOf) {
        offer(new Msg(new TextMessage(json), audioOf, json.length()));
    }

    void binary(byte[] data, String audioOf) {
        offer(new Msg(new BinaryMessage(data), audioOf, data.length));
    }

    private void offer(Msg m) {
        String problem = null;
        synchronized (queue) {
            if (closed) {
                return;
            }
            if (queuedBytes + m.bytes > limitBytes) {
                problem = "client is not reading: more than " + (limitBytes / 1024) + " KiB of output queued";
                closed = true;
                queue.clear();
            } else {
                queue.addLast(m);
                queuedBytes += m.bytes;
                queue.notifyAll();
            }
        }
        if (problem != null) {
            overflow.accept(problem);
        }
    }

    /** Removes queued audio of {@code responseId}; returns the bytes dropped. */
    long dropAudio(String responseId) {
        long dropped = 0;
        synchronized (queue) {
            for (Iterator<Msg> it = queue.iterator(); it.hasNext(); ) {
                Msg m = it.next();
                if (responseId.equals(m.audioOf)) {
                    it.remove();
                    queuedBytes -= m.bytes;
                    dropped += m.bytes;
                }
            }
        }
        return dropped;
    }

    /** How long the current send has been blocked (0 when not sending). */
    long stalledNanos() {
        long s = sendingSince;
        return s == 0 ? 0 : System.nanoTime() - s;
    }

    /** Bytes waiting. */
    long queuedBytes() {
        synchronized (queue) {
            return queuedBytes;
        }
    }

    /** When audio was last handed to the socket (System.nanoTime), 0 if never. */
    long lastAudioSentNanos() {
        return lastAudioSentNanos;
    }

    /** Stops sending; queued messages are dropped. */
    void close() {
        synchronized (queue) {
            closed = true;
            queue.clear();
            queue.notifyAll();
        }
    }

    /** Sends what is queued, then stops (for a graceful close). */
    void drainAndClose(long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (queue) {
            while ((!queue.isEmpty() || sendingSince != 0) && !closed && System.currentTimeMillis() < deadline) {
                try {
                    queue.wait(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        close();
    }

    private void run() {
        while (true) {
            Msg m;
            synchronized (queue) {
                while (queue.isEmpty() && !closed) {
                    try {
                        queue.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                m = queue.pollFirst();
                queuedBytes -= m.bytes;
                queue.notifyAll();
            }
            try {
                sendingSince = System.nanoTime();
                ws.sendMessage(m.message);
                if (m.audioOf != null) {
                    lastAudioSentNanos = System.nanoTime();
                }
            } catch (IOException | RuntimeException e) {
                close();
                return;
            } finally {
                sendingSince = 0;
            }
        }
    }
}

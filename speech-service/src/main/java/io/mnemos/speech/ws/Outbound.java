package io.mnemos.speech.ws;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * The bounded output queue of one voice session: messages are sent in order by one virtual thread. A client that does
 * not read is detected two ways — more than {@code limitBytes} queued, or one send blocked longer than the send timeout
 * ({@link #stalledNanos}) — and then closed with a reason by the owner. Audio of an interrupted response can be purged
 * before it is sent ({@link #dropAudio}), so playback stops at once.
 *
 * <p>Resume: every JSON event gets the next sequence number and is kept in a resume log (bounded by
 * {@code resumeBytes}) until the client acknowledges it ({@link #ack}). When the socket drops, the queue stops
 * ({@link #detach}) and events keep going into the log; a reconnecting client that says which sequence number it saw
 * last gets exactly the events after it ({@link #attach}): nothing lost, nothing twice. Binary audio frames carry no
 * sequence number and are not replayed (clients that need lossless resume use JSON audio events).
 */
final class Outbound {
    private record Msg(long seq, WebSocketMessage<?> message, String audioOf, int bytes) {}

    /** Why {@link #attach} could not resume. */
    static final class ResumeException extends Exception {
        ResumeException(String message) {
            super(message);
        }
    }

    private final long limitBytes;
    private final long resumeBytes;
    private final Consumer<String> overflow;
    private final Consumer<WebSocketSession> transportLost;
    private final ArrayDeque<Msg> queue = new ArrayDeque<>();
    private final ArrayDeque<Msg> log = new ArrayDeque<>();
    private WebSocketSession ws;
    private long queuedBytes;
    private long loggedBytes;
    private long lastSeq;
    /** Events up to this sequence number are no longer in the log (acknowledged, or evicted by the bound). */
    private long forgottenUpTo;
    /** The highest sequence number evicted unacknowledged: resuming from before it is impossible. */
    private long evictedUpTo;

    private boolean closed;
    private volatile long sendingSince;
    private volatile long lastAudioSentNanos;

    Outbound(WebSocketSession ws, long limitBytes, Consumer<String> overflow) {
        this(ws, limitBytes, 0, overflow, lost -> {});
    }

    Outbound(
            WebSocketSession ws,
            long limitBytes,
            long resumeBytes,
            Consumer<String> overflow,
            Consumer<WebSocketSession> transportLost) {
        this.ws = ws;
        this.limitBytes = limitBytes;
        this.resumeBytes = resumeBytes;
        this.overflow = overflow;
        this.transportLost = transportLost;
        Thread.ofVirtual().name("ws-out-" + ws.getId()).start(this::run);
    }

    /** Queues a JSON event; it is rendered with its sequence number. Returns the sequence number. */
    long text(LongFunction<String> render) {
        return text(render, null);
    }

    /** Queues a JSON event carrying audio of {@code audioOf} (purged by {@link #dropAudio}). */
    long text(LongFunction<String> render, String audioOf) {
        String problem = null;
        long seq;
        synchronized (queue) {
            if (closed) {
                return -1;
            }
            seq = ++lastSeq;
            String json = render.apply(seq);
            Msg m = new Msg(seq, new TextMessage(json), audioOf, json.length());
            remember(m);
            problem = enqueue(m);
        }
        if (problem != null) {
            overflow.accept(problem);
        }
        return seq;
    }

    /** Queues a plain text message (no sequence number in it). */
    void text(String json) {
        text(seq -> json);
    }

    /** Queues a binary audio frame; not sequenced, and dropped while no socket is attached. */
    void binary(byte[] data, String audioOf) {
        String problem = null;
        synchronized (queue) {
            if (closed || ws == null) {
                return;
            }
            problem = enqueue(new Msg(0, new BinaryMessage(data), audioOf, data.length));
        }
        if (problem != null) {
            overflow.accept(problem);
        }
    }

    private String enqueue(Msg m) {
        if (ws == null) {
            return null; // detached: the log keeps it for the resume
        }
        if (queuedBytes + m.bytes > limitBytes) {
            closed = true;
            queue.clear();
            return "client is not reading: more than " + (limitBytes / 1024) + " KiB of output queued";
        }
        queue.addLast(m);
        queuedBytes += m.bytes;
        queue.notifyAll();
        return null;
    }

    private void remember(Msg m) {
        if (resumeBytes <= 0) {
            return;
        }
        log.addLast(m);
        loggedBytes += m.bytes;
        while (loggedBytes > resumeBytes && log.size() > 1) {
            Msg old = log.pollFirst();
            loggedBytes -= old.bytes;
            forgottenUpTo = old.seq;
            evictedUpTo = old.seq;
        }
    }

    /** The client has everything up to {@code seq}: those events need not be kept for a resume. */
    void ack(long seq) {
        synchronized (queue) {
            while (!log.isEmpty() && log.peekFirst().seq <= seq) {
                Msg m = log.pollFirst();
                loggedBytes -= m.bytes;
                forgottenUpTo = m.seq;
            }
        }
    }

    /** Removes queued (and logged) audio of {@code responseId}; returns the queued bytes dropped. */
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
            // An interrupted response must not resume playing after a reconnect either.
            for (Iterator<Msg> it = log.iterator(); it.hasNext(); ) {
                Msg m = it.next();
                if (responseId.equals(m.audioOf)) {
                    it.remove();
                    loggedBytes -= m.bytes;
                }
            }
        }
        return dropped;
    }

    /** Stops sending to the current socket (it dropped); events keep going into the resume log. */
    void detach() {
        synchronized (queue) {
            ws = null;
            queue.clear();
            queuedBytes = 0;
            queue.notifyAll();
        }
    }

    /**
     * Continues on {@code next}, first sending every logged event after {@code lastSeenSeq}. Returns how many events
     * were replayed.
     */
    int attach(WebSocketSession next, long lastSeenSeq) throws ResumeException {
        synchronized (queue) {
            if (closed) {
                throw new ResumeException("the session has ended");
            }
            if (lastSeenSeq > lastSeq) {
                throw new ResumeException(
                        "last seen sequence " + lastSeenSeq + " was never sent (the latest is " + lastSeq + ")");
            }
            if (lastSeenSeq < evictedUpTo) {
                throw new ResumeException("events after sequence " + lastSeenSeq
                        + " are no longer buffered (resume buffer full); start a new session");
            }
            if (lastSeenSeq < forgottenUpTo) {
                throw new ResumeException(
                        "sequence " + lastSeenSeq + " is older than the last acknowledged one (" + forgottenUpTo + ")");
            }
            queue.clear();
            queuedBytes = 0;
            int replayed = 0;
            for (Msg m : log) {
                if (m.seq > lastSeenSeq) {
                    queue.addLast(m);
                    queuedBytes += m.bytes;
                    replayed++;
                }
            }
            ws = next;
            queue.notifyAll();
            return replayed;
        }
    }

    /** The socket messages go to now, or null while detached. */
    WebSocketSession socket() {
        synchronized (queue) {
            return ws;
        }
    }

    /** The sequence number of the latest event. */
    long lastSeq() {
        synchronized (queue) {
            return lastSeq;
        }
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

    /** Bytes kept for a resume. */
    long loggedBytes() {
        synchronized (queue) {
            return loggedBytes;
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
            log.clear();
            queue.notifyAll();
        }
    }

    /** Sends what is queued, then stops (for a graceful close). */
    void drainAndClose(long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (queue) {
            while ((!queue.isEmpty() || sendingSince != 0)
                    && !closed
                    && ws != null
                    && System.currentTimeMillis() < deadline) {
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
            WebSocketSession target;
            synchronized (queue) {
                while ((queue.isEmpty() || ws == null) && !closed) {
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
                target = ws;
                queue.notifyAll();
            }
            try {
                sendingSince = System.nanoTime();
                target.sendMessage(m.message);
                if (m.audioOf != null) {
                    lastAudioSentNanos = System.nanoTime();
                }
            } catch (IOException | RuntimeException e) {
                boolean lost;
                synchronized (queue) {
                    lost = !closed && ws == target;
                    if (lost) {
                        ws = null;
                        queue.clear();
                        queuedBytes = 0;
                    }
                }
                if (lost) {
                    transportLost.accept(target);
                }
            } finally {
                sendingSince = 0;
            }
        }
    }
}

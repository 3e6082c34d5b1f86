package io.mnemos.speech.ws;

import io.mnemos.contracts.events.SpeechInterrupt;
import io.mnemos.contracts.events.SpeechTranscript;
import io.mnemos.contracts.identity.Identity;
import io.mnemos.contracts.identity.InternalToken;
import io.mnemos.contracts.identity.InvalidInternalTokenException;
import io.mnemos.speech.SpeechProperties;
import io.mnemos.speech.agent.AgentClient;
import io.mnemos.speech.agent.AgentRequest;
import io.mnemos.speech.asr.Transcriber;
import io.mnemos.speech.audio.Pcm;
import io.mnemos.speech.audio.Wav;
import io.mnemos.speech.duplex.DuplexListener;
import io.mnemos.speech.duplex.DuplexSession;
import io.mnemos.speech.duplex.DuplexState;
import io.mnemos.speech.events.SpeechEvents;
import io.mnemos.speech.tts.Synthesizer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * One voice WebSocket: decodes client events into a {@link DuplexSession} and encodes what the session reports as
 * OpenAI Realtime server events (plus a few {@code mnemos.*} extensions), guards the limits (frame sizes, input rate,
 * output backlog, session length, idle time) and publishes final transcripts and interruptions.
 */
final class Connection implements DuplexListener {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    private static final int CLOSE_UNSUPPORTED_DATA = 1003;
    private static final int CLOSE_INVALID_PAYLOAD = 1007;
    private static final int CLOSE_POLICY = 1008;
    private static final int CLOSE_TOO_BIG = 1009;

    record Deps(
            SpeechProperties props,
            Transcriber transcriber,
            Synthesizer synthesizer,
            AgentClient agent,
            ExecutorService synthesisPool,
            ScheduledExecutorService timer,
            ExecutorService actors,
            SpeechEvents events,
            ObjectMapper json,
            byte[] secret) {}

    private final UUID sessionId;
    private final Identity caller;
    private final String upgradeToken;
    private final boolean binaryOut;
    private final Deps deps;
    private final Runnable onClosed;
    private final Outbound outbound;
    private final DuplexSession session;
    private final AtomicInteger protocolErrors = new AtomicInteger();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final long startNanos = System.nanoTime();
    private final AtomicLong inputSamples = new AtomicLong();
    private volatile long lastInputNanos = System.nanoTime();
    private volatile long detachedSinceNanos;
    private ScheduledFuture<?> watchdog;

    Connection(
            WebSocketSession ws,
            UUID sessionId,
            Identity caller,
            String upgradeToken,
            boolean binaryOut,
            Deps deps,
            Runnable onClosed) {
        this.sessionId = sessionId;
        this.caller = caller;
        this.upgradeToken = upgradeToken;
        this.binaryOut = binaryOut;
        this.deps = deps;
        this.onClosed = onClosed;
        this.outbound = new Outbound(
                ws,
                deps.props().session().outboundBuffer().toBytes(),
                deps.props().session().resumeBuffer().toBytes(),
                reason -> close(CLOSE_POLICY, reason),
                this::transportLost);
        String tag = Long.toHexString(sessionId.getLeastSignificantBits() & 0xFFFFFFL);
        this.session = new DuplexSession(
                tag,
                deps.props().duplexSettings(),
                deps.transcriber(),
                deps.synthesizer(),
                deps.agent(),
                text -> new AgentRequest(sessionId, text, caller, this::identityToken),
                this,
                new DuplexSession.Environment(deps.actors(), deps.timer(), deps.synthesisPool(), System::nanoTime));
    }

    void start() {
        Map<String, Object> turn = new LinkedHashMap<>();
        turn.put("type", "server_vad");
        turn.put("silence_duration_ms", deps.props().turn().endOfTurnSilence().toMillis());
        turn.put("prefix_padding_ms", deps.props().turn().preRoll().toMillis());
        turn.put(
                "mnemos_semantic_silence_ms",
                deps.props().turn().semanticSilence().toMillis());
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", sessionId.toString());
        s.put("object", "realtime.session");
        s.put("modalities", new String[] {"audio", "text"});
        s.put("input_audio_format", "pcm16");
        s.put("output_audio_format", "pcm16");
        s.put("mnemos_sample_rate", Pcm.SAMPLE_RATE);
        s.put("mnemos_audio_out", binaryOut ? "binary" : "json");
        s.put("mnemos_max_duration_s", deps.props().session().maxDuration().toSeconds());
        s.put("mnemos_resume_grace_s", deps.props().session().resumeGrace().toSeconds());
        s.put("turn_detection", turn);
        send("session.created", Map.of("session", s));
        long period = 500;
        watchdog = deps.timer().scheduleAtFixedRate(this::checkLimits, period, period, TimeUnit.MILLISECONDS);
    }

    // ---- client → server -----------------------------------------------------------------------------------------

    void onBinary(ByteBuffer payload) {
        byte[] data = new byte[payload.remaining()];
        payload.get(data);
        acceptAudio(data, "binary frame");
    }

    void onText(String payload) {
        JsonNode msg;
        try {
            msg = deps.json().readTree(payload);
        } catch (RuntimeException e) {
            protocolError("invalid_json", "The message is not JSON.", null);
            return;
        }
        String type = msg.path("type").asString("");
        String eventId = msg.path("event_id").asString(null);
        switch (type) {
            case "input_audio_buffer.append" -> {
                String b64 = msg.path("audio").asString("");
                byte[] data;
                try {
                    data = Base64.getDecoder().decode(b64);
                } catch (IllegalArgumentException e) {
                    protocolError("invalid_audio", "\"audio\" is not valid base64.", eventId);
                    return;
                }
                if (data.length > deps.props().session().maxFrame().toBytes()) {
                    close(
                            CLOSE_TOO_BIG,
                            "audio append larger than " + deps.props().session().maxFrame());
                    return;
                }
                acceptAudio(data, "input_audio_buffer.append");
            }
            case "input_audio_buffer.commit" -> session.commit();
            case "response.cancel" -> session.cancelResponse();
            case "session.update" -> onSessionUpdate(msg.path("session"), eventId);
            case "mnemos.ack" -> {
                JsonNode seq = msg.path("seq");
                if (!seq.canConvertToLong() || seq.asLong() < 0) {
                    protocolError(
                            "invalid_ack", "mnemos.ack needs \"seq\": the last sequence number received.", eventId);
                } else {
                    outbound.ack(seq.asLong());
                }
            }
            case "" -> protocolError("missing_type", "Every event needs a \"type\".", eventId);
            default ->
                protocolError(
                        "unknown_event",
                        "Unsupported event type '" + type + "'; supported: input_audio_buffer.append,"
                                + " input_audio_buffer.commit, response.cancel, session.update, mnemos.ack.",
                        eventId);
        }
    }

    private void onSessionUpdate(JsonNode s, String eventId) {
        for (String field : new String[] {"input_audio_format", "output_audio_format"}) {
            JsonNode f = s.path(field);
            if (!f.isMissingNode() && !"pcm16".equals(f.asString(""))) {
                protocolError("unsupported_audio_format", field + " must be pcm16 (16 kHz mono).", eventId);
                return;
            }
        }
        send("session.updated", Map.of("session", Map.of("id", sessionId.toString(), "input_audio_format", "pcm16")));
    }

    private void acceptAudio(byte[] data, String what) {
        if (closing.get()) {
            return;
        }
        if (data.length == 0) {
            return;
        }
        String container = Wav.containerName(data, 0, data.length);
        if (container != null) {
            error(
                    "invalid_request_error",
                    "unsupported_audio",
                    "Got " + container + " data; send raw PCM16 (16 kHz, mono, little-endian) without a header.",
                    null);
            close(CLOSE_UNSUPPORTED_DATA, "expected raw PCM16 16 kHz mono, got " + container);
            return;
        }
        if ((data.length & 1) != 0) {
            error(
                    "invalid_request_error",
                    "invalid_audio_frame",
                    "A " + what + " of " + data.length + " bytes is not whole PCM16 samples (need an even size).",
                    null);
            close(CLOSE_INVALID_PAYLOAD, "audio frame of odd size " + data.length + ": not PCM16");
            return;
        }
        long samples = inputSamples.addAndGet(data.length / 2);
        long aheadMs = Pcm.millis(samples) - (System.nanoTime() - startNanos) / 1_000_000;
        if (aheadMs > deps.props().session().maxInputAhead().toMillis()) {
            error(
                    "invalid_request_error",
                    "input_too_fast",
                    "Audio arrives faster than real time (" + aheadMs + " ms ahead); stream it as it is recorded.",
                    null);
            close(CLOSE_POLICY, "audio faster than real time");
            return;
        }
        lastInputNanos = System.nanoTime();
        session.audio(Pcm.toSamples(data));
    }

    private void protocolError(String code, String message, String eventId) {
        error("invalid_request_error", code, message, eventId);
        if (protocolErrors.incrementAndGet() > deps.props().session().maxProtocolErrors()) {
            close(CLOSE_POLICY, "too many protocol errors (last: " + code + ")");
        }
    }

    // ---- limits ---------------------------------------------------------------------------------------------------

    private void checkLimits() {
        if (closing.get()) {
            return;
        }
        SpeechProperties.Session s = deps.props().session();
        long now = System.nanoTime();
        long detached = detachedSinceNanos;
        if (detached != 0) {
            if (now - detached > s.resumeGrace().toNanos()) {
                log.info("voice session {} not resumed within {}: ending it", sessionId, s.resumeGrace());
                shutdown();
            }
            return;
        }
        if (now - startNanos > s.maxDuration().toNanos()) {
            close(CloseStatus.NORMAL.getCode(), "session length limit reached (" + s.maxDuration() + ")");
        } else if (now - lastInputNanos > s.idleTimeout().toNanos()) {
            close(CloseStatus.NORMAL.getCode(), "no audio for " + s.idleTimeout());
        } else if (outbound.stalledNanos() > s.sendTimeout().toNanos()) {
            close(CLOSE_POLICY, "client is not reading: a send was blocked for over " + s.sendTimeout());
        }
    }

    void close(int code, String reason) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        log.info("closing voice session {} ({}): {}", sessionId, code, reason);
        session.close();
        Thread.ofVirtual().start(() -> {
            // Deliver what is queued (e.g. the error event explaining the close) first, but never wait long: the
            // client may be the one not reading.
            WebSocketSession ws = outbound.socket();
            outbound.drainAndClose(1000);
            if (ws != null) {
                try {
                    ws.close(new CloseStatus(code, truncate(reason)));
                } catch (IOException | RuntimeException e) {
                    log.debug("close failed: {}", e.toString());
                }
            }
            shutdown();
        });
    }

    void shutdown() {
        closing.set(true);
        session.close();
        outbound.close();
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        onClosed.run();
    }

    // ---- resume ---------------------------------------------------------------------------------------------------

    /** The socket dropped without a close from the client: keep the session for {@code resumeGrace}. */
    void transportLost(WebSocketSession ws) {
        if (closing.get()) {
            return;
        }
        if (outbound.socket() == ws) {
            outbound.detach();
        }
        if (detachedSinceNanos == 0) {
            detachedSinceNanos = System.nanoTime();
            log.info(
                    "voice session {}: connection lost; waiting {} for a resume (last event {})",
                    sessionId,
                    deps.props().session().resumeGrace(),
                    outbound.lastSeq());
        }
    }

    /** Whether {@code ws} is the socket this session talks to now. */
    boolean isCurrent(WebSocketSession ws) {
        return outbound.socket() == ws;
    }

    /** Whether {@code other} may resume this session: the same tenant and principal. */
    boolean ownedBy(Identity other) {
        return caller.tenant().equals(other.tenant()) && caller.principal().equals(other.principal());
    }

    boolean ended() {
        return closing.get();
    }

    /**
     * Continues this session on {@code next} after the client saw events up to {@code lastSeenSeq}: replays what
     * came after, then tells the client how much of its audio arrived so it can send the rest.
     */
    void resume(WebSocketSession next, long lastSeenSeq) throws Outbound.ResumeException {
        WebSocketSession previous = outbound.socket();
        int replayed = outbound.attach(next, lastSeenSeq);
        detachedSinceNanos = 0;
        lastInputNanos = System.nanoTime();
        if (previous != null && previous != next) {
            // The server had not noticed the old socket die (half-open TCP): retire it quietly.
            try {
                previous.close(new CloseStatus(4000, "replaced by a resumed connection"));
            } catch (IOException | RuntimeException e) {
                log.debug("closing the replaced socket failed: {}", e.toString());
            }
        }
        log.info("voice session {} resumed after event {}: {} events replayed", sessionId, lastSeenSeq, replayed);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("session_id", sessionId.toString());
        m.put("last_seq", lastSeenSeq);
        m.put("replayed", replayed);
        m.put("input_audio_bytes_received", inputSamples.get() * 2);
        send("mnemos.session.resumed", m);
    }

    private static String truncate(String reason) {
        // Close reasons are limited to 123 bytes of UTF-8.
        return reason.length() <= 120 ? reason : reason.substring(0, 117) + "...";
    }

    private String identityToken() {
        if (deps.secret() == null) {
            return upgradeToken;
        }
        if (upgradeToken != null) {
            try {
                InternalToken.verify(upgradeToken, deps.secret(), Instant.now().plusSeconds(10));
                return upgradeToken;
            } catch (InvalidInternalTokenException e) {
                // expiring: re-sign below
            }
        }
        // The gateway signs short-lived tokens per request; a voice session outlives them, so the same identity is
        // re-signed with the shared secret for each turn.
        return InternalToken.sign(caller, deps.secret(), Instant.now().plusSeconds(120));
    }

    // ---- server → client (DuplexListener) ------------------------------------------------------------------------

    @Override
    public void stateChanged(DuplexState from, DuplexState to) {
        log.debug("session {}: {} -> {}", sessionId, from, to);
    }

    @Override
    public void speechStarted(String itemId, long audioStartMs) {
        send("input_audio_buffer.speech_started", Map.of("audio_start_ms", audioStartMs, "item_id", itemId));
    }

    @Override
    public void speechStopped(String itemId, long audioEndMs) {
        send("input_audio_buffer.speech_stopped", Map.of("audio_end_ms", audioEndMs, "item_id", itemId));
        send("input_audio_buffer.committed", Map.of("item_id", itemId));
    }

    @Override
    public void transcriptionDelta(String itemId, String delta, boolean replaced, String text) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("item_id", itemId);
        m.put("content_index", 0);
        m.put("delta", delta);
        if (replaced) {
            m.put("mnemos_replaces_previous", true);
        }
        m.put("mnemos_text", text);
        send("conversation.item.input_audio_transcription.delta", m);
    }

    @Override
    public void transcriptionCompleted(String itemId, String transcript, long audioStartMs, long audioEndMs) {
        send(
                "conversation.item.input_audio_transcription.completed",
                Map.of("item_id", itemId, "content_index", 0, "transcript", transcript));
        if (!transcript.isBlank()) {
            deps.events()
                    .publish(
                            new SpeechTranscript(
                                    sessionId, itemId, "user", transcript, audioStartMs, audioEndMs, Instant.now()),
                            caller.tenant(),
                            sessionId);
        }
    }

    @Override
    public void responseCreated(String responseId, long epoch, String userItemId) {
        send(
                "response.created",
                Map.of(
                        "response",
                        Map.of(
                                "id", responseId,
                                "object", "realtime.response",
                                "status", "in_progress",
                                "mnemos_epoch", epoch,
                                "mnemos_user_item_id", userItemId)));
    }

    @Override
    public void responseTextDelta(String responseId, String delta) {
        send(
                "response.audio_transcript.delta",
                Map.of(
                        "response_id",
                        responseId,
                        "item_id",
                        "item_" + responseId,
                        "output_index",
                        0,
                        "content_index",
                        0,
                        "delta",
                        delta));
    }

    @Override
    public void responseAudio(String responseId, short[] pcm) {
        byte[] bytes = Pcm.toBytes(pcm);
        if (binaryOut) {
            outbound.binary(bytes, responseId);
            return;
        }
        String delta = Base64.getEncoder().encodeToString(bytes);
        outbound.text(
                seq -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("type", "response.audio.delta");
                    m.put("event_id", "evt_" + seq);
                    m.put("mnemos_seq", seq);
                    m.put("response_id", responseId);
                    m.put("item_id", "item_" + responseId);
                    m.put("output_index", 0);
                    m.put("content_index", 0);
                    m.put("delta", delta);
                    return deps.json().writeValueAsString(m);
                },
                responseId);
    }

    @Override
    public void responseDone(ResponseSummary r) {
        if ("cancelled".equals(r.status())) {
            outbound.dropAudio(r.responseId());
        }
        Map<String, Object> ids = Map.of(
                "response_id",
                r.responseId(),
                "item_id",
                "item_" + r.responseId(),
                "output_index",
                0,
                "content_index",
                0);
        send("response.audio.done", ids);
        Map<String, Object> td = new LinkedHashMap<>(ids);
        td.put("transcript", r.heardText());
        send("response.audio_transcript.done", td);
        Map<String, Object> mn = new LinkedHashMap<>();
        mn.put("epoch", r.epoch());
        mn.put("heard_text", r.heardText());
        mn.put("full_text", r.fullText());
        mn.put("played_ms", r.playedMs());
        mn.put("turn_end_to_first_audio_ms", r.turnEndToFirstAudioMs());
        mn.put("turn_end_to_final_transcript_ms", r.timings().finalTranscriptMs());
        mn.put("turn_end_to_agent_text_ms", r.timings().agentFirstTextMs());
        mn.put("turn_end_to_first_segment_ms", r.timings().firstSegmentMs());
        Map<String, Object> resp = new LinkedHashMap<>();
        resp.put("id", r.responseId());
        resp.put("object", "realtime.response");
        resp.put("status", r.status());
        if (r.reason() != null) {
            resp.put("status_details", Map.of("type", r.status(), "reason", r.reason()));
        }
        resp.put("mnemos", mn);
        send("response.done", Map.of("response", resp));
        if ("cancelled".equals(r.status())) {
            deps.events()
                    .publish(
                            new SpeechInterrupt(
                                    sessionId,
                                    r.epoch(),
                                    r.heardText(),
                                    r.playedMs(),
                                    "client_cancelled".equals(r.reason()) ? "client_cancelled" : "barge_in",
                                    Instant.now()),
                            caller.tenant(),
                            sessionId);
        } else if (!r.heardText().isBlank()) {
            deps.events()
                    .publish(
                            new SpeechTranscript(
                                    sessionId,
                                    "item_" + r.responseId(),
                                    "agent",
                                    r.heardText(),
                                    r.outputStartMs(),
                                    r.outputStartMs() + r.playedMs(),
                                    Instant.now()),
                            caller.tenant(),
                            sessionId);
        }
    }

    @Override
    public void bargeInCandidate(String itemId, long audioStartMs) {
        send("mnemos.barge_in.candidate", Map.of("item_id", itemId, "audio_start_ms", audioStartMs));
    }

    @Override
    public void bargeInRejected(String itemId, String transcript) {
        send("mnemos.barge_in.rejected", Map.of("item_id", itemId, "transcript", transcript));
    }

    @Override
    public void bargeInConfirmed(
            String itemId, String transcript, String responseId, long epoch, String heardText, long playedMs) {
        long dropped = outbound.dropAudio(responseId);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("item_id", itemId);
        m.put("transcript", transcript);
        m.put("response_id", responseId);
        m.put("heard_text", heardText);
        m.put("played_ms", playedMs);
        m.put("dropped_bytes", dropped);
        m.put("confirmed_at_epoch_ms", System.currentTimeMillis());
        send("mnemos.barge_in.confirmed", m);
    }

    @Override
    public void error(String code, String message) {
        error("server_error", code, message, null);
    }

    private void error(String type, String code, String message, String eventId) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", type);
        e.put("code", code);
        e.put("message", message);
        if (eventId != null) {
            e.put("event_id", eventId);
        }
        send("error", Map.of("error", e));
    }

    private void send(String type, Map<String, Object> fields) {
        outbound.text(seq -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", type);
            m.put("event_id", "evt_" + seq);
            m.put("mnemos_seq", seq);
            m.putAll(fields);
            return deps.json().writeValueAsString(m);
        });
    }
}

package io.mnemos.speech.ws;

import io.mnemos.contracts.identity.Identity;
import io.mnemos.contracts.identity.InternalToken;
import io.mnemos.speech.SpeechProperties;
import io.mnemos.speech.agent.AgentClient;
import io.mnemos.speech.asr.Transcriber;
import io.mnemos.speech.events.SpeechEvents;
import io.mnemos.speech.tts.Synthesizer;
import io.mnemos.web.security.MnemosSecurityProperties;
import io.mnemos.web.security.TenantContext;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code WS /v1/speech/sessions/{sessionId}}: a full-duplex voice session speaking (a subset of) the OpenAI Realtime
 * protocol — see the module README. The caller's identity is verified on the HTTP upgrade request (gateway-signed
 * header) and needs scopes {@code speech} and {@code memory:write} (its turns are written to the conversation, which
 * the orchestrator checks again; asking for it here refuses the socket up front); {@code sessionId} is the
 * orchestrator session the turns go to. {@code ?audio=binary} sends agent audio as binary frames instead of
 * {@code response.audio.delta} events. {@code ?resume=<seq>} continues a session whose socket dropped (within
 * {@code mnemos.speech.session.resume-grace}), replaying the JSON events after sequence number {@code seq}.
 */
@Configuration
@EnableWebSocket
class SpeechSocket extends AbstractWebSocketHandler implements WebSocketConfigurer {
    static final String PATH = "/v1/speech/sessions/{sessionId}";
    static final List<String> REQUIRED_SCOPES = List.of("speech", "memory:write");
    private static final String CONNECTION = "mnemos.speech.connection";
    private static final String IDENTITY = "mnemos.identity";
    private static final String TOKEN = "mnemos.token";
    private static final String SESSION = "mnemos.session";
    private static final String BINARY_OUT = "mnemos.binaryOut";
    private static final String RESUME = "mnemos.resume";

    private final SpeechProperties props;
    private final Transcriber transcriber;
    private final Synthesizer synthesizer;
    private final AgentClient agent;
    private final ExecutorService synthesisPool;
    private final ScheduledExecutorService timer;
    private final SpeechEvents events;
    private final ObjectMapper json;
    private final byte[] secret;
    private final ExecutorService actors = Executors.newVirtualThreadPerTaskExecutor();
    /** Voice sessions by tenant and session id; a session outlives a dropped socket for the resume grace. */
    private final Map<String, Connection> sessions = new ConcurrentHashMap<>();

    SpeechSocket(
            SpeechProperties props,
            Transcriber transcriber,
            Synthesizer synthesizer,
            AgentClient agent,
            @Qualifier("speechSynthesisPool") ExecutorService synthesisPool,
            @Qualifier("speechTimer") ScheduledExecutorService timer,
            SpeechEvents events,
            ObjectMapper json,
            MnemosSecurityProperties security) {
        this.props = props;
        this.transcriber = transcriber;
        this.synthesizer = synthesizer;
        this.agent = agent;
        this.synthesisPool = synthesisPool;
        this.timer = timer;
        this.events = events;
        this.json = json;
        String s = security.internalSecret();
        this.secret = s == null || s.isBlank() ? null : InternalToken.secret(s);
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(this, PATH).setAllowedOriginPatterns("*").addInterceptors(new HandshakeInterceptor() {
            @Override
            public boolean beforeHandshake(
                    ServerHttpRequest request,
                    ServerHttpResponse response,
                    WebSocketHandler handler,
                    Map<String, Object> attributes) {
                Optional<Identity> caller = TenantContext.find();
                if (caller.isEmpty()) {
                    response.setStatusCode(HttpStatus.UNAUTHORIZED);
                    return false;
                }
                if (!caller.get().hasAllScopes(REQUIRED_SCOPES)) {
                    response.setStatusCode(HttpStatus.FORBIDDEN);
                    return false;
                }
                UUID sessionId = sessionIdOf(request.getURI());
                if (sessionId == null) {
                    response.setStatusCode(HttpStatus.BAD_REQUEST);
                    return false;
                }
                String query = request.getURI().getQuery();
                Long resume = resumeOf(query);
                if (resume != null && resume < 0) {
                    response.setStatusCode(HttpStatus.BAD_REQUEST);
                    return false;
                }
                Connection existing = sessions.get(key(caller.get(), sessionId));
                if (resume != null && (existing == null || existing.ended() || !existing.ownedBy(caller.get()))) {
                    response.setStatusCode(HttpStatus.NOT_FOUND); // nothing to resume (or not yours)
                    return false;
                }
                if (resume == null && existing != null && !existing.ended()) {
                    response.setStatusCode(HttpStatus.CONFLICT); // open already: reconnect with ?resume=<seq>
                    return false;
                }
                attributes.put(IDENTITY, caller.get());
                attributes.put(TOKEN, request.getHeaders().getFirst(InternalToken.HEADER));
                attributes.put(SESSION, sessionId);
                attributes.put(BINARY_OUT, query != null && query.contains("audio=binary"));
                if (resume != null) {
                    attributes.put(RESUME, resume);
                }
                return true;
            }

            @Override
            public void afterHandshake(
                    ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Exception ex) {}
        });
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession ws) throws Exception {
        ws.setBinaryMessageSizeLimit((int) props.session().maxFrame().toBytes());
        ws.setTextMessageSizeLimit((int) props.session().maxTextMessage().toBytes());
        Map<String, Object> a = ws.getAttributes();
        Identity caller = (Identity) a.get(IDENTITY);
        String key = key(caller, (UUID) a.get(SESSION));
        if (a.get(RESUME) instanceof Long lastSeen) {
            Connection c = sessions.get(key);
            try {
                if (c == null || c.ended() || !c.ownedBy(caller)) {
                    throw new Outbound.ResumeException("the session has ended");
                }
                a.put(CONNECTION, c);
                c.resume(ws, lastSeen);
            } catch (Outbound.ResumeException e) {
                a.remove(CONNECTION);
                ws.sendMessage(new TextMessage(json.writeValueAsString(Map.of(
                        "type",
                        "error",
                        "error",
                        Map.of(
                                "type",
                                "invalid_request_error",
                                "code",
                                "resume_failed",
                                "message",
                                "Cannot resume: " + e.getMessage())))));
                ws.close(new CloseStatus(1008, "cannot resume: " + e.getMessage()));
            }
            return;
        }
        if (sessions.size() >= props.session().maxSessions()) {
            ws.close(new CloseStatus(
                    1013, "too many voice sessions (" + props.session().maxSessions() + "); try again later"));
            return;
        }
        Connection[] self = new Connection[1];
        Connection c = new Connection(
                ws,
                (UUID) a.get(SESSION),
                (Identity) a.get(IDENTITY),
                (String) a.get(TOKEN),
                Boolean.TRUE.equals(a.get(BINARY_OUT)),
                new Connection.Deps(
                        props, transcriber, synthesizer, agent, synthesisPool, timer, actors, events, json, secret),
                () -> sessions.remove(key, self[0]));
        self[0] = c;
        sessions.put(key, c);
        a.put(CONNECTION, c);
        c.start();
    }

    @Override
    protected void handleTextMessage(WebSocketSession ws, TextMessage message) {
        Connection c = (Connection) ws.getAttributes().get(CONNECTION);
        if (c != null) {
            c.onText(message.getPayload());
        }
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession ws, BinaryMessage message) {
        Connection c = (Connection) ws.getAttributes().get(CONNECTION);
        if (c != null) {
            c.onBinary(message.getPayload());
        }
    }

    @Override
    public void handleTransportError(WebSocketSession ws, Throwable exception) {
        Connection c = (Connection) ws.getAttributes().get(CONNECTION);
        if (c != null && c.isCurrent(ws)) {
            c.transportLost(ws);
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession ws, CloseStatus status) {
        Connection c = (Connection) ws.getAttributes().get(CONNECTION);
        if (c == null || !c.isCurrent(ws)) {
            return; // never attached, or replaced by a resumed socket
        }
        if (status.getCode() == CloseStatus.NORMAL.getCode() || c.ended()) {
            c.shutdown(); // the client ended the session (or we did)
        } else {
            c.transportLost(ws); // dropped: keep the session for a resume
        }
    }

    /** Sessions open now (including ones waiting for a resume). */
    int openSessions() {
        return sessions.size();
    }

    private static String key(Identity caller, UUID sessionId) {
        return caller.tenant() + "/" + sessionId;
    }

    /** The {@code resume} query parameter: null when absent, -1 when not a non-negative number. */
    private static Long resumeOf(String query) {
        if (query == null) {
            return null;
        }
        for (String p : query.split("&")) {
            if (p.startsWith("resume=")) {
                try {
                    long v = Long.parseLong(p.substring("resume=".length()));
                    return v < 0 ? -1L : v;
                } catch (NumberFormatException e) {
                    return -1L;
                }
            }
        }
        return null;
    }

    private static UUID sessionIdOf(URI uri) {
        String[] parts = uri.getPath().split("/");
        try {
            return UUID.fromString(parts[parts.length - 1]);
        } catch (RuntimeException e) {
            return null;
        }
    }
}

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
 * header) and needs scope {@code memory:write} (its turns are written to the conversation); {@code sessionId} is the
 * orchestrator session the turns go to. {@code ?audio=binary} sends agent audio as binary frames instead of
 * {@code response.audio.delta} events.
 */
@Configuration
@EnableWebSocket
class SpeechSocket extends AbstractWebSocketHandler implements WebSocketConfigurer {
    static final String PATH = "/v1/speech/sessions/{sessionId}";
    static final String REQUIRED_SCOPE = "memory:write";
    private static final String CONNECTION = "mnemos.speech.connection";
    private static final String IDENTITY = "mnemos.identity";
    private static final String TOKEN = "mnemos.token";
    private static final String SESSION = "mnemos.session";
    private static final String BINARY_OUT = "mnemos.binaryOut";

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
    private final Map<String, Connection> open = new ConcurrentHashMap<>();

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
                if (!caller.get().hasScope(REQUIRED_SCOPE)) {
                    response.setStatusCode(HttpStatus.FORBIDDEN);
                    return false;
                }
                UUID sessionId = sessionIdOf(request.getURI());
                if (sessionId == null) {
                    response.setStatusCode(HttpStatus.BAD_REQUEST);
                    return false;
                }
                attributes.put(IDENTITY, caller.get());
                attributes.put(TOKEN, request.getHeaders().getFirst(InternalToken.HEADER));
                attributes.put(SESSION, sessionId);
                String query = request.getURI().getQuery();
                attributes.put(BINARY_OUT, query != null && query.contains("audio=binary"));
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
        if (open.size() >= props.session().maxSessions()) {
            ws.close(new CloseStatus(
                    1013, "too many voice sessions (" + props.session().maxSessions() + "); try again later"));
            return;
        }
        Map<String, Object> a = ws.getAttributes();
        Connection c = new Connection(
                ws,
                (UUID) a.get(SESSION),
                (Identity) a.get(IDENTITY),
                (String) a.get(TOKEN),
                Boolean.TRUE.equals(a.get(BINARY_OUT)),
                new Connection.Deps(
                        props, transcriber, synthesizer, agent, synthesisPool, timer, actors, events, json, secret),
                () -> open.remove(ws.getId()));
        open.put(ws.getId(), c);
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
        if (c != null) {
            c.shutdown();
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession ws, CloseStatus status) {
        Connection c = (Connection) ws.getAttributes().get(CONNECTION);
        if (c != null) {
            c.shutdown();
        }
        open.remove(ws.getId());
    }

    /** Sessions open now. */
    int openSessions() {
        return open.size();
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

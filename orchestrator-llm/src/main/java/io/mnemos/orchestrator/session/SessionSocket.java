package io.mnemos.orchestrator.session;

import io.mnemos.contracts.Ids;
import io.mnemos.contracts.identity.Identity;
import io.mnemos.web.problem.ProblemException;
import io.mnemos.web.security.InsufficientScopeProblem;
import io.mnemos.web.security.TenantContext;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code WS /v1/sessions/{id}/stream}: send {@code {"type":"turn","text":"…"}}, receive the session's events as JSON
 * ({@code {"type":"accepted"|"partial"|"answer"|"error", …}}). The identity is taken from the (gateway-signed) upgrade
 * request. Scopes as over HTTP: connecting (streaming the session) needs {@code memory:read}, else the upgrade is
 * refused with a 403 problem; sending a turn needs {@code memory:write}, else an {@code error} message.
 */
@Configuration
@EnableWebSocket
class SessionSocket extends TextWebSocketHandler implements WebSocketConfigurer {
    private static final Logger log = LoggerFactory.getLogger(SessionSocket.class);
    private static final String IDENTITY = "mnemos.identity";
    private static final String SESSION = "mnemos.session";
    private static final int MAX_MESSAGE_BYTES = 1 << 20;
    private static final String READ = "memory:read";
    private static final String WRITE = "memory:write";

    private final SessionService sessions;
    private final SessionStreams streams;
    private final ObjectMapper json;

    SessionSocket(SessionService sessions, SessionStreams streams, ObjectMapper json) {
        this.sessions = sessions;
        this.streams = streams;
        this.json = json;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(this, "/v1/sessions/{sessionId}/stream").addInterceptors(new HandshakeInterceptor() {
            @Override
            public boolean beforeHandshake(
                    ServerHttpRequest request,
                    ServerHttpResponse response,
                    WebSocketHandler handler,
                    Map<String, Object> attributes) {
                Identity caller = TenantContext.current();
                if (!caller.hasAllScopes(Set.of(READ))) {
                    refuse(response, new InsufficientScopeProblem(caller, Set.of(READ)));
                    return false;
                }
                attributes.put(IDENTITY, caller);
                attributes.put(SESSION, sessionIdOf(request.getURI()));
                return true;
            }

            @Override
            public void afterHandshake(
                    ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Exception ex) {}
        });
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession raw) throws IOException {
        raw.setTextMessageSizeLimit(MAX_MESSAGE_BYTES);
        WebSocketSession ws = new ConcurrentWebSocketSessionDecorator(raw, 5_000, 1 << 20);
        Identity id = (Identity) raw.getAttributes().get(IDENTITY);
        UUID sessionId = (UUID) raw.getAttributes().get(SESSION);
        if (sessionId == null || sessions.find(id.tenant(), sessionId).isEmpty()) {
            raw.close(CloseStatus.POLICY_VIOLATION.withReason("unknown session; create one with POST /v1/sessions"));
            return;
        }
        Runnable unsubscribe = streams.subscribe(id.tenant(), sessionId, ev -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", ev.event());
            body.put("sessionId", ev.sessionId().toString());
            body.put("turnId", ev.turnId().toString());
            body.put("sequence", ev.sequence());
            body.put("text", ev.text());
            body.put("at", ev.at().toString());
            if (ev.mode() != null) {
                body.put("mode", ev.mode());
            }
            sendJson(ws, body);
        });
        raw.getAttributes().put("unsubscribe", unsubscribe);
        raw.getAttributes().put("ws", ws);
    }

    @Override
    protected void handleTextMessage(WebSocketSession raw, TextMessage message) {
        WebSocketSession ws = (WebSocketSession) raw.getAttributes().get("ws");
        Identity id = (Identity) raw.getAttributes().get(IDENTITY);
        UUID sessionId = (UUID) raw.getAttributes().get(SESSION);
        JsonNode msg;
        try {
            msg = json.readTree(message.getPayload());
        } catch (RuntimeException e) {
            sendError(ws, "malformed-message", "Message is not JSON; send {\"type\":\"turn\",\"text\":\"…\"}.");
            return;
        }
        String type = msg.path("type").asString("");
        String text = msg.path("text").asString("");
        if (!"turn".equals(type)) {
            sendError(ws, "unknown-message-type", "Unknown message type '" + type + "'; supported: turn.");
            return;
        }
        if (text.isBlank()) {
            sendError(ws, "empty-turn", "A turn needs a non-blank \"text\".");
            return;
        }
        if (!id.hasAllScopes(Set.of(WRITE))) {
            InsufficientScopeProblem p = new InsufficientScopeProblem(id, Set.of(WRITE));
            sendError(ws, p.getBody().getType().toString(), p.getBody().getDetail());
            return;
        }
        try {
            // The "accepted" event reaches this client through its stream subscription.
            TurnEvent accepted = sessions.accept(id.tenant(), sessionId, Ids.newId(), text);
            streams.publish(id.tenant(), accepted);
        } catch (ProblemException p) {
            sendError(ws, p.getBody().getType().toString(), p.getBody().getDetail());
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession raw, CloseStatus status) {
        Object unsubscribe = raw.getAttributes().get("unsubscribe");
        if (unsubscribe instanceof Runnable r) {
            r.run();
        }
    }

    private void refuse(ServerHttpResponse response, ProblemException problem) {
        response.setStatusCode(problem.getStatusCode());
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        try {
            response.getBody().write(json.writeValueAsBytes(problem.getBody()));
        } catch (IOException e) {
            log.debug("could not write the refusal: {}", e.toString());
        }
    }

    private void sendError(WebSocketSession ws, String type, String detail) {
        sendJson(ws, Map.of("type", "error", "problem", type, "detail", detail == null ? "" : detail));
    }

    private void sendJson(WebSocketSession ws, Map<String, Object> body) {
        try {
            ws.sendMessage(new TextMessage(json.writeValueAsString(body)));
        } catch (IOException | IllegalStateException e) {
            log.debug("websocket send failed: {}", e.toString());
            throw new IllegalStateException("client disconnected", e);
        }
    }

    private static UUID sessionIdOf(URI uri) {
        String[] parts = uri.getPath().split("/");
        try {
            return UUID.fromString(parts[parts.length - 2]);
        } catch (RuntimeException e) {
            return null;
        }
    }
}

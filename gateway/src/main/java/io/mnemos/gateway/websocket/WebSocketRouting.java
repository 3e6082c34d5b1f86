package io.mnemos.gateway.websocket;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.isAlreadyRouted;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.setAlreadyRouted;

import io.mnemos.gateway.problem.Problems;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.WebsocketRoutingFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * WebSocket routes, upstream first: the gateway opens the service's WebSocket before it accepts the client's upgrade.
 * When the service refuses the upgrade (400 bad session id, 403 missing scope, 409 session busy …) the client gets
 * that HTTP answer, status and problem+json body as the service sent it, instead of a 101 followed by a close frame.
 * Once both handshakes are done, frames and close codes are relayed both ways. Replaces Spring Cloud Gateway's
 * {@link WebsocketRoutingFilter}, which accepts the client's upgrade before it connects upstream (it runs just before
 * it and marks the exchange routed).
 */
@Component
public class WebSocketRouting implements GlobalFilter, Ordered {
    /** Largest refusal body relayed (a problem+json is much smaller). */
    static final int MAX_REFUSAL_BODY = 8192;

    private final ReactorNettyWebSocketClient client;
    private final WebSocketService service;
    private final ObjectProvider<List<HttpHeadersFilter>> headersFilters;

    WebSocketRouting(
            ReactorNettyWebSocketClient client,
            WebSocketService service,
            ObjectProvider<List<HttpHeadersFilter>> headersFilters) {
        this.client = client;
        this.service = service;
        this.headersFilters = headersFilters;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 2; // just before WebsocketRoutingFilter
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        URI url = exchange.getAttribute(GATEWAY_REQUEST_URL_ATTR);
        String scheme = url == null ? null : url.getScheme().toLowerCase(Locale.ROOT);
        if (isAlreadyRouted(exchange)
                || !("ws".equals(scheme) || "wss".equals(scheme))
                || !"websocket"
                        .equalsIgnoreCase(exchange.getRequest().getHeaders().getUpgrade())) {
            return chain.filter(exchange);
        }
        setAlreadyRouted(exchange);
        HttpHeaders headers = upstreamHeaders(exchange);
        List<String> protocols = protocols(exchange.getRequest().getHeaders());
        AtomicReference<Refusal> refusal = new AtomicReference<>();
        WebsocketClientSpec spec = client.getWebsocketClientSpec();
        ReactorNettyWebSocketClient upstream = new ReactorNettyWebSocketClient(
                client.getHttpClient()
                        .doOnRequest((request, connection) ->
                                connection.addHandlerLast("mnemosWebSocketRefusal", new RefusalCapture(refusal))),
                () -> WebsocketClientSpec.builder()
                        .maxFramePayloadLength(spec.maxFramePayloadLength())
                        .handlePing(spec.handlePing())
                        .compress(spec.compress()));
        return upstream.execute(url, headers, new WebSocketHandler() {
                    @Override
                    public List<String> getSubProtocols() {
                        return protocols;
                    }

                    @Override
                    public Mono<Void> handle(WebSocketSession serviceSession) {
                        // The service said 101: now the client's upgrade, with the subprotocol the service chose.
                        // The client's upgrade completes once the handshake is sent, while the relay runs on; the
                        // service's session lasts as long as this Mono, so it ends when the relay does.
                        String chosen = serviceSession.getHandshakeInfo().getSubProtocol();
                        Sinks.Empty<Void> relayed = Sinks.empty();
                        return service.handleRequest(exchange, new Relay(serviceSession, chosen, relayed))
                                .then(relayed.asMono());
                    }
                })
                .onErrorResume(
                        WebSocketClientHandshakeException.class,
                        e -> exchange.getResponse().isCommitted() ? Mono.error(e) : refuse(exchange, e, refusal.get()));
    }

    /** The service's refusal, relayed as it came: its status, Content-Type and (problem+json) body. */
    private static Mono<Void> refuse(ServerWebExchange exchange, WebSocketClientHandshakeException e, Refusal r) {
        if (r == null) {
            return Mono.error(e); // no answer at all (closed before answering): the gateway's own 502
        }
        ServerHttpResponse response = exchange.getResponse();
        HttpStatusCode status = HttpStatusCode.valueOf(r.status());
        if (r.contentType() == null || r.body().length == 0) {
            HttpStatus known = HttpStatus.resolve(r.status());
            return Problems.write(
                    exchange,
                    Problems.of(
                            status,
                            "websocket-refused",
                            known != null ? known.getReasonPhrase() : "WebSocket refused",
                            "The service refused the WebSocket upgrade (HTTP " + r.status()
                                    + ") without saying why; check the path and the key's scopes."),
                    Map.of());
        }
        response.setStatusCode(status);
        response.getHeaders().set(HttpHeaders.CONTENT_TYPE, r.contentType());
        return response.writeWith(Mono.just(response.bufferFactory().wrap(r.body())));
    }

    /** The client's headers as Spring Cloud Gateway forwards them, without Host and the client's handshake ones. */
    private HttpHeaders upstreamHeaders(ServerWebExchange exchange) {
        HttpHeaders filtered = HttpHeadersFilter.filterRequest(headersFilters.getIfAvailable(ArrayList::new), exchange);
        HttpHeaders out = new HttpHeaders();
        for (Map.Entry<String, List<String>> e : filtered.headerSet()) {
            String name = e.getKey().toLowerCase(Locale.ROOT);
            if (!name.equals("host") && !name.startsWith("sec-websocket")) {
                out.addAll(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    private static List<String> protocols(HttpHeaders headers) {
        List<String> values = headers.get(WebsocketRoutingFilter.SEC_WEBSOCKET_PROTOCOL);
        if (values == null) {
            return List.of();
        }
        return values.stream()
                .flatMap(v -> Arrays.stream(StringUtils.tokenizeToStringArray(v, ",")))
                .toList();
    }

    /** What the service answered instead of 101. */
    record Refusal(int status, String contentType, byte[] body) {}

    /** Sees the service's handshake answer (whole: Reactor Netty aggregates it) and keeps a refusal's body. */
    private static final class RefusalCapture extends ChannelInboundHandlerAdapter {
        private final AtomicReference<Refusal> refusal;

        RefusalCapture(AtomicReference<Refusal> refusal) {
            this.refusal = refusal;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof FullHttpResponse r && r.status().code() != 101) {
                var content = r.content();
                int n = Math.min(content.readableBytes(), MAX_REFUSAL_BODY);
                byte[] body = new byte[n];
                content.getBytes(content.readerIndex(), body);
                refusal.set(new Refusal(r.status().code(), r.headers().get(HttpHeaders.CONTENT_TYPE), body));
            }
            ctx.fireChannelRead(msg);
        }
    }

    /** Relays frames and close codes between the client's session and the service's, as Spring Cloud Gateway does. */
    private record Relay(WebSocketSession serviceSession, String subProtocol, Sinks.Empty<Void> relayed)
            implements WebSocketHandler {
        @Override
        public List<String> getSubProtocols() {
            return subProtocol == null ? List.of() : List.of(subProtocol);
        }

        @Override
        public Mono<Void> handle(WebSocketSession clientSession) {
            Mono<Void> serviceClosed = serviceSession
                    .closeStatus()
                    .filter(s -> clientSession.isOpen())
                    .map(Relay::sendable)
                    .flatMap(clientSession::close);
            Mono<Void> clientClosed = clientSession
                    .closeStatus()
                    .filter(s -> serviceSession.isOpen())
                    .map(Relay::sendable)
                    .flatMap(serviceSession::close);
            Mono<Void> toService = serviceSession.send(clientSession.receive().doOnNext(WebSocketMessage::retain));
            Mono<Void> toClient = clientSession.send(serviceSession.receive().doOnNext(WebSocketMessage::retain));
            Mono.when(serviceClosed, clientClosed).subscribe();
            return Mono.zip(toService, toClient).then().doFinally(signal -> relayed.tryEmitEmpty());
        }

        /** A close code that may be sent in a close frame (1005, 1006, 1015 … may not). */
        private static CloseStatus sendable(CloseStatus status) {
            int code = status.getCode();
            boolean ok = (code >= 3000 && code < 5000)
                    || code == 1000
                    || code == 1001
                    || code == 1002
                    || code == 1003
                    || (code >= 1007 && code <= 1011);
            return ok ? status : CloseStatus.PROTOCOL_ERROR;
        }
    }
}

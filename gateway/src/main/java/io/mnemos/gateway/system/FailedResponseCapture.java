package io.mnemos.gateway.system;

import java.io.ByteArrayOutputStream;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wraps a response so that the body of a failed (status 500 or above) problem+json answer is copied as it streams
 * through, up to a limit, for {@link RecentErrors}. Other responses pass through untouched; the bytes sent are never
 * changed or held back.
 */
public final class FailedResponseCapture extends ServerHttpResponseDecorator {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final int limit;
    private ByteArrayOutputStream copy;
    private boolean overflow;

    public FailedResponseCapture(ServerHttpResponse delegate, int limit) {
        super(delegate);
        this.limit = limit;
    }

    @Override
    public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
        return super.writeWith(capturing(body));
    }

    @Override
    public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
        return super.writeAndFlushWith(Flux.from(body).map(this::capturing));
    }

    private Publisher<? extends DataBuffer> capturing(Publisher<? extends DataBuffer> body) {
        HttpStatusCode status = getStatusCode();
        MediaType type = getHeaders().getContentType();
        if (status == null
                || status.value() < 500
                || type == null
                || !MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(type)) {
            return body;
        }
        return Flux.from(body).doOnNext(this::copy);
    }

    private synchronized void copy(DataBuffer buffer) {
        if (overflow) {
            return;
        }
        if (copy == null) {
            copy = new ByteArrayOutputStream();
        }
        int n = buffer.readableByteCount();
        if (copy.size() + n > limit) {
            overflow = true; // too large to be a problem worth keeping: record the status only
            copy = null;
            return;
        }
        int start = buffer.readPosition();
        for (int i = 0; i < n; i++) {
            copy.write(buffer.getByte(start + i));
        }
    }

    /** A problem's title and detail, each {@code null} when unknown. */
    public record ProblemText(String title, String detail) {
        public static final ProblemText NONE = new ProblemText(null, null);

        /** Title and detail of a problem+json body; {@link #NONE} when it is not one. */
        public static ProblemText parse(byte[] body) {
            try {
                JsonNode node = JSON.readTree(body);
                return new ProblemText(text(node, "title"), text(node, "detail"));
            } catch (RuntimeException e) {
                return NONE; // truncated or not JSON after all
            }
        }
    }

    /** The problem's title and detail, if a complete small problem+json body went through. */
    public synchronized ProblemText problem() {
        if (copy == null || overflow || copy.size() == 0) {
            return ProblemText.NONE;
        }
        return ProblemText.parse(copy.toByteArray());
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isString()) {
            return null;
        }
        String s = v.asString();
        return s.length() > 500 ? s.substring(0, 500) + "…" : s;
    }
}

package io.mnemos.gateway.problem;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Writes RFC 9457 problem+json responses from gateway filters, where no controller advice applies. */
public final class Problems {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    public static final String TYPE_BASE = "https://mnemos.io/problems/";

    private Problems() {}

    /** A problem with a stable type slug. */
    public static ProblemDetail of(HttpStatusCode status, String slug, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create(TYPE_BASE + slug));
        p.setTitle(title);
        return p;
    }

    /** Adds the request path as {@code instance} and the request id, so a client can quote it. */
    public static ProblemDetail decorate(ServerWebExchange exchange, ProblemDetail problem) {
        String requestId = exchange.getRequest().getHeaders().getFirst("X-Request-Id");
        return decorate(
                problem,
                exchange.getRequest().getPath().value(),
                requestId != null ? requestId : exchange.getRequest().getId());
    }

    /** Adds the request path as {@code instance} and the request id, so a client can quote it. */
    public static ProblemDetail decorate(ProblemDetail problem, String path, String requestId) {
        problem.setInstance(URI.create(path));
        problem.setProperty("requestId", requestId);
        return problem;
    }

    /** The response body: the problem as JSON, UTF-8. */
    public static byte[] body(ProblemDetail problem) {
        return JSON.writeValueAsString(toMap(problem)).getBytes(StandardCharsets.UTF_8);
    }

    /** The {@code WWW-Authenticate} challenge that goes with a problem, or {@code null}: 401s name the scheme. */
    public static String challenge(ProblemDetail problem) {
        return problem.getStatus() == 401 ? "Bearer realm=\"mnemos\"" : null;
    }

    /** The problem as the flat RFC 9457 JSON object: standard members first, then extension members. */
    public static Map<String, Object> toMap(ProblemDetail problem) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", problem.getType().toString());
        m.put("title", problem.getTitle());
        m.put("status", problem.getStatus());
        if (problem.getDetail() != null) {
            m.put("detail", problem.getDetail());
        }
        if (problem.getInstance() != null) {
            m.put("instance", problem.getInstance().toString());
        }
        if (problem.getProperties() != null) {
            problem.getProperties().forEach(m::putIfAbsent);
        }
        return m;
    }

    /** Completes the exchange with the problem as the response. */
    public static Mono<Void> write(ServerWebExchange exchange, ProblemDetail problem, Map<String, String> headers) {
        var response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        decorate(exchange, problem);
        response.setStatusCode(HttpStatusCode.valueOf(problem.getStatus()));
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        headers.forEach((k, v) -> response.getHeaders().set(k, v));
        String challenge = challenge(problem);
        if (challenge != null) {
            response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
        }
        DataBuffer buffer = response.bufferFactory().wrap(body(problem));
        return response.writeWith(Mono.just(buffer));
    }
}

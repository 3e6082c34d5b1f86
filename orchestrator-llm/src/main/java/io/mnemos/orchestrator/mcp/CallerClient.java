package io.mnemos.orchestrator.mcp;

import io.mnemos.contracts.identity.Identity;
import io.mnemos.contracts.identity.InternalToken;
import io.mnemos.web.security.MnemosSecurityProperties;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;
import tools.jackson.databind.JsonNode;

/**
 * Calls memory-service and retrieval-service as the MCP caller: the caller's verified identity (tenant, principal,
 * scopes) is signed again for each call, so a tool can do exactly what the caller's API key may do and no more.
 */
@Component
class CallerClient {
    private final RestClient http;
    private final byte[] secret;

    CallerClient(MnemosSecurityProperties security, McpProperties props) {
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2))
                .version(HttpClient.Version.HTTP_1_1)
                .build());
        factory.setReadTimeout(props.callTimeout());
        this.http = RestClient.builder().requestFactory(factory).build();
        this.secret = InternalToken.secret(security.internalSecret());
    }

    /**
     * POSTs {@code body} as JSON as {@code caller}.
     *
     * @throws CallFailed with the status and the service's problem detail for 4xx/5xx
     */
    JsonNode post(Identity caller, URI base, String path, Object body) {
        try {
            return http.post()
                    .uri(base.resolve(path))
                    .contentType(MediaType.APPLICATION_JSON)
                    .accept(MediaType.APPLICATION_JSON)
                    .header(
                            InternalToken.HEADER,
                            InternalToken.sign(caller, secret, Instant.now().plusSeconds(60)))
                    .body(body)
                    .retrieve()
                    .body(JsonNode.class);
        } catch (RestClientResponseException e) {
            throw new CallFailed(e.getStatusCode().value(), detailOf(e));
        }
    }

    private static String detailOf(RestClientResponseException e) {
        try {
            JsonNode problem = e.getResponseBodyAs(JsonNode.class);
            if (problem != null && problem.hasNonNull("detail")) {
                return problem.get("detail").asString();
            }
        } catch (RuntimeException notJson) {
            // the status text then
        }
        return e.getStatusText();
    }

    /** The service answered with an error status. */
    static final class CallFailed extends RuntimeException {
        final int status;

        CallFailed(int status, String detail) {
            super("HTTP " + status + ": " + detail);
            this.status = status;
        }
    }
}

package io.mnemos.orchestrator.pipeline;

import io.mnemos.contracts.identity.Identity;
import io.mnemos.contracts.identity.InternalToken;
import io.mnemos.web.security.MnemosSecurityProperties;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;
import tools.jackson.databind.JsonNode;

/**
 * Calls other Mnemos services as a tenant. The orchestrator answers turns from Kafka events, outside any client
 * request, so it signs the tenant's identity itself with the secret it shares with the gateway — with read scopes
 * only: a turn may look things up, never change them through this client.
 */
@Component
public class ServiceClient {
    static final String PRINCIPAL = "orchestrator";
    private static final String[] SCOPES = {"memory:read", "documents:read"};

    private final RestClient http;
    private final byte[] secret;

    @Autowired
    ServiceClient(MnemosSecurityProperties security, PipelineProperties props) {
        this(security, props.specialistTimeout());
    }

    /** A client whose calls wait at most {@code readTimeout} for an answer. */
    public ServiceClient(MnemosSecurityProperties security, Duration readTimeout) {
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2))
                .version(HttpClient.Version.HTTP_1_1)
                .build());
        factory.setReadTimeout(readTimeout);
        this.http = RestClient.builder().requestFactory(factory).build();
        this.secret = InternalToken.secret(security.internalSecret());
    }

    /**
     * POSTs {@code body} as JSON to {@code base + path} as {@code tenant} with the pipeline's read scopes and returns
     * the JSON response.
     *
     * @throws ServiceCallException with the status and the problem detail when the service answers 4xx/5xx
     */
    JsonNode post(URI base, String path, Object body, String tenant) {
        return post(Identity.of(tenant, PRINCIPAL, SCOPES), base, path, body);
    }

    /**
     * POSTs {@code body} as JSON to {@code base + path} as {@code caller} (signed again for this call, never with more
     * scopes than the caller has) and returns the JSON response.
     *
     * @throws ServiceCallException with the status and the problem detail when the service answers 4xx/5xx
     */
    public JsonNode post(Identity caller, URI base, String path, Object body) {
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
            throw new ServiceCallException(e.getStatusCode().value(), detailOf(e));
        }
    }

    private static String detailOf(RestClientResponseException e) {
        try {
            JsonNode problem = e.getResponseBodyAs(JsonNode.class);
            if (problem != null && problem.hasNonNull("detail")) {
                return problem.get("detail").asString();
            }
        } catch (RuntimeException notJson) {
            // fall through to the status text
        }
        return e.getStatusText();
    }

    /** A service answered with an error status. */
    public static final class ServiceCallException extends RuntimeException {
        final int status;

        ServiceCallException(int status, String detail) {
            super("HTTP " + status + ": " + detail);
            this.status = status;
        }
    }
}

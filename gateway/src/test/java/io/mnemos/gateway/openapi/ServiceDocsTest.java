package io.mnemos.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ServiceDocsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void serviceDocumentsAreRewrittenForCallersOfTheGateway() {
        String doc =
                """
                {"openapi":"3.1.0","servers":[{"url":"http://10.0.0.5:8085"}],"security":[{"mnemosIdentity":[]}],
                 "components":{"securitySchemes":{"mnemosIdentity":{"type":"apiKey"}}},
                 "paths":{"/v1/images":{"post":{"security":[{"mnemosIdentity":[]}],
                   "responses":{"201":{"description":"stored"},"413":{"description":"the service's own"}}}}}}
                """;
        JsonNode out = JSON.readTree(ServiceDocs.forGateway(doc, "vision"));
        assertThat(out.path("servers")).hasSize(1);
        assertThat(out.path("servers").get(0).path("url").asString()).isEqualTo("/");
        assertThat(out.path("components").path("securitySchemes").propertyNames())
                .containsExactlyInAnyOrder("bearerAuth", "apiKeyHeader");
        assertThat(out.path("components").path("schemas").has("Problem")).isTrue();
        JsonNode post = out.path("paths").path("/v1/images").path("post");
        assertThat(post.has("security")).isFalse();
        JsonNode responses = post.path("responses");
        assertThat(responses.propertyNames()).contains("201", "401", "413", "429", "503", "504");
        assertThat(responses.path("413").path("description").asString()).isEqualTo("the service's own");
        assertThat(responses
                        .path("429")
                        .path("content")
                        .path("application/problem+json")
                        .path("example")
                        .path("type")
                        .asString())
                .isEqualTo("https://mnemos.io/problems/rate-limited");
    }

    @Test
    void somethingThatIsNotAnOpenApiDocumentIsPassedThrough() {
        assertThat(ServiceDocs.forGateway("not json", "x")).isEqualTo("not json");
        assertThat(ServiceDocs.forGateway("{\"a\":1}", "x")).isEqualTo("{\"a\":1}");
        assertThat(ServiceDocs.forGateway("", "x")).isEmpty();
    }
}

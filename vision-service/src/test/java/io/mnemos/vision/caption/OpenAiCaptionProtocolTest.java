package io.mnemos.vision.caption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.mnemos.vision.TestImages;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Protocol test: the openai provider against a local HTTP endpoint that speaks the Chat Completions wire protocol
 * (request and response shapes of {@code POST /v1/chat/completions}). No real model is involved; the endpoint checks
 * the request the way a server would and returns a canned completion.
 */
class OpenAiCaptionProtocolTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private HttpServer server;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile int status = 200;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.add(JSON.readTree(body));
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            String response = status == 200
                    ? """
                      {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"test-vision",
                       "choices":[{"index":0,"message":{"role":"assistant","content":"A red circle and a white line on a blue-to-yellow gradient."},"finish_reason":"stop"}],
                       "usage":{"prompt_tokens":120,"completion_tokens":14,"total_tokens":134}}"""
                    : "{\"error\":{\"message\":\"nope\",\"type\":\"invalid_request_error\"}}";
            byte[] out = response.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ImageDescriber describer() {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
        return ImageDescribers.create(
                        CaptionProvider.OPENAI, base, "test-vision", "sk-test", Duration.ofSeconds(10), 50)
                .orElseThrow();
    }

    @Test
    void sendsTheImageAsABase64DataUrlAndReturnsTheModelsText() throws IOException {
        var image = TestImages.scene(320, 240, 0);
        Description d = describer()
                .describe(new DescribeRequest(
                        image, "What shape is red?", "Hello vision, and then a lot more text that goes on and on"));

        assertThat(d.text()).isEqualTo("A red circle and a white line on a blue-to-yellow gradient.");
        assertThat(d.provider()).isEqualTo("openai");
        assertThat(d.model()).isEqualTo("test-vision");

        JsonNode req = requests.getFirst();
        assertThat(authorizations.getFirst()).isEqualTo("Bearer sk-test");
        assertThat(req.get("model").asString()).isEqualTo("test-vision");
        JsonNode content = req.get("messages").get(0).get("content");
        assertThat(req.get("messages").get(0).get("role").asString()).isEqualTo("user");
        assertThat(content.get(0).get("type").asString()).isEqualTo("text");
        String prompt = content.get(0).get("text").asString();
        assertThat(prompt)
                .contains("Question: What shape is red?")
                .contains("Hello vision, and then a lot more text that goes o …")
                .doesNotContain("on and on");
        assertThat(content.get(1).get("type").asString()).isEqualTo("image_url");
        String url = content.get(1).get("image_url").get("url").asString();
        assertThat(url).startsWith("data:image/jpeg;base64,");
        var sent = ImageIO.read(new java.io.ByteArrayInputStream(
                Base64.getDecoder().decode(url.substring("data:image/jpeg;base64,".length()))));
        assertThat(sent.getWidth()).isEqualTo(320);
        assertThat(sent.getHeight()).isEqualTo(240);
    }

    @Test
    void aPlainCaptionUsesTheCaptionInstruction() {
        describer().caption(TestImages.scene(64, 48, 1));
        String prompt = requests.getFirst()
                .get("messages")
                .get(0)
                .get("content")
                .get(0)
                .get("text")
                .asString();
        assertThat(prompt).startsWith("Describe this image").doesNotContain("Question:");
    }

    @Test
    void serverErrorsAreRetriableAndClientErrorsAreNot() {
        status = 500;
        assertThatThrownBy(() -> describer().caption(TestImages.scene(64, 48, 0)))
                .isInstanceOfSatisfying(DescriptionFailedException.class, e -> assertThat(e.retriable())
                        .isTrue());
        status = 401;
        assertThatThrownBy(() -> describer().caption(TestImages.scene(64, 48, 0)))
                .isInstanceOfSatisfying(DescriptionFailedException.class, e -> assertThat(e.retriable())
                        .isFalse())
                .hasMessageContaining("check mnemos.vision.caption");
    }

    @Test
    void noneMeansNoDescriberAndAProviderNeedsAModel() {
        assertThat(ImageDescribers.create(CaptionProvider.NONE, null, null, null, Duration.ofSeconds(1), 10))
                .isEmpty();
        assertThatThrownBy(() ->
                        ImageDescribers.create(CaptionProvider.OLLAMA, null, " ", null, Duration.ofSeconds(1), 10))
                .hasMessageContaining("mnemos.vision.caption.model is required");
        assertThat(ImageDescribers.create(CaptionProvider.OLLAMA, null, "llava", null, Duration.ofSeconds(1), 10))
                .hasValueSatisfying(d -> assertThat(d.provider()).isEqualTo("ollama"));
    }
}

package io.mnemos.vision.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.mnemos.devstack.JdbcSettings;
import io.mnemos.testsupport.TestInfra;
import io.mnemos.vision.TestImages;
import io.mnemos.vision.ocr.OcrStatus;
import io.mnemos.vision.ocr.TextRecognizer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Protocol test of the caption wiring in the running service: {@code mnemos.vision.caption.provider=openai} pointed at
 * a local endpoint, started by this test, that speaks the Chat Completions wire protocol and returns a canned answer
 * (no real model exists here). Checks that captions are generated, stored, reused for the same picture and question,
 * and asked again for a new question.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "mnemos.vision.ocr.workers=1",
            "mnemos.vision.caption.provider=openai",
            "mnemos.vision.caption.model=stub-vision",
            "mnemos.vision.caption.api-key=sk-it"
        })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class VisionCaptionIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<JsonNode> REQUESTS = new CopyOnWriteArrayList<>();
    private static final HttpServer SERVER = chatCompletionsStub();

    private static HttpServer chatCompletionsStub() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/v1/chat/completions", exchange -> {
                JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
                REQUESTS.add(request);
                String prompt = request.get("messages")
                        .get(0)
                        .get("content")
                        .get(0)
                        .get("text")
                        .asString();
                String answer =
                        prompt.contains("Question:") ? "The sign says OPEN." : "A white sign with the word OPEN.";
                String body = JSON.writeValueAsString(JSON.createObjectNode()
                        .put("id", "chatcmpl-it")
                        .put("object", "chat.completion")
                        .put("created", 1700000000)
                        .put("model", "stub-vision")
                        .set(
                                "choices",
                                JSON.createArrayNode()
                                        .add(JSON.createObjectNode()
                                                .put("index", 0)
                                                .put("finish_reason", "stop")
                                                .set(
                                                        "message",
                                                        JSON.createObjectNode()
                                                                .put("role", "assistant")
                                                                .put("content", answer)))));
                byte[] out = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, out.length);
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        JdbcSettings db = TestInfra.createDatabase("vision_caption_it");
        registry.add("spring.datasource.url", db::url);
        registry.add("spring.datasource.username", db::user);
        registry.add("spring.datasource.password", () -> db.password() == null ? "" : db.password());
        registry.add("spring.kafka.bootstrap-servers", TestInfra::kafkaBootstrap);
        registry.add("mnemos.security.internal-secret", () -> ApiClient.SECRET);
        registry.add(
                "mnemos.vision.caption.base-url",
                () -> "http://127.0.0.1:" + SERVER.getAddress().getPort() + "/v1");
    }

    @AfterAll
    static void stop() {
        SERVER.stop(0);
    }

    @LocalServerPort
    int port;

    @Autowired
    TextRecognizer ocr;

    @Test
    void captionsAreGeneratedStoredAndReused() throws Exception {
        for (int i = 0; i < 120 && OcrStatus.STARTING.equals(ocr.status().state()); i++) {
            Thread.sleep(250);
        }
        assumeTrue(OcrStatus.READY.equals(ocr.status().state()), "Tesseract is not usable here: " + ocr.status());
        ApiClient api = new ApiClient(port);
        byte[] png = TestImages.encode(TestImages.text(360, 70, 48, "OPEN"), "png");

        ApiClient.Response first = api.multipart("shop", png, "sign.png", null);
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.json().get("captionStatus").asString()).isEqualTo("generated");
        JsonNode caption = first.json().get("caption");
        assertThat(caption.get("text").asString()).isEqualTo("A white sign with the word OPEN.");
        assertThat(caption.get("provider").asString()).isEqualTo("openai");
        assertThat(caption.get("model").asString()).isEqualTo("stub-vision");
        assertThat(REQUESTS).hasSize(1);
        JsonNode content = REQUESTS.getFirst().get("messages").get(0).get("content");
        assertThat(content.get(1).get("image_url").get("url").asString()).startsWith("data:image/jpeg;base64,");
        assertThat(content.get(0).get("text").asString()).contains("OPEN"); // the OCR hint

        ApiClient.Response again = api.json("shop", png, "sign-again.png", null);
        assertThat(again.json().get("reused").asBoolean()).isTrue();
        assertThat(again.json().get("caption").get("text").asString()).isEqualTo("A white sign with the word OPEN.");
        assertThat(REQUESTS)
                .as("the model is not called again for the same picture")
                .hasSize(1);

        ApiClient.Response asked = api.multipart("shop", png, "sign.png", "What does the sign say?");
        assertThat(asked.json().get("reused").asBoolean()).isTrue();
        assertThat(asked.json().get("caption").get("text").asString()).isEqualTo("The sign says OPEN.");
        assertThat(asked.json().get("caption").get("question").asString()).isEqualTo("What does the sign say?");
        assertThat(REQUESTS).as("a new question needs the model").hasSize(2);

        ApiClient.Response health = api.get(null, "/actuator/health");
        JsonNode captionHealth = health.json().get("components").get("caption").get("details");
        assertThat(captionHealth.get("provider").asString()).isEqualTo("openai");
        assertThat(captionHealth.get("model").asString()).isEqualTo("stub-vision");
    }
}

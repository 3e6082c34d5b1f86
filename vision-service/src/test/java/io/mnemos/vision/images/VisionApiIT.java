package io.mnemos.vision.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mnemos.contracts.EventCodec;
import io.mnemos.contracts.EventEnvelope;
import io.mnemos.contracts.Topics;
import io.mnemos.contracts.events.ImageProcessed;
import io.mnemos.devstack.JdbcSettings;
import io.mnemos.testsupport.TestInfra;
import io.mnemos.vision.TestImages;
import io.mnemos.vision.bench.TextMetrics;
import io.mnemos.vision.ocr.OcrStatus;
import io.mnemos.vision.ocr.TextRecognizer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The real service: Spring Boot on a random port, real PostgreSQL (a fresh database), real Kafka, real Tesseract, on
 * the Tesseract test page {@code phototest.tif} from {@code ../shared/data/ocr/tesseract-pages} (Apache-2.0).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "mnemos.vision.max-image-size=2MB",
            "mnemos.vision.max-pixels=4000000",
            "mnemos.messaging.outbox.relay.poll-interval=20ms",
            "spring.kafka.consumer.auto-offset-reset=earliest"
        })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class VisionApiIT {
    private static final Path PAGES =
            TestImages.sharedData().map(d -> d.resolve("ocr/tesseract-pages")).orElse(null);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        JdbcSettings db = TestInfra.createDatabase("vision_api_it");
        registry.add("spring.datasource.url", db::url);
        registry.add("spring.datasource.username", db::user);
        registry.add("spring.datasource.password", () -> db.password() == null ? "" : db.password());
        registry.add("spring.kafka.bootstrap-servers", TestInfra::kafkaBootstrap);
        registry.add("mnemos.security.internal-secret", () -> ApiClient.SECRET);
    }

    @LocalServerPort
    int port;

    @Autowired
    TextRecognizer ocr;

    @Autowired
    VisionMetrics metrics;

    @Autowired
    JdbcClient jdbc;

    ApiClient api;

    @BeforeAll
    static void data() {
        assumeTrue(
                PAGES != null && Files.isReadable(PAGES.resolve("phototest.tif")),
                "Shared data ../shared/data/ocr/tesseract-pages/phototest.tif is absent (it sits beside the repository);"
                        + " skipping the vision integration tests.");
    }

    @BeforeEach
    void client() throws InterruptedException {
        api = new ApiClient(port);
    }

    private void requireOcr() throws InterruptedException {
        for (int i = 0; i < 120 && OcrStatus.STARTING.equals(ocr.status().state()); i++) {
            Thread.sleep(250);
        }
        assumeTrue(
                OcrStatus.READY.equals(ocr.status().state()),
                "Tesseract is not usable here (" + ocr.status().detail() + "); skipping OCR assertions.");
    }

    private static String tenant() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static byte[] phototest() throws IOException {
        return Files.readAllBytes(PAGES.resolve("phototest.tif"));
    }

    private static String groundTruth() throws IOException {
        return Files.readString(PAGES.resolve("phototest.txt"), StandardCharsets.UTF_8);
    }

    @Test
    void phototestIsReadStoredAndPublished() throws Exception {
        requireOcr();
        String tenant = tenant();

        ApiClient.Response r = api.multipart(tenant, phototest(), "phototest.tif", null);

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode body = r.json();
        String id = body.get("imageId").asString();
        assertThat(body.get("format").asString()).isEqualTo("tiff");
        assertThat(body.get("width").asInt()).isEqualTo(640);
        assertThat(body.get("height").asInt()).isEqualTo(480);
        assertThat(body.get("filename").asString()).isEqualTo("phototest.tif");
        assertThat(body.get("contentHash").asString()).hasSize(64);
        assertThat(body.get("perceptualHash").asString()).matches("[0-9a-f]{16}");
        assertThat(body.get("reused").asBoolean()).isFalse();
        assertThat(body.get("captionStatus").asString()).isEqualTo("not-configured");
        assertThat(body.get("caption").isNull()).isTrue();

        JsonNode ocrNode = body.get("ocr");
        double cer = TextMetrics.cer(groundTruth(), ocrNode.get("text").asString());
        assertThat(cer)
                .as("character error rate of %s", ocrNode.get("text").asString())
                .isLessThan(0.05);
        assertThat(ocrNode.get("layout").asString()).isEqualTo("page");
        assertThat(ocrNode.get("engine").asString()).startsWith("tesseract");
        JsonNode lines = ocrNode.get("lines");
        assertThat(lines.size()).isEqualTo(8);
        JsonNode first = lines.get(0);
        assertThat(first.get("text").asString()).isEqualTo("This is a lot of 12 point text to test the");
        JsonNode box = first.get("box");
        assertThat(box.get("x").asInt()).isBetween(0, 640);
        assertThat(box.get("y").asInt()).isBetween(0, 480);
        assertThat(box.get("w").asInt()).isPositive();
        assertThat(box.get("h").asInt()).isPositive();
        assertThat(first.get("confidence").asDouble()).isBetween(0.5, 1.0);

        ApiClient.Response again = api.get(tenant, "/v1/images/" + id);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("ocr").get("text").asString())
                .isEqualTo(ocrNode.get("text").asString());

        EventEnvelope event = awaitEvent(tenant, id);
        ImageProcessed payload = new EventCodec().payload(event, ImageProcessed.class);
        assertThat(event.key()).isEqualTo(tenant + ":" + id);
        assertThat(payload.ocrText()).isEqualTo(ocrNode.get("text").asString());
        assertThat(payload.captionStatus()).isEqualTo("not-configured");
        assertThat(payload.caption()).isNull();
        assertThat(payload.reusedFrom()).isNull();
    }

    @Test
    void theSamePictureAgainReusesTheStoredResultWithoutOcr() throws Exception {
        requireOcr();
        String tenant = tenant();
        ApiClient.Response original = api.multipart(tenant, phototest(), "phototest.tif", null);
        assertThat(original.status()).as(original.body()).isEqualTo(201);
        String id = original.json().get("imageId").asString();
        String text = original.json().get("ocr").get("text").asString();
        long ocrCalls = metrics.ocrCalls();
        double avoided = metrics.ocrCallsAvoided();

        // The same bytes, this time as base64 JSON.
        ApiClient.Response same = api.json(tenant, phototest(), "copy.tif", null);
        assertThat(same.status()).as(same.body()).isEqualTo(201);
        assertThat(same.json().get("reused").asBoolean()).isTrue();
        assertThat(same.json().get("reusedFrom").asString()).isEqualTo(id);
        assertThat(same.json().get("imageId").asString()).isNotEqualTo(id);
        assertThat(same.json().get("ocr").get("text").asString()).isEqualTo(text);

        // A smaller, JPEG-recompressed copy of the same page.
        var page = TestImages.rgb(
                javax.imageio.ImageIO.read(PAGES.resolve("phototest.tif").toFile()));
        byte[] recompressed = TestImages.jpeg(TestImages.scaled(page, 0.8), 0.8f);
        ApiClient.Response similar = api.multipart(tenant, recompressed, "phototest-small.jpg", null);
        assertThat(similar.status()).as(similar.body()).isEqualTo(201);
        assertThat(similar.json().get("format").asString()).isEqualTo("jpeg");
        assertThat(similar.json().get("reused").asBoolean()).isTrue();
        assertThat(similar.json().get("reusedFrom").asString()).isEqualTo(id);

        assertThat(metrics.ocrCalls()).as("OCR not called again").isEqualTo(ocrCalls);
        assertThat(metrics.ocrCallsAvoided()).isEqualTo(avoided + 2);

        // Reuse never crosses tenants: another tenant's identical upload is processed on its own.
        ApiClient.Response other = api.multipart(tenant(), phototest(), "phototest.tif", null);
        assertThat(other.json().get("reused").asBoolean()).isFalse();
        assertThat(metrics.ocrCalls()).isEqualTo(ocrCalls + 1);

        EventEnvelope reusedEvent =
                awaitEvent(tenant, same.json().get("imageId").asString());
        assertThat(new EventCodec().payload(reusedEvent, ImageProcessed.class).reusedFrom())
                .isEqualTo(UUID.fromString(id));
    }

    @Test
    void anotherTenantCannotReadOrDeleteAnImage() throws Exception {
        requireOcr();
        String a = tenant();
        String b = tenant();
        byte[] png = TestImages.encode(TestImages.text(500, 70, 40, "Tenant A only"), "png");
        ApiClient.Response created = api.multipart(a, png, "a.png", null);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String path = "/v1/images/" + created.json().get("imageId").asString();

        ApiClient.Response peek = api.get(b, path);
        assertThat(peek.status()).isEqualTo(404);
        assertThat(peek.problemType()).isEqualTo("https://mnemos.io/problems/image-not-found");
        assertThat(api.delete(b, path).status()).isEqualTo(404);

        assertThat(api.get(a, path).status()).isEqualTo(200);
        assertThat(api.delete(a, path).status()).isEqualTo(204);
        assertThat(api.get(a, path).status()).isEqualTo(404);
        assertThat(api.get(a, "/v1/images/not-a-uuid").status()).isEqualTo(400);
        assertThat(api.send(
                                null,
                                java.net.http.HttpRequest.newBuilder(
                                                java.net.URI.create("http://127.0.0.1:" + port + path))
                                        .GET())
                        .status())
                .isEqualTo(401);
    }

    @Test
    void badInputIsRefusedWithAProblemThatSaysWhatIsAcceptedAndNothingIsStored() throws Exception {
        String tenant = tenant();
        byte[] png = TestImages.encode(TestImages.scene(120, 90, 0), "png");
        byte[] truncated = Arrays.copyOf(png, png.length / 2);
        byte[] tooBig = TestImages.concat(Arrays.copyOf(png, 8), new byte[2 * 1024 * 1024 + 10]);
        record Case(String name, ApiCall call, int status, String type) {}
        List<Case> cases = List.of(
                new Case("zero bytes", () -> api.multipart(tenant, new byte[0], "empty.png", null), 400, "empty-image"),
                new Case(
                        "a text file",
                        () -> api.multipart(
                                tenant, "not an image at all".getBytes(StandardCharsets.UTF_8), "notes.png", null),
                        415,
                        "not-an-image"),
                new Case(
                        "a GIF",
                        () -> api.multipart(
                                tenant, TestImages.encode(TestImages.scene(20, 20, 0), "gif"), "a.gif", null),
                        415,
                        "unsupported-image-format"),
                new Case(
                        "a truncated PNG",
                        () -> api.multipart(tenant, truncated, "cut.png", null),
                        422,
                        "corrupt-image"),
                new Case(
                        "too many pixels",
                        () -> api.multipart(tenant, TestImages.pngHeaderOnly(50_000, 50_000), "bomb.png", null),
                        422,
                        "too-many-pixels"),
                new Case(
                        "too many bytes",
                        () -> api.multipart(tenant, tooBig, "big.png", null),
                        413,
                        "payload-too-large"),
                new Case("no file part", () -> api.multipart(tenant, null, null, null), 400, "missing-image"),
                new Case(
                        "JSON without data",
                        () -> api.jsonBody(tenant, "{\"filename\":\"x.png\"}"),
                        400,
                        "missing-image"),
                new Case(
                        "bad base64",
                        () -> api.jsonBody(tenant, "{\"data\":\"iVBOR*not*base64!!\"}"),
                        400,
                        "invalid-base64"),
                new Case(
                        "base64 of text",
                        () -> api.jsonBody(tenant, "{\"data\":\"aGVsbG8gd29ybGQ=\"}"),
                        415,
                        "not-an-image"),
                new Case(
                        "an unknown JSON field",
                        () -> api.jsonBody(tenant, "{\"data\":\"\",\"colour\":1}"),
                        400,
                        "unknown-field"));
        for (Case c : cases) {
            ApiClient.Response r = c.call().run();
            assertThat(r.status()).as("%s: %s", c.name(), r.body()).isEqualTo(c.status());
            assertThat(r.contentType()).as(c.name()).startsWith("application/problem+json");
            assertThat(r.problemType()).as(c.name()).isEqualTo("https://mnemos.io/problems/" + c.type());
            if (!c.type().equals("unknown-field")) {
                assertThat(r.json().get("acceptedFormats").toString())
                        .as(c.name())
                        .contains("image/png", "image/jpeg", "image/tiff", "image/webp");
                assertThat(r.json().get("maxPixels").asLong()).isEqualTo(4_000_000);
            }
        }
        assertThat(api.multipart(tenant, new byte[] {'G', 'I', 'F', '8', '9', 'a', 0, 0}, "x.gif", null)
                        .json()
                        .get("detail")
                        .asString())
                .contains("GIF", "PNG, JPEG, TIFF or WebP");
        assertThat(jdbc.sql("SELECT count(*) FROM image WHERE tenant = ?")
                        .param(tenant)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM outbox_event WHERE record_key LIKE ?")
                        .param(tenant + ":%")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    /**
     * A small PNG cut inside its last bytes decodes without a decoder error (the pixels are all there), and its
     * pixels are those of the complete upload: it was accepted and even answered with the complete image's stored
     * results. It is a 422 corrupt-image, like any truncated file, and nothing is stored.
     */
    @Test
    void aSmallTruncatedPngIsCorruptEvenWhenTheCompletePictureWasUploadedBefore() throws Exception {
        requireOcr();
        String tenant = tenant();
        BufferedImage grey = new BufferedImage(20, 20, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 20; x++) {
                grey.getRaster().setSample(x, y, 0, x < 10 ? 0 : 255);
            }
        }
        byte[] png = TestImages.encode(grey, "png");
        ApiClient.Response complete = api.multipart(tenant, png, "g.png", null);
        assertThat(complete.status()).as(complete.body()).isEqualTo(201);

        // Cut as in the report (60 of 81 bytes): IEND, the IDAT CRC and the end of the zlib stream missing. Before
        // the fix this was a 201 with "reused": true and the complete upload's results.
        byte[] cut = Arrays.copyOf(png, png.length - 21);
        ApiClient.Response r = api.multipart(tenant, cut, "g.png", null);

        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.problemType()).isEqualTo("https://mnemos.io/problems/corrupt-image");
        assertThat(r.json().get("detail").asString()).contains("truncated or corrupt", "IDAT", "no IEND");
        assertThat(jdbc.sql("SELECT count(*) FROM image WHERE tenant = ?")
                        .param(tenant)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void healthReportsTheOcrEngineAndTheMissingCaptionModel() throws Exception {
        requireOcr();
        ApiClient.Response health = api.get(null, "/actuator/health");
        assertThat(health.status()).as(health.body()).isEqualTo(200);
        JsonNode components = health.json().get("components");
        assertThat(components.get("ocr").get("status").asString()).isEqualTo("UP");
        assertThat(components.get("ocr").get("details").get("engine").asString())
                .startsWith("tesseract");
        assertThat(components.get("caption").get("details").get("status").asString())
                .isEqualTo("not-configured");
    }

    @FunctionalInterface
    interface ApiCall {
        ApiClient.Response run() throws Exception;
    }

    /** Reads the vision topic from the start until the event of this image arrives. */
    static EventEnvelope awaitEvent(String tenant, String imageId) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "vision-it-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        EventCodec codec = new EventCodec();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(Topics.VISION_EVENTS));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> rec : consumer.poll(Duration.ofMillis(500))) {
                    Optional<EventEnvelope> e = Optional.of(codec.fromJson(rec.value()))
                            .filter(env -> env.tenant().equals(tenant))
                            .filter(env ->
                                    env.payload().get("imageId").asString().equals(imageId));
                    if (e.isPresent()) {
                        return e.get();
                    }
                }
            }
        }
        throw new AssertionError("no vision.image.processed event for image " + imageId + " within 60 s");
    }
}

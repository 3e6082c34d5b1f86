package io.mnemos.vision.images;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnemos.devstack.JdbcSettings;
import io.mnemos.testsupport.TestInfra;
import io.mnemos.vision.TestImages;
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
 * The service where Tesseract's data is missing: it starts, health says what to install, and uploads get a 503
 * problem with the same instructions instead of a record without OCR.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"mnemos.vision.tessdata=/nonexistent/tessdata", "mnemos.vision.ocr.workers=1"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class VisionOcrMissingIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        JdbcSettings db = TestInfra.createDatabase("vision_noocr_it");
        registry.add("spring.datasource.url", db::url);
        registry.add("spring.datasource.username", db::user);
        registry.add("spring.datasource.password", () -> db.password() == null ? "" : db.password());
        registry.add("spring.kafka.bootstrap-servers", TestInfra::kafkaBootstrap);
        registry.add("mnemos.security.internal-secret", () -> ApiClient.SECRET);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void healthAndUploadsSayHowToInstallTesseract() throws Exception {
        ApiClient api = new ApiClient(port);

        ApiClient.Response health = api.get(null, "/actuator/health");
        assertThat(health.status()).isEqualTo(503);
        JsonNode ocr = health.json().get("components").get("ocr");
        assertThat(ocr.get("status").asString()).isEqualTo("DOWN");
        assertThat(ocr.get("details").get("detail").asString())
                .contains("/nonexistent/tessdata/eng.traineddata is missing")
                .contains("apt-get install tesseract-ocr tesseract-ocr-eng");

        byte[] png = TestImages.encode(TestImages.text(400, 60, 36, "No OCR here"), "png");
        ApiClient.Response upload = api.multipart("acme", png, "x.png", null);
        assertThat(upload.status()).as(upload.body()).isEqualTo(503);
        assertThat(upload.contentType()).startsWith("application/problem+json");
        assertThat(upload.problemType()).isEqualTo("https://mnemos.io/problems/ocr-unavailable");
        assertThat(upload.json().get("detail").asString()).contains("apt-get install tesseract-ocr");
        assertThat(jdbc.sql("SELECT count(*) FROM image").query(Long.class).single())
                .isZero();

        // Bad input is still refused for what it is.
        ApiClient.Response bad = api.multipart("acme", new byte[0], "x.png", null);
        assertThat(bad.status()).isEqualTo(400);
    }
}

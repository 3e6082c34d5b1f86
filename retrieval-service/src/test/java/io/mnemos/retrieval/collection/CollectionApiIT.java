package io.mnemos.retrieval.collection;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnemos.contracts.EventCodec;
import io.mnemos.contracts.EventEnvelope;
import io.mnemos.contracts.Topics;
import io.mnemos.contracts.events.DocumentIngestRequested;
import io.mnemos.devstack.JdbcSettings;
import io.mnemos.model.MiniLmEmbedder;
import io.mnemos.retrieval.search.Retriever;
import io.mnemos.testsupport.TestInfra;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.store.FSDirectory;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The real service on a random port: real PostgreSQL (a fresh database), real Kafka, real Lucene indexes on disk and
 * the real int8 MiniLM. Ingests over HTTP (JSON, files, NDJSON) and Kafka, searches in every mode, deletes, and checks
 * that tenants never see each other's collections or hits. A few dozen short documents keep it well under two minutes.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "mnemos.messaging.outbox.relay.poll-interval=20ms",
            "mnemos.messaging.consumer.retry.max-retries=1",
            "mnemos.messaging.consumer.retry.initial-interval=100ms",
            "spring.kafka.consumer.auto-offset-reset=earliest",
            "mnemos.retrieval.bulk.batch-size=4"
        })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class CollectionApiIT {
    private static final Path DATA_DIR = tempDir();
    private static final EventCodec CODEC = new EventCodec();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        JdbcSettings db = TestInfra.createDatabase("retrieval_api_it");
        registry.add("spring.datasource.url", db::url);
        registry.add("spring.datasource.username", db::user);
        registry.add("spring.datasource.password", () -> db.password() == null ? "" : db.password());
        registry.add("spring.kafka.bootstrap-servers", TestInfra::kafkaBootstrap);
        registry.add("mnemos.security.internal-secret", () -> ApiClient.SECRET);
        registry.add("mnemos.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    Retriever retriever;

    @Autowired
    MiniLmEmbedder embedder;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("retrieval-api-it");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String tenant() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Twenty short documents on distinct topics. */
    static final Map<String, String[]> CORPUS = new LinkedHashMap<>();

    static {
        CORPUS.put("tea", new String[] {
            "Green tea",
            "Green tea is made from leaves that are steamed or pan-fired soon after picking, so they do not oxidize. It is brewed with water below boiling."
        });
        CORPUS.put("volcano", new String[] {
            "Volcanoes",
            "A volcano erupts when magma rises through cracks in the crust. Lava flows and ash clouds follow the eruption."
        });
        CORPUS.put("bees", new String[] {
            "Honeybees",
            "Honeybees collect nectar from flowers and turn it into honey inside the hive. Worker bees fan the nectar to evaporate its water."
        });
        CORPUS.put("chess", new String[] {
            "Chess openings",
            "The Sicilian Defence answers 1.e4 with c5. It is the most popular reply of strong players."
        });
        CORPUS.put("photosynthesis", new String[] {
            "Photosynthesis",
            "Plants capture sunlight with chlorophyll and convert carbon dioxide and water into glucose and oxygen."
        });
        CORPUS.put("jazz", new String[] {
            "Jazz", "Jazz grew in New Orleans from blues and ragtime. Improvisation over chord changes is at its heart."
        });
        CORPUS.put("glacier", new String[] {
            "Glaciers", "A glacier is a river of ice that moves slowly downhill under its own weight, carving valleys."
        });
        CORPUS.put("bicycle", new String[] {
            "Bicycle maintenance",
            "Keep the chain clean and lubricated, and check tyre pressure every week to avoid punctures."
        });
        CORPUS.put("sourdough", new String[] {
            "Sourdough",
            "Sourdough bread rises with a starter of wild yeast and lactic acid bacteria instead of baker's yeast."
        });
        CORPUS.put("lighthouse", new String[] {
            "Lighthouses", "A lighthouse warns ships of dangerous coasts with a rotating lamp and a Fresnel lens."
        });
        CORPUS.put("octopus", new String[] {
            "Octopuses",
            "An octopus has three hearts and blue blood, and it can change the colour of its skin in an instant."
        });
        CORPUS.put("solar", new String[] {
            "Solar panels",
            "Photovoltaic cells turn sunlight directly into electricity; an inverter converts it to alternating current."
        });
        CORPUS.put("marathon", new String[] {
            "Marathon training",
            "Runners preparing for a marathon build weekly mileage slowly and taper in the last three weeks."
        });
        CORPUS.put("origami", new String[] {
            "Origami", "Origami is the Japanese art of folding a single square of paper into cranes, frogs and flowers."
        });
        CORPUS.put("comet", new String[] {
            "Comets", "A comet is a ball of ice and dust; near the Sun it grows a glowing coma and a long tail."
        });
        CORPUS.put("coral", new String[] {
            "Coral reefs",
            "Coral reefs are built by tiny animals called polyps and bleach when the ocean water gets too warm."
        });
        CORPUS.put("espresso", new String[] {
            "Espresso",
            "Espresso is brewed by forcing hot water through finely ground coffee at about nine bars of pressure."
        });
        CORPUS.put("violin", new String[] {
            "Violin", "The violin has four strings tuned in fifths and is played with a bow strung with horsehair."
        });
        CORPUS.put("penguin", new String[] {
            "Penguins", "Emperor penguins breed during the Antarctic winter; the males keep the egg warm on their feet."
        });
        CORPUS.put("typewriter", new String[] {
            "Typewriters",
            "Mechanical typewriters strike inked ribbon with metal type bars; the QWERTY layout comes from them."
        });
    }

    static Map<String, Object> doc(String id, String title, String text, Map<String, String> metadata) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", id);
        d.put("title", title);
        d.put("text", text);
        d.put("metadata", metadata);
        return d;
    }

    private void createCollection(String tenant, String name) throws Exception {
        ApiClient.Response r = api.postJson(tenant, "/v1/collections", Map.of("name", name));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    private JsonNode ingest(String tenant, String collection, List<Map<String, Object>> docs) throws Exception {
        ApiClient.Response r =
                api.postJson(tenant, "/v1/collections/" + collection + "/documents", Map.of("documents", docs));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private JsonNode search(String tenant, String collection, String body) throws Exception {
        ApiClient.Response r = api.postJson(tenant, "/v1/collections/" + collection + "/search", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static List<String> ids(JsonNode result) {
        List<String> ids = new ArrayList<>();
        result.get("hits").forEach(h -> ids.add(h.get("documentId").asString()));
        return ids;
    }

    private static List<String> texts(JsonNode result) {
        List<String> texts = new ArrayList<>();
        result.get("hits").forEach(h -> texts.add(h.get("text").asString()));
        return texts;
    }

    @Test
    void ingestSearchReplaceAndDeleteOverHttp() throws Exception {
        String tenant = tenant();
        createCollection(tenant, "kb");
        ApiClient.Response dup = api.postJson(tenant, "/v1/collections", Map.of("name", "kb"));
        assertThat(dup.status()).isEqualTo(409);
        assertThat(dup.contentType()).startsWith("application/problem+json");

        List<Map<String, Object>> docs = new ArrayList<>();
        int i = 0;
        for (var e : CORPUS.entrySet()) {
            docs.add(
                    doc(e.getKey(), e.getValue()[0], e.getValue()[1], Map.of("parity", i++ % 2 == 0 ? "even" : "odd")));
        }
        JsonNode written = ingest(tenant, "kb", docs);
        assertThat(written.get("documents").size()).isEqualTo(20);
        assertThat(written.get("chunks").asInt()).isGreaterThanOrEqualTo(20);

        // durable: the chunks are in the last Lucene commit on disk, not only in the near-real-time reader
        try (var dir = FSDirectory.open(DATA_DIR.resolve("index/tenants/" + tenant));
                var reader = DirectoryReader.open(dir)) {
            assertThat(reader.numDocs()).isEqualTo(written.get("chunks").asInt());
            assertThat(reader.docFreq(new Term("tenant", tenant))).isEqualTo(reader.numDocs());
        }

        JsonNode coll = api.get(tenant, "/v1/collections/kb").json();
        assertThat(coll.get("documents").asLong()).isEqualTo(20);
        assertThat(coll.get("chunks").asLong()).isEqualTo(written.get("chunks").asLong());

        // the three modes find what they should, right after the ingest returned
        assertThat(ids(search(tenant, "kb", "{\"query\":\"sourdough starter\",\"mode\":\"bm25\",\"k\":3}"))
                        .getFirst())
                .isEqualTo("sourdough");
        assertThat(ids(search(tenant, "kb", "{\"query\":\"bread leavened by wild yeast\",\"mode\":\"dense\",\"k\":3}")))
                .contains("sourdough");
        JsonNode hybrid = search(
                tenant,
                "kb",
                "{\"query\":\"how do bees make honey\",\"mode\":\"hybrid\",\"k\":5,\"fusion\":{\"method\":\"rrf\",\"k\":60},"
                        + "\"explain\":true,\"highlight\":true}");
        assertThat(hybrid.get("mode").asString()).isEqualTo("hybrid");
        assertThat(hybrid.get("tookMs").asDouble()).isGreaterThan(0);
        JsonNode top = hybrid.get("hits").get(0);
        assertThat(top.get("documentId").asString()).isEqualTo("bees");
        assertThat(top.get("chunkId").asString()).isEqualTo("bees#0");
        assertThat(top.get("title").asString()).isEqualTo("Honeybees");
        assertThat(top.get("explanation").get("fusion").asString()).isEqualTo("rrf(k=60)");
        assertThat(top.get("highlights").get(0).asString()).contains("<b>");

        // metadata filter
        JsonNode filtered = search(
                tenant, "kb", "{\"query\":\"water\",\"mode\":\"dense\",\"k\":20,\"filters\":{\"parity\":\"odd\"}}");
        assertThat(filtered.get("hits").size()).isEqualTo(10);
        filtered.get("hits")
                .forEach(h ->
                        assertThat(h.get("metadata").get("parity").asString()).isEqualTo("odd"));

        // re-posting an id replaces the document atomically
        JsonNode replaced = ingest(
                tenant,
                "kb",
                List.of(doc(
                        "tea", "Matcha", "Matcha is stone-ground powdered green tea whisked into a froth.", Map.of())));
        assertThat(replaced.get("documents").get(0).get("replaced").asBoolean()).isTrue();
        List<String> teaTexts = texts(search(tenant, "kb", "{\"query\":\"tea\",\"mode\":\"bm25\",\"k\":10}"));
        assertThat(teaTexts).anyMatch(t -> t.contains("Matcha")).noneMatch(t -> t.contains("pan-fired"));
        JsonNode stored = api.get(tenant, "/v1/collections/kb/documents/tea?include=chunks")
                .json();
        assertThat(stored.get("version").asInt()).isEqualTo(2);
        assertThat(stored.get("title").asString()).isEqualTo("Matcha");
        assertThat(stored.get("content").get(0).get("text").asString()).startsWith("Matcha is");

        // delete a document
        assertThat(api.delete(tenant, "/v1/collections/kb/documents/sourdough").status())
                .isEqualTo(204);
        assertThat(ids(search(tenant, "kb", "{\"query\":\"sourdough bread yeast\",\"k\":20}")))
                .doesNotContain("sourdough");
        assertThat(api.get(tenant, "/v1/collections/kb/documents/sourdough").status())
                .isEqualTo(404);
        assertThat(api.delete(tenant, "/v1/collections/kb/documents/sourdough").status())
                .isEqualTo(404);
        assertThat(api.get(tenant, "/v1/collections/kb").json().get("documents").asLong())
                .isEqualTo(19);

        // bad input
        ApiClient.Response unknown = api.postJson(tenant, "/v1/collections/nope/search", "{\"query\":\"tea\"}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.problemType()).endsWith("/collection-not-found");
        assertThat(api.postJson(tenant, "/v1/collections/kb/search", "{\"query\":\"\"}")
                        .status())
                .isEqualTo(400);
        assertThat(api.postJson(tenant, "/v1/collections/kb/search", "{\"query\":\"tea\",\"k\":1000}")
                        .status())
                .isEqualTo(400);
        assertThat(api.postJson(tenant, "/v1/collections/kb/search", "{\"query\":\"" + "q".repeat(1001) + "\"}")
                        .status())
                .isEqualTo(400);

        // metrics and the OpenAPI document
        String prometheus = api.get(tenant, "/actuator/prometheus").body();
        assertThat(prometheus)
                .containsPattern("mnemos_retrieval_search_seconds_count\\{[^}]*mode=\"hybrid\"")
                .containsPattern("mnemos_retrieval_search_seconds_count\\{[^}]*mode=\"dense\"")
                .containsPattern("mnemos_retrieval_ingested_chunks_total\\{[^}]*source=\"http\"");
        assertThat(api.get(tenant, "/v3/api-docs").body())
                .contains("/v1/collections/{collection}/search")
                .contains("/v1/collections/{collection}/ingestions/{jobId}");

        // delete the collection: its chunks leave the index; the same name starts empty
        assertThat(api.delete(tenant, "/v1/collections/kb").status()).isEqualTo(204);
        assertThat(api.get(tenant, "/v1/collections/kb").status()).isEqualTo(404);
        try (var dir = FSDirectory.open(DATA_DIR.resolve("index/tenants/" + tenant));
                var reader = DirectoryReader.open(dir)) {
            assertThat(reader.numDocs()).isZero();
        }
        createCollection(tenant, "kb");
        assertThat(search(tenant, "kb", "{\"query\":\"honey bees\",\"mode\":\"dense\"}")
                        .get("hits")
                        .size())
                .isZero();
    }

    /** Hit ids and scores, in order. */
    private static List<String> ranked(JsonNode result) {
        List<String> out = new ArrayList<>();
        result.get("hits")
                .forEach(h -> out.add(
                        h.get("chunkId").asString() + "@" + h.get("score").asDouble()));
        return out;
    }

    private static Map<String, Object> vectorSearch(String query, String mode, float[] vector, String model) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("mode", mode);
        body.put("k", 5);
        body.put("queryVector", vector);
        body.put("queryVectorModel", model);
        return body;
    }

    @Test
    void aPrecomputedQueryVectorGivesTheSameHitsAsTheTextAndAWrongOneIs422() throws Exception {
        String tenant = tenant();
        createCollection(tenant, "vec");
        List<Map<String, Object>> docs = new ArrayList<>();
        CORPUS.forEach((id, d) -> docs.add(doc(id, d[0], d[1], Map.of())));
        ingest(tenant, "vec", docs);
        String model = MiniLmEmbedder.MODEL_ID;
        String q = "how do bees make honey";
        float[] v = embedder.embed(q);
        for (String mode : List.of("dense", "hybrid")) {
            JsonNode byText = search(tenant, "vec", "{\"query\":\"" + q + "\",\"mode\":\"" + mode + "\",\"k\":5}");
            ApiClient.Response byVector =
                    api.postJson(tenant, "/v1/collections/vec/search", vectorSearch(q, mode, v, model));
            assertThat(byVector.status()).as(byVector.body()).isEqualTo(200);
            assertThat(ranked(byText)).as(mode).isNotEmpty();
            assertThat(ranked(byVector.json())).as(mode).isEqualTo(ranked(byText));
        }
        // the vector, not the text, drives dense search: text about bees, vector about volcanoes
        ApiClient.Response swapped = api.postJson(
                tenant,
                "/v1/collections/vec/search",
                vectorSearch(q, "dense", embedder.embed("magma and lava eruptions"), model));
        assertThat(ids(swapped.json()).getFirst()).isEqualTo("volcano");
        // another model's vector is ignored: the text is embedded
        ApiClient.Response other = api.postJson(
                tenant, "/v1/collections/vec/search", vectorSearch(q, "dense", new float[] {1, 0}, "other-model"));
        assertThat(ids(other.json()).getFirst()).isEqualTo("bees");

        ApiClient.Response wrong = api.postJson(
                tenant, "/v1/collections/vec/search", vectorSearch(q, "hybrid", new float[] {0.6f, 0.8f}, model));
        assertThat(wrong.status()).isEqualTo(422);
        assertThat(wrong.contentType()).startsWith("application/problem+json");
        assertThat(wrong.json().get("type").asString()).endsWith("/invalid-query-vector");
        assertThat(wrong.json().get("detail").asString()).contains("384 values").contains("got 2");
    }

    @Test
    void tenantsNeverSeeEachOthersCollectionsOrHits() throws Exception {
        String a = tenant();
        String b = tenant();
        createCollection(a, "shared");
        createCollection(b, "shared");
        // the same document ids, different content per tenant
        ingest(
                a,
                "shared",
                List.of(
                        doc(
                                "plan",
                                "Project Zephyr",
                                "Project Zephyr builds helium airships that cross the Andes.",
                                Map.of("owner", a)),
                        doc(
                                "notes",
                                "Notes",
                                "The airship envelope is stitched from ripstop fabric.",
                                Map.of("owner", a))));
        ingest(
                b,
                "shared",
                List.of(
                        doc(
                                "plan",
                                "Project Nautilus",
                                "Project Nautilus designs submarines for the Mariana trench.",
                                Map.of("owner", b)),
                        doc("notes", "Notes", "The submarine hull is forged from titanium.", Map.of("owner", b)),
                        doc("only-b", "Sonar", "Sonar pings echo off the trench walls.", Map.of("owner", b))));

        for (String mode : List.of("bm25", "dense", "hybrid")) {
            for (String q : List.of("submarines Mariana trench titanium sonar", "airships helium Andes", "Project")) {
                JsonNode ra = search(a, "shared", "{\"query\":\"" + q + "\",\"mode\":\"" + mode + "\",\"k\":50}");
                ra.get("hits").forEach(h -> {
                    assertThat(h.get("metadata").get("owner").asString()).isEqualTo(a);
                    assertThat(h.get("text").asString())
                            .doesNotContainIgnoringCase("submarine")
                            .doesNotContain("Sonar");
                });
                JsonNode rb = search(b, "shared", "{\"query\":\"" + q + "\",\"mode\":\"" + mode + "\",\"k\":50}");
                rb.get("hits").forEach(h -> {
                    assertThat(h.get("metadata").get("owner").asString()).isEqualTo(b);
                    assertThat(h.get("text").asString()).doesNotContainIgnoringCase("airship");
                });
                if (!mode.equals("bm25")) {
                    assertThat(ra.get("hits").size()).isEqualTo(2);
                    assertThat(rb.get("hits").size()).isEqualTo(3);
                }
            }
        }
        assertThat(api.get(a, "/v1/collections/shared/documents/only-b").status())
                .isEqualTo(404);
        assertThat(api.get(a, "/v1/collections/shared/documents/plan")
                        .json()
                        .get("title")
                        .asString())
                .isEqualTo("Project Zephyr");
        assertThat(api.get(a, "/v1/collections").json().get("collections").size())
                .isEqualTo(1);
        assertThat(api.get(a, "/v1/collections/shared").json().get("documents").asLong())
                .isEqualTo(2);
        // another tenant's delete touches only its own collection
        assertThat(api.delete(b, "/v1/collections/shared").status()).isEqualTo(204);
        assertThat(ids(search(a, "shared", "{\"query\":\"airships\",\"mode\":\"bm25\"}")))
                .containsExactlyInAnyOrder("plan", "notes");
    }

    @Test
    void kafkaRequestsAreIndexedOnceAndEventsArePublished() throws Exception {
        String tenant = tenant();
        String bootstrap = TestInfra.kafkaBootstrap();
        EventEnvelope request = CODEC.wrap(
                new DocumentIngestRequested(
                        "inbox",
                        "k-1",
                        "Kafka doc",
                        "Glass frogs have translucent skin on their bellies.",
                        Map.of("via", "kafka"),
                        true),
                tenant,
                "inbox/k-1",
                null);
        EventEnvelope refused = CODEC.wrap(
                new DocumentIngestRequested("missing", "k-2", null, "Never indexed.", null, false),
                tenant,
                "missing/k-2",
                null);
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            for (EventEnvelope e : List.of(request, request, refused)) { // the first one twice: delivered again
                producer.send(new ProducerRecord<>(Topics.RETRIEVAL_REQUESTS, e.key(), CODEC.toJson(e)))
                        .get();
            }
        }
        JsonNode doc = await(Duration.ofSeconds(90), () -> {
            ApiClient.Response r = api.get(tenant, "/v1/collections/inbox/documents/k-1");
            return r.status() == 200 ? r.json() : null;
        });
        assertThat(doc.get("source").asString()).isEqualTo("kafka");
        assertThat(doc.get("metadata").get("via").asString()).isEqualTo("kafka");
        assertThat(ids(search(tenant, "inbox", "{\"query\":\"translucent frogs\",\"mode\":\"hybrid\"}")))
                .containsExactly("k-1");

        // the refused request is dead-lettered, never indexed
        ConsumerRecord<String, String> dead =
                awaitRecord(bootstrap, Topics.deadLetter(Topics.RETRIEVAL_REQUESTS), r -> r.value()
                        .contains(refused.id().toString()));
        assertThat(dead.key()).isEqualTo(refused.key());
        assertThat(api.get(tenant, "/v1/collections/missing").status()).isEqualTo(404);

        // exactly one indexed event for k-1 (the duplicate delivery changed nothing)
        ConsumerRecord<String, String> indexed =
                awaitRecord(bootstrap, Topics.RETRIEVAL_EVENTS, r -> r.key().equals(tenant + ":inbox/k-1"));
        EventEnvelope env = CODEC.fromJson(indexed.value());
        assertThat(env.type()).isEqualTo("retrieval.document.indexed");
        assertThat(env.payload().get("source").asString()).isEqualTo("kafka");
        assertThat(api.get(tenant, "/v1/collections/inbox/documents/k-1")
                        .json()
                        .get("version")
                        .asInt())
                .isEqualTo(1);

        // a delete over HTTP publishes retrieval.document.deleted
        assertThat(api.delete(tenant, "/v1/collections/inbox/documents/k-1").status())
                .isEqualTo(204);
        ConsumerRecord<String, String> deleted = awaitRecord(
                bootstrap,
                Topics.RETRIEVAL_EVENTS,
                r -> r.key().equals(tenant + ":inbox/k-1") && r.value().contains("retrieval.document.deleted"));
        assertThat(CODEC.fromJson(deleted.value()).payload().get("reason").asString())
                .isEqualTo("deleted");
    }

    @Test
    void ndjsonBulkRunsAsAJobWithProgress() throws Exception {
        String tenant = tenant();
        createCollection(tenant, "bulk");
        StringBuilder ndjson = new StringBuilder();
        int n = 0;
        for (var e : CORPUS.entrySet()) {
            if (n++ == 10) {
                break;
            }
            ndjson.append(ApiClient.JSON.writeValueAsString(
                            doc("b-" + e.getKey(), e.getValue()[0], e.getValue()[1], Map.of())))
                    .append('\n');
        }
        ApiClient.Response bad = api.post(
                tenant,
                "/v1/collections/bulk/documents",
                "application/x-ndjson",
                "{\"id\":\"x\",\"text\":\"ok\"}\n{oops\n");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("line 2");

        ApiClient.Response accepted =
                api.post(tenant, "/v1/collections/bulk/documents", "application/x-ndjson", ndjson.toString());
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat(accepted.json().get("total").asInt()).isEqualTo(10);
        String location = accepted.location();
        assertThat(location).startsWith("/v1/collections/bulk/ingestions/");
        JsonNode job = await(Duration.ofSeconds(90), () -> {
            JsonNode j = api.get(tenant, location).json();
            return j.get("status").asString().equals("completed") ? j : null;
        });
        assertThat(job.get("succeeded").asInt()).isEqualTo(10);
        assertThat(job.get("failed").asInt()).isZero();
        assertThat(job.get("processed").asInt()).isEqualTo(10);
        assertThat(job.get("progress").asDouble()).isEqualTo(1.0);
        assertThat(ids(search(tenant, "bulk", "{\"query\":\"magma eruption\",\"mode\":\"bm25\",\"k\":1}")))
                .containsExactly("b-volcano");
        assertThat(api.get(tenant, "/v1/collections/bulk")
                        .json()
                        .get("documents")
                        .asLong())
                .isEqualTo(10);
        assertThat(api.get(tenant(), location).status()).isEqualTo(404); // another tenant
    }

    @Test
    void filesAreParsedAndBadFilesRefused() throws Exception {
        String tenant = tenant();
        createCollection(tenant, "files");
        String path = "/v1/collections/files/documents";
        ApiClient.Response md = api.upload(
                tenant,
                path,
                "guide.md",
                "text/markdown",
                "# Kettle guide\n\nDescale the **kettle** with citric acid every month.\n"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(md.status()).as(md.body()).isEqualTo(200);
        ApiClient.Response html = api.upload(
                tenant,
                path,
                "page.html",
                "text/html",
                "<html><head><title>Harbour</title></head><body><p>The harbour pilot boards incoming freighters.</p><script>var x=1;</script></body></html>"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(html.status()).as(html.body()).isEqualTo(200);
        ApiClient.Response pdf = api.upload(
                tenant,
                path,
                "memo.pdf",
                "application/pdf",
                pdf("Quarterly memo: the greenhouse tomatoes ripened early."));
        assertThat(pdf.status()).as(pdf.body()).isEqualTo(200);

        assertThat(api.get(tenant, "/v1/collections/files/documents/guide.md")
                        .json()
                        .get("title")
                        .asString())
                .isEqualTo("Kettle guide");
        assertThat(api.get(tenant, "/v1/collections/files/documents/page.html")
                        .json()
                        .get("mediaType")
                        .asString())
                .isEqualTo("text/html");
        assertThat(api.get(tenant, "/v1/collections/files/documents/memo.pdf")
                        .json()
                        .get("mediaType")
                        .asString())
                .isEqualTo("application/pdf");
        assertThat(ids(search(tenant, "files", "{\"query\":\"greenhouse tomatoes\",\"mode\":\"bm25\"}")))
                .containsExactly("memo.pdf");
        assertThat(texts(search(tenant, "files", "{\"query\":\"harbour pilot\",\"mode\":\"bm25\"}"))
                        .getFirst())
                .doesNotContain("var x");

        ApiClient.Response broken = api.upload(
                tenant,
                path,
                "broken.pdf",
                "application/pdf",
                "%PDF-1.7\n1 0 obj << >> trailer garbage".getBytes(StandardCharsets.US_ASCII));
        assertThat(broken.status()).as(broken.body()).isEqualTo(422);
        assertThat(broken.problemType()).endsWith("/unreadable-document");
        byte[] zip = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        ApiClient.Response unsupported = api.upload(tenant, path, "archive.zip", "application/zip", zip);
        assertThat(unsupported.status()).as(unsupported.body()).isEqualTo(415);
        assertThat(api.get(tenant, "/v1/collections/files")
                        .json()
                        .get("documents")
                        .asLong())
                .isEqualTo(3);
        assertThat(api.get(tenant, "/v1/collections/files/documents/broken.pdf").status())
                .isEqualTo(404);
    }

    // --- helpers ---

    static byte[] pdf(String line) throws IOException {
        try (PDDocument d = new PDDocument()) {
            PDPage page = new PDPage();
            d.addPage(page);
            try (PDPageContentStream s = new PDPageContentStream(d, page)) {
                s.beginText();
                s.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                s.newLineAtOffset(72, 700);
                s.showText(line);
                s.endText();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            d.save(out);
            return out.toByteArray();
        }
    }

    interface Probe<T> {
        T get() throws Exception;
    }

    static <T> T await(Duration timeout, Probe<T> probe) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T v = probe.get();
            if (v != null) {
                return v;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(200);
        }
    }

    static KafkaProducer<String, String> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    /** Reads a topic from the beginning until a record matches. */
    static ConsumerRecord<String, String> awaitRecord(
            String bootstrap, String topic, Predicate<ConsumerRecord<String, String>> match) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.key() != null && match.test(r)) {
                        return r;
                    }
                }
            }
        }
        throw new AssertionError("no matching record on " + topic + " within 90 s");
    }
}

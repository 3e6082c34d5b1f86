package io.mnemos.retrieval.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.mnemos.contracts.identity.Identity;
import io.mnemos.contracts.identity.InternalToken;
import io.mnemos.model.MiniLmEmbedder;
import io.mnemos.retrieval.ingest.DocumentParser;
import io.mnemos.retrieval.search.HitExplanation;
import io.mnemos.retrieval.search.SearchHit;
import io.mnemos.retrieval.search.SearchResponse;
import io.mnemos.search.Fusion;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;

/**
 * The HTTP layer with a signed identity: validation, scopes and problem responses. The service is a mock here (the
 * real one runs in {@code CollectionApiIT}); the document parser is the real Tika one, so file-type and broken-file
 * problems come from real parsing.
 */
@WebMvcTest(
        controllers = {CollectionController.class, SearchController.class},
        properties = {
            "mnemos.security.internal-secret=" + CollectionApiTest.SECRET,
            "mnemos.retrieval.limits.max-document-chars=200",
            "mnemos.retrieval.limits.max-file-size=2KB",
            "mnemos.retrieval.limits.max-query-chars=50",
            "mnemos.retrieval.limits.max-documents-per-request=3",
            "mnemos.retrieval.search.max-k=20"
        })
@Import(CollectionApiTest.Beans.class)
class CollectionApiTest {
    static final String SECRET = "retrieval-test-secret-0123456789abcdef";
    static final String PROBLEM = "https://mnemos.io/problems/";

    @TestConfiguration
    @EnableConfigurationProperties(RetrievalProperties.class)
    static class Beans {
        @Bean
        DocumentParser documentParser(RetrievalProperties props) {
            return new DocumentParser(props.limits().maxDocumentChars() + 1);
        }

        /** For the query-vector checks of search (never loads the model: nothing is embedded here). */
        @Bean
        MiniLmEmbedder embedder() {
            return new MiniLmEmbedder();
        }
    }

    @Autowired
    MockMvc mvc;

    @MockitoBean
    CollectionService collections;

    @MockitoBean
    BulkIngestions bulk;

    private static final Collection KB = new Collection(UUID.randomUUID(), "acme", "kb", Instant.now());

    static String token(String... scopes) {
        return InternalToken.sign(
                Identity.of("acme", "key:test", scopes),
                InternalToken.secret(SECRET),
                Instant.now().plusSeconds(60));
    }

    private ResultActions send(AbstractMockHttpServletRequestBuilder<?> req, String... scopes) throws Exception {
        return mvc.perform(req.header(InternalToken.HEADER, token(scopes)));
    }

    private ResultActions postJson(String path, String json, String... scopes) throws Exception {
        return send(post(path).contentType(MediaType.APPLICATION_JSON).content(json), scopes);
    }

    private static ResultActions problem(ResultActions r, int status, String slug) throws Exception {
        return r.andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(PROBLEM + slug))
                .andExpect(jsonPath("$.detail").isNotEmpty());
    }

    // --- identity and scopes ---

    @Test
    void unsignedRequestsAre401() throws Exception {
        problem(mvc.perform(get("/v1/collections")), 401, "unauthenticated");
        verify(collections, never()).list(any());
    }

    @Test
    void readScopeCannotWriteButCanSearch() throws Exception {
        problem(postJson("/v1/collections", "{\"name\":\"kb\"}", "documents:read"), 403, "insufficient-scope");
        problem(send(delete("/v1/collections/kb/documents/a"), "documents:read"), 403, "insufficient-scope");
        when(collections.search(eq("acme"), eq("kb"), eq("tea"), any())).thenReturn(new SearchResponse(List.of(), 5));
        postJson("/v1/collections/kb/search", "{\"query\":\"tea\"}", "documents:read")
                .andExpect(status().isOk());
        problem(postJson("/v1/collections/kb/search", "{\"query\":\"tea\"}", "memory:read"), 403, "insufficient-scope");
    }

    @Test
    void adminMayDoEverything() throws Exception {
        when(collections.create("acme", "kb")).thenReturn(KB);
        postJson("/v1/collections", "{\"name\":\"kb\"}", "admin")
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/v1/collections/kb"))
                .andExpect(jsonPath("$.name").value("kb"))
                .andExpect(jsonPath("$.documents").value(0));
    }

    // --- collections ---

    @Test
    void collectionNamesAreValidated() throws Exception {
        for (String body : List.of(
                "{}",
                "{\"name\":\"\"}",
                "{\"name\":\"a/b\"}",
                "{\"name\":\"" + "x".repeat(65) + "\"}",
                "{\"name\":\"-lead\"}")) {
            problem(postJson("/v1/collections", body, "documents:write"), 400, "validation-failed")
                    .andExpect(jsonPath("$.errors[0].field").value("name"));
        }
        problem(postJson("/v1/collections", "{\"name\":\"kb\",\"nmae\":1}", "documents:write"), 400, "unknown-field");
        verify(collections, never()).create(any(), any());
    }

    @Test
    void duplicateCollectionIs409AndUnknownIs404() throws Exception {
        when(collections.create("acme", "kb")).thenThrow(RetrievalProblems.collectionExists("kb"));
        problem(postJson("/v1/collections", "{\"name\":\"kb\"}", "documents:write"), 409, "collection-exists");
        when(collections.describe("acme", "nope")).thenThrow(RetrievalProblems.collectionNotFound("nope"));
        problem(send(get("/v1/collections/nope"), "documents:read"), 404, "collection-not-found")
                .andExpect(jsonPath("$.collection").value("nope"));
    }

    // --- JSON documents ---

    @Test
    void jsonDocumentsAreValidatedAllOrNothing() throws Exception {
        String path = "/v1/collections/kb/documents";
        problem(postJson(path, "{\"documents\":[]}", "documents:write"), 400, "validation-failed");
        problem(postJson(path, "{}", "documents:write"), 400, "validation-failed");
        problem(
                        postJson(
                                path,
                                "{\"documents\":[{\"id\":\"ok\",\"text\":\"fine\"},{\"text\":\"no id\"},"
                                        + "{\"id\":\"bad/id\",\"text\":\"x\"}]}",
                                "documents:write"),
                        400,
                        "validation-failed")
                .andExpect(jsonPath("$.errors[0].field").value("documents[1].id"))
                .andExpect(jsonPath("$.errors[1].field").value("documents[2].id"));
        problem(
                        postJson(
                                path,
                                "{\"documents\":[{\"id\":\"a\",\"text\":\"x\"},{\"id\":\"a\",\"text\":\"y\"}]}",
                                "documents:write"),
                        400,
                        "validation-failed")
                .andExpect(jsonPath("$.errors[0].field").value("documents[1].id"));
        problem(
                        postJson(path, "{\"documents\":[{\"id\":\"a\",\"text\":\"  \"}]}", "documents:write"),
                        400,
                        "validation-failed")
                .andExpect(jsonPath("$.errors[0].field").value("documents[0].text"));
        problem(
                        postJson(
                                path,
                                "{\"documents\":[{\"id\":\"a\",\"text\":\"x\",\"metadata\":{\"bad key\":\"v\"}}]}",
                                "documents:write"),
                        400,
                        "validation-failed")
                .andExpect(jsonPath("$.errors[0].field").value("documents[0].metadata.bad key"));
        problem(
                postJson(
                        path,
                        "{\"documents\":[{\"id\":\"a\",\"text\":\"" + "x".repeat(201) + "\"}]}",
                        "documents:write"),
                413,
                "payload-too-large");
        problem(
                postJson(
                        path,
                        "{\"documents\":[{\"id\":\"a\",\"text\":\"x\"},{\"id\":\"b\",\"text\":\"x\"},"
                                + "{\"id\":\"c\",\"text\":\"x\"},{\"id\":\"d\",\"text\":\"x\"}]}",
                        "documents:write"),
                400,
                "validation-failed");
        verify(collections, never()).ingest(any(), any(), anyList(), any(), any());
    }

    @Test
    void validJsonDocumentsReachTheService() throws Exception {
        when(collections.require("acme", "kb")).thenReturn(KB);
        when(collections.ingest(eq("acme"), eq(KB), anyList(), eq("http"), isNull()))
                .thenReturn(new CollectionService.Ingested(
                        List.of(new CollectionService.IngestedDocument("tea-1", 2, true)), 2, 10, 3));
        postJson(
                        "/v1/collections/kb/documents",
                        "{\"documents\":[{\"id\":\"tea-1\",\"title\":\"Tea\",\"text\":\"Green tea.\","
                                + "\"metadata\":{\"lang\":\"en\"}}]}",
                        "documents:write")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.collection").value("kb"))
                .andExpect(jsonPath("$.documents[0].documentId").value("tea-1"))
                .andExpect(jsonPath("$.documents[0].replaced").value(true))
                .andExpect(jsonPath("$.chunks").value(2));
        @SuppressWarnings("unchecked")
        ArgumentCaptor<List<CollectionService.NewDocument>> docs = ArgumentCaptor.forClass(List.class);
        verify(collections).ingest(eq("acme"), eq(KB), docs.capture(), eq("http"), isNull());
        assertThat(docs.getValue())
                .containsExactly(
                        new CollectionService.NewDocument("tea-1", "Tea", "Green tea.", Map.of("lang", "en"), null));
    }

    // --- files ---

    @Test
    void uploadedTextFileIsParsedAndNamedAfterTheFile() throws Exception {
        when(collections.require("acme", "kb")).thenReturn(KB);
        when(collections.ingest(eq("acme"), eq(KB), anyList(), eq("upload"), isNull()))
                .thenReturn(new CollectionService.Ingested(
                        List.of(new CollectionService.IngestedDocument("notes.md", 1, false)), 1, 1, 1));
        MockMultipartFile file = new MockMultipartFile(
                "file",
                "notes.md",
                "text/markdown",
                "# Brewing\n\nUse water at 80 degrees.\n".getBytes(StandardCharsets.UTF_8));
        send(
                        multipart("/v1/collections/kb/documents").file(file).param("metadata", "{\"lang\":\"en\"}"),
                        "documents:write")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.documents[0].documentId").value("notes.md"));
        @SuppressWarnings("unchecked")
        ArgumentCaptor<List<CollectionService.NewDocument>> docs = ArgumentCaptor.forClass(List.class);
        verify(collections).ingest(eq("acme"), eq(KB), docs.capture(), eq("upload"), isNull());
        CollectionService.NewDocument d = docs.getValue().getFirst();
        assertThat(d.id()).isEqualTo("notes.md");
        assertThat(d.title()).isEqualTo("Brewing");
        assertThat(d.text()).contains("Use water at 80 degrees.");
        assertThat(d.mediaType()).isEqualTo("text/markdown");
        assertThat(d.metadata()).containsEntry("lang", "en").containsEntry("mediaType", "text/markdown");
    }

    @Test
    void unsupportedBrokenAndOversizedFilesAreRefused() throws Exception {
        String path = "/v1/collections/kb/documents";
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1};
        problem(
                        send(
                                multipart(path).file(new MockMultipartFile("file", "pic.png", "image/png", png)),
                                "documents:write"),
                        415,
                        "unsupported-document-type")
                .andExpect(jsonPath("$.mediaType").value("image/png"));
        byte[] brokenPdf =
                "%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage without xref".getBytes(StandardCharsets.US_ASCII);
        problem(
                send(
                        multipart(path).file(new MockMultipartFile("file", "broken.pdf", "application/pdf", brokenPdf)),
                        "documents:write"),
                422,
                "unreadable-document");
        problem(
                send(
                        multipart(path).file(new MockMultipartFile("file", "big.txt", "text/plain", new byte[3000])),
                        "documents:write"),
                413,
                "payload-too-large");
        problem(
                send(
                        multipart(path)
                                .file(new MockMultipartFile(
                                        "file",
                                        "long.txt",
                                        "text/plain",
                                        "word ".repeat(300).getBytes(StandardCharsets.UTF_8))),
                        "documents:write"),
                413,
                "payload-too-large");
        problem(send(multipart(path).param("id", "x"), "documents:write"), 400, "validation-failed")
                .andExpect(jsonPath("$.errors[0].field").value("file"));
        problem(
                send(
                        multipart(path)
                                .file(new MockMultipartFile("file", "a.txt", "text/plain", "A.".getBytes()))
                                .param("metadata", "[1,2]"),
                        "documents:write"),
                400,
                "validation-failed");
        problem( // a number where a string is declared: was stored as "1999"
                        send(
                                multipart(path)
                                        .file(new MockMultipartFile("file", "a.txt", "text/plain", "A.".getBytes()))
                                        .param("metadata", "{\"year\":1999}"),
                                "documents:write"),
                        400,
                        "validation-failed")
                .andExpect(jsonPath("$.errors[0].field").value("metadata"));
        problem(
                send(post(path).contentType(MediaType.APPLICATION_XML).content("<a/>"), "documents:write"),
                415,
                "unsupported-media-type");
        verify(collections, never()).ingest(any(), any(), anyList(), any(), any());
    }

    @Test
    void nulCharactersNeverReachTheStore() throws Exception {
        // PostgreSQL cannot store NUL: JSON, multipart form fields and NDJSON lines are each refused naming the field.
        when(collections.require("acme", "kb")).thenReturn(KB);
        String path = "/v1/collections/kb/documents";
        problem(
                        postJson(
                                path,
                                "{\"documents\":[{\"id\":\"a\",\"title\":\"T\\u0000\",\"text\":\"ok\"}]}",
                                "documents:write"),
                        400,
                        "invalid-field")
                .andExpect(jsonPath("$.errors[0].field").value("documents[0].title"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("NUL")));
        problem(
                        send(
                                multipart(path)
                                        .file(new MockMultipartFile("file", "a.txt", "text/plain", "A.".getBytes()))
                                        .param("title", "T\u0000"),
                                "documents:write"),
                        400,
                        "validation-failed")
                .andExpect(jsonPath("$.errors[0].field").value("file[0].title"))
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.containsString("NUL")));
        RetrievalProperties props = new org.springframework.boot.context.properties.bind.Binder(
                        new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("mnemos.retrieval", RetrievalProperties.class);
        BulkIngestions real = new BulkIngestions(collections, null, null, props);
        try {
            real.parse("{\"id\":\"a\",\"text\":\"x\\u0000\",\"metadata\":{\"k\":\"\\u0000\"}}".getBytes());
            org.junit.jupiter.api.Assertions.fail("expected a problem");
        } catch (io.mnemos.web.problem.ProblemException e) {
            assertThat(e.getStatusCode().value()).isEqualTo(400);
            assertThat(e.getBody().getProperties().get("errors").toString())
                    .contains("line 1.text")
                    .contains("line 1.metadata.k")
                    .contains("NUL");
        } finally {
            real.destroy();
        }
        verify(collections, never()).ingest(any(), any(), anyList(), any(), any());
    }

    // --- NDJSON ---

    @Test
    void badNdjsonLinesAreReportedByLineNumber() throws Exception {
        RetrievalProperties props = new org.springframework.boot.context.properties.bind.Binder(
                        new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("mnemos.retrieval", RetrievalProperties.class);
        BulkIngestions real = new BulkIngestions(collections, null, null, props);
        String ndjson =
                "{\"id\":\"a\",\"text\":\"one\"}\n\n{\"id\":\"b\",\"txt\":\"typo\"}\nnot json\n{\"id\":\"a\",\"text\":\"dup\"}\n";
        try {
            real.parse(ndjson.getBytes(StandardCharsets.UTF_8));
            org.junit.jupiter.api.Assertions.fail("expected a problem");
        } catch (io.mnemos.web.problem.ProblemException e) {
            assertThat(e.getStatusCode().value()).isEqualTo(400);
            assertThat(e.getBody().getProperties().get("errors").toString())
                    .contains("line 3")
                    .contains("line 4")
                    .contains("line 5.id");
        } finally {
            real.destroy();
        }
        assertThat(real.parse("{\"id\":\"a\",\"text\":\"one\"}\r\n{\"id\":\"b\",\"text\":\"two\"}".getBytes()))
                .extracting(BulkIngestions.Line::line)
                .containsExactly(1, 2);
    }

    @Test
    void ndjsonScalarsAreNotCoerced() throws Exception {
        // The request-body rule (StrictJsonRequestBodies) holds for NDJSON lines too: 123 was stored as "123".
        RetrievalProperties props = new org.springframework.boot.context.properties.bind.Binder(
                        new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("mnemos.retrieval", RetrievalProperties.class);
        BulkIngestions real = new BulkIngestions(collections, null, null, props);
        try {
            real.parse("{\"id\":\"a\",\"text\":123}\n{\"id\":\"b\",\"text\":\"x\",\"metadata\":{\"year\":1999}}\n"
                    .getBytes(StandardCharsets.UTF_8));
            org.junit.jupiter.api.Assertions.fail("expected a problem");
        } catch (io.mnemos.web.problem.ProblemException e) {
            assertThat(e.getStatusCode().value()).isEqualTo(400);
            assertThat(e.getBody().getProperties().get("errors").toString())
                    .contains("line 1")
                    .contains("line 2");
        } finally {
            real.destroy();
        }
    }

    @Test
    void ndjsonIsAcceptedAsAJob() throws Exception {
        UUID job = UUID.randomUUID();
        when(bulk.submit(eq("acme"), eq("kb"), any()))
                .thenReturn(new CollectionStore.Job(
                        job, "acme", KB.id(), "kb", "queued", 2, 0, 0, 0, 0, List.of(), Instant.now(), null, null));
        send(
                        post("/v1/collections/kb/documents")
                                .contentType("application/x-ndjson")
                                .content("{\"id\":\"a\",\"text\":\"one\"}\n{\"id\":\"b\",\"text\":\"two\"}\n"),
                        "documents:write")
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", "/v1/collections/kb/ingestions/" + job))
                .andExpect(jsonPath("$.status").value("queued"))
                .andExpect(jsonPath("$.total").value(2));
    }

    // --- search ---

    @Test
    void searchInputIsValidated() throws Exception {
        String path = "/v1/collections/kb/search";
        String[][] cases = {
            {"{}", "query"},
            {"{\"query\":\"   \"}", "query"},
            {"{\"query\":\"" + "q".repeat(51) + "\"}", "query"},
            {"{\"query\":\"tea\",\"k\":0}", "k"},
            {"{\"query\":\"tea\",\"k\":21}", "k"},
            {"{\"query\":\"tea\",\"mode\":\"fuzzy\"}", "mode"},
            {"{\"query\":\"tea\",\"mode\":\"bm25\",\"fusion\":{\"method\":\"rrf\"}}", "fusion"},
            {"{\"query\":\"tea\",\"fusion\":{\"method\":\"borda\"}}", "fusion.method"},
            {"{\"query\":\"tea\",\"fusion\":{\"method\":\"convex\",\"alpha\":1.5}}", "fusion.alpha"},
            {"{\"query\":\"tea\",\"fusion\":{\"method\":\"rrf\",\"k\":0}}", "fusion.k"},
            {"{\"query\":\"tea\",\"fusion\":{\"method\":\"rrf\",\"alpha\":0.3}}", "fusion.alpha"},
        };
        for (String[] c : cases) {
            problem(postJson(path, c[0], "documents:read"), 400, "validation-failed")
                    .andExpect(jsonPath("$.errors[0].field").value(c[1]));
        }
        problem(
                postJson(path, "{\"query\":\"tea\",\"filters\":{\"bad key\":\"x\"}}", "documents:read"),
                400,
                "invalid-filter");
        problem(
                postJson(path, "{\"query\":\"tea\",\"filters\":{\"lang\":\"\"}}", "documents:read"),
                400,
                "invalid-filter");
        problem(
                postJson(path, "{\"query\":\"tea\",\"filters\":{\"lang\":[\"en\"]}}", "documents:read"),
                400,
                "invalid-field");
        problem(postJson(path, "{\"query\":\"tea\",\"top\":3}", "documents:read"), 400, "unknown-field");
        verify(collections, never()).search(any(), any(), any(), any());
    }

    @Test
    void aPrecomputedQueryVectorIsCheckedThenPassedToTheSearch() throws Exception {
        String path = "/v1/collections/kb/search";
        String model = MiniLmEmbedder.MODEL_ID;
        problem(
                        postJson(
                                path,
                                "{\"query\":\"tea\",\"queryVector\":[0.6,0.8],\"queryVectorModel\":\"" + model + "\"}",
                                "documents:read"),
                        422,
                        "invalid-query-vector")
                .andExpect(jsonPath("$.errors[0].field").value("queryVector"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("384 values")));
        problem(
                        postJson(path, "{\"query\":\"tea\",\"queryVector\":[0.6,0.8]}", "documents:read"),
                        422,
                        "invalid-query-vector")
                .andExpect(jsonPath("$.errors[0].field").value("queryVectorModel"));
        verify(collections, never()).search(any(), any(), any(), any());

        when(collections.search(eq("acme"), eq("kb"), eq("tea"), any())).thenReturn(new SearchResponse(List.of(), 5));
        float[] v = new float[MiniLmEmbedder.DIMENSION];
        v[7] = 1;
        StringBuilder json =
                new StringBuilder("{\"query\":\"tea\",\"queryVectorModel\":\"" + model + "\",\"queryVector\":[");
        for (int i = 0; i < v.length; i++) {
            json.append(i == 0 ? "" : ",").append(v[i]);
        }
        postJson(path, json.append("]}").toString(), "documents:read").andExpect(status().isOk());
        postJson(
                        path,
                        "{\"query\":\"tea\",\"queryVector\":[0.6,0.8],\"queryVectorModel\":\"other-model\"}",
                        "documents:read")
                .andExpect(status().isOk());
        @SuppressWarnings("unchecked")
        ArgumentCaptor<Consumer<io.mnemos.retrieval.search.SearchRequest.Builder>> options =
                ArgumentCaptor.forClass(Consumer.class);
        verify(collections, times(2)).search(eq("acme"), eq("kb"), eq("tea"), options.capture());
        var same = io.mnemos.retrieval.search.SearchRequest.builder("acme", "tea");
        options.getAllValues().get(0).accept(same);
        assertThat(same.build().queryVector()).containsExactly(v);
        var other = io.mnemos.retrieval.search.SearchRequest.builder("acme", "tea");
        options.getAllValues().get(1).accept(other);
        assertThat(other.build().queryVector())
                .as("another model's vector is ignored")
                .isNull();
    }

    @Test
    void searchAnswersHitsWithModeAndTime() throws Exception {
        SearchHit hit = new SearchHit(
                "kb",
                "tea-1",
                "tea-1#0",
                "Green tea",
                "Green tea is made from unoxidized leaves.",
                0.91,
                Map.of("lang", "en"),
                List.of("<b>Green</b> <b>tea</b> is made"),
                new HitExplanation(1, 3.2f, 2, 0.8f, "rrf(k=30)"));
        when(collections.search(eq("acme"), eq("kb"), eq("green tea"), any()))
                .thenReturn(new SearchResponse(List.of(hit), 1500));
        postJson(
                        "/v1/collections/kb/search",
                        "{\"query\":\"green tea\",\"k\":5,\"mode\":\"HYBRID\",\"fusion\":{\"method\":\"rrf\",\"k\":30},"
                                + "\"filters\":{\"lang\":\"en\"},\"explain\":true}",
                        "documents:read")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.mode").value("hybrid"))
                .andExpect(jsonPath("$.tookMs").value(1.5))
                .andExpect(jsonPath("$.hits[0].documentId").value("tea-1"))
                .andExpect(jsonPath("$.hits[0].chunkId").value("tea-1#0"))
                .andExpect(jsonPath("$.hits[0].title").value("Green tea"))
                .andExpect(jsonPath("$.hits[0].score").value(0.91))
                .andExpect(jsonPath("$.hits[0].explanation.fusion").value("rrf(k=30)"))
                .andExpect(jsonPath("$.hits[0].highlights").doesNotExist());
        @SuppressWarnings("unchecked")
        ArgumentCaptor<Consumer<io.mnemos.retrieval.search.SearchRequest.Builder>> options =
                ArgumentCaptor.forClass(Consumer.class);
        verify(collections).search(eq("acme"), eq("kb"), eq("green tea"), options.capture());
        var builder = io.mnemos.retrieval.search.SearchRequest.builder("acme", "green tea");
        options.getValue().accept(builder);
        var req = builder.build();
        assertThat(req.k()).isEqualTo(5);
        assertThat(req.mode()).isEqualTo(io.mnemos.retrieval.search.SearchMode.HYBRID);
        assertThat(req.fusion()).isEqualTo(Fusion.rrf(30));
        assertThat(req.filters()).containsExactly(Map.entry("lang", "en"));
        assertThat(req.explain()).isTrue();
        assertThat(req.highlight()).isFalse();
    }
}

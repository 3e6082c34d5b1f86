package io.mnemos.retrieval.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.mnemos.contracts.identity.Identity;
import io.mnemos.contracts.identity.InternalToken;
import io.mnemos.retrieval.grounding.GroundingController;
import io.mnemos.retrieval.grounding.GroundingProperties;
import io.mnemos.retrieval.grounding.GroundingService;
import io.mnemos.retrieval.grounding.OpenNlpEntityExtractor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * The corpus and grounding HTTP API over a small corpus built in a temporary directory: query types, validation and
 * CNF syntax problems, identity and scopes.
 */
@WebMvcTest(
        controllers = {CorpusController.class, GroundingController.class},
        properties = "mnemos.security.internal-secret=" + CorpusApiTest.SECRET)
@Import(CorpusApiTest.Beans.class)
class CorpusApiTest {
    static final String SECRET = "corpus-api-test-secret-0123456789abcdef";
    static final Path ROOT;

    static {
        try {
            ROOT = Files.createTempDirectory("corpus-api-test");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @TestConfiguration
    @EnableConfigurationProperties({CorpusProperties.class, GroundingProperties.class})
    @Import({CorpusIndexService.class, CorpusQueries.class, GroundingService.class, OpenNlpEntityExtractor.class})
    static class Beans {}

    @DynamicPropertySource
    static void corpus(DynamicPropertyRegistry registry) {
        Path source = TestCorpus.write(ROOT.resolve("source"));
        registry.add("mnemos.corpus.source", source::toString);
        registry.add("mnemos.corpus.index-dir", () -> ROOT.resolve("index").toString());
        registry.add("mnemos.corpus.name", () -> "test");
        registry.add("mnemos.grounding.question-threshold", () -> "5");
        registry.add("mnemos.grounding.binary-tuple-threshold", () -> "2");
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    CorpusIndexService corpus;

    @BeforeEach
    void ready() throws InterruptedException {
        corpus.startBuild();
        if (!corpus.awaitReady(Duration.ofSeconds(60))) {
            throw new IllegalStateException(
                    "corpus not ready: " + corpus.problem().orElse(""));
        }
    }

    static String token(String... scopes) {
        return InternalToken.sign(
                Identity.of("acme", "key:test", scopes),
                InternalToken.secret(SECRET),
                Instant.now().plusSeconds(60));
    }

    ResultActions query(String json) throws Exception {
        return mvc.perform(post("/v1/corpus/query")
                .header(InternalToken.HEADER, token("documents:read"))
                .contentType(MediaType.APPLICATION_JSON)
                .content(json));
    }

    ResultActions postJson(String path, String json) throws Exception {
        return mvc.perform(post(path)
                .header(InternalToken.HEADER, token("documents:read"))
                .contentType(MediaType.APPLICATION_JSON)
                .content(json));
    }

    @Test
    void countOfAnNgram() throws Exception {
        query("{\"query_type\":\"count\",\"query\":\"Sherlock Holmes\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.query_type").value("count"))
                .andExpect(jsonPath("$.index").value("test"))
                .andExpect(jsonPath("$.count").value(3))
                .andExpect(jsonPath("$.approx").value(false))
                .andExpect(jsonPath("$.tokens[0]").value("Sherlock"))
                .andExpect(jsonPath("$.latency").isNumber());
    }

    @Test
    void cnfCoOccurrenceRespectsDocumentsAndTheWindow() throws Exception {
        query("{\"query_type\":\"count\",\"query\":\"Hamlet AND Shakespeare\",\"max_diff_tokens\":1000}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.cnf[0][0]").value("Hamlet"))
                .andExpect(jsonPath("$.cnf[1][0]").value("Shakespeare"))
                .andExpect(jsonPath("$.count").value(2));
        query("{\"query_type\":\"count\",\"query\":\"Hamlet AND Dickens\",\"max_diff_tokens\":1000}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.count").value(0));
        // OR binds tighter: (Hamlet OR Oliver Twist) AND Dickens; the rarer clause (Dickens, 3 occurrences) anchors
        query("{\"query_type\":\"count\",\"query\":\"Hamlet OR Oliver Twist AND Dickens\",\"max_diff_tokens\":1000}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.cnf[0][1]").value("Oliver Twist"))
                .andExpect(jsonPath("$.count").value(3));
        // a window of 1 token: "Shakespeare wrote Hamlet" puts them 2 tokens apart
        query("{\"query_type\":\"count\",\"query\":\"Hamlet AND Shakespeare\",\"max_diff_tokens\":1}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.count").value(0));
    }

    @Test
    void probNtdAndSearchDocs() throws Exception {
        query("{\"query_type\":\"prob\",\"query\":\"Sherlock Holmes\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.prompt_cnt").value(3))
                .andExpect(jsonPath("$.cont_cnt").value(3))
                .andExpect(jsonPath("$.prob").value(1.0));
        query("{\"query_type\":\"ntd\",\"query\":\"Duke of\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.prompt_cnt").value(2))
                .andExpect(jsonPath("$.result[0].token").value("Wellington"))
                .andExpect(jsonPath("$.result[0].cont_cnt").value(2));
        query("{\"query_type\":\"search_docs\",\"query\":\"Baker Street\",\"maxnum\":5}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.documents").value(1))
                .andExpect(jsonPath("$.docs[0].doc_id").value("holmes.txt"))
                .andExpect(jsonPath("$.docs[0].snippet").value(org.hamcrest.Matchers.containsString("Baker Street")));
    }

    @Test
    void invalidCnfIs400SayingWhere() throws Exception {
        query("{\"query_type\":\"count\",\"query\":\"Hamlet AND\"}")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://mnemos.io/problems/invalid-corpus-query"))
                .andExpect(jsonPath("$.position").value(10))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("expected a term")));
        query("{\"query_type\":\"count\",\"query\":\"OR Hamlet\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.position").value(0));
    }

    @Test
    void invalidFieldsAre400WithTheirJsonNames() throws Exception {
        query("{\"query_type\":\"infgram_prob\",\"query\":\"x\",\"max_diff_tokens\":0,\"max_clause_freq\":600000}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://mnemos.io/problems/validation-failed"))
                .andExpect(jsonPath("$.errors[0].field").value("query_type"))
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.containsString("not supported")))
                .andExpect(jsonPath("$.errors[1].field").value("max_diff_tokens"))
                .andExpect(jsonPath("$.errors[2].field").value("max_clause_freq"));
        query("{\"query\":\"x\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("query_type"));
        query("{\"query_type\":\"prob\",\"query\":\" \"}").andExpect(status().isBadRequest());
        query("{\"query_type\":\"count\",\"query\":\"" + "a ".repeat(1500) + "\"}")
                .andExpect(status().isBadRequest());
        query("{\"query_type\":\"count\",\"qurey\":\"x\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://mnemos.io/problems/unknown-field"));
        query("{\"index\":\"v4_dolma\",\"query_type\":\"count\",\"query\":\"x\"}")
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://mnemos.io/problems/corpus-index-not-found"));
    }

    @Test
    void identityAndScopesAreRequired() throws Exception {
        mvc.perform(post("/v1/corpus/query")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/v1/corpus").header(InternalToken.HEADER, token("memory:read")))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("https://mnemos.io/problems/insufficient-scope"));
        mvc.perform(post("/v1/corpus/build").header(InternalToken.HEADER, token("documents:read")))
                .andExpect(status().isForbidden());
    }

    @Test
    void statusShowsTheIndex() throws Exception {
        mvc.perform(get("/v1/corpus").header(InternalToken.HEADER, token("documents:read")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("test"))
                .andExpect(jsonPath("$.state").value("ready"))
                .andExpect(jsonPath("$.index.documents").value(6))
                .andExpect(jsonPath("$.progress.percent").value(100.0));
    }

    @Test
    void statusShowsTenantsNamesNotServerPaths() throws Exception {
        // Any documents:read key saw "source":"/work/shared/data/gutenberg","indexDir":"/work/main/.data/...".
        String body = mvc.perform(get("/v1/corpus").header(InternalToken.HEADER, token("documents:read")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.source").value("source"))
                .andExpect(jsonPath("$.indexDir").value("index"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(body).doesNotContain(ROOT.toString());
        // The operator still sees where things are.
        mvc.perform(get("/v1/corpus").header(InternalToken.HEADER, token("admin")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.source").value(ROOT.resolve("source").toString()))
                .andExpect(jsonPath("$.indexDir").value(ROOT.resolve("index").toString()));
    }

    @Test
    void groundingAssessAndVerify() throws Exception {
        postJson("/v1/grounding/assess", "{\"question\":\"Who lived in Chawton?\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.entities[0].text").value("Chawton"))
                .andExpect(jsonPath("$.entities[0].count").value(1))
                .andExpect(jsonPath("$.threshold").value(5.0))
                .andExpect(jsonPath("$.retrieve").value(true))
                .andExpect(jsonPath("$.rule").value("mean-below-threshold"))
                .andExpect(jsonPath("$.hitsStatus").value("no-collection"));
        postJson("/v1/grounding/verify", "{\"text\":\"Hamlet was written by Charles Dickens.\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.flagged").value(true))
                .andExpect(jsonPath("$.sentences[0].claims[0].count").value(0))
                .andExpect(jsonPath("$.queries[0]").value("Hamlet was written by"));
    }

    @Test
    void groundingValidation() throws Exception {
        postJson("/v1/grounding/assess", "{\"question\":\"  \"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://mnemos.io/problems/validation-failed"))
                .andExpect(jsonPath("$.errors[0].field").value("question"));
        postJson("/v1/grounding/assess", "{\"question\":\"Who?\",\"k\":0}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("k"));
        postJson("/v1/grounding/assess", "{\"question\":\"" + "x".repeat(5000) + "\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://mnemos.io/problems/question-too-long"));
        postJson("/v1/grounding/verify", "{}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("text"));
        postJson("/v1/grounding/verify", "{\"text\":\"x\",\"entities\":[\"\"]}").andExpect(status().isBadRequest());
    }
}

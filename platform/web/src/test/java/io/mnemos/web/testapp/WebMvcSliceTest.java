package io.mnemos.web.testapp;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.mnemos.contracts.identity.Identity;
import io.mnemos.contracts.identity.InternalToken;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** A service's {@code @WebMvcTest} slice gets mnemos-web too: problems, identity, scopes. */
@WebMvcTest(
        controllers = SampleController.class,
        properties = "mnemos.security.internal-secret=" + WebMvcSliceTest.SECRET)
@Import(GreetingService.class)
class WebMvcSliceTest {
    static final String SECRET = "slice-secret-0123456789abcdef0123456789";

    @Autowired
    MockMvc mvc;

    private static String token(String... scopes) {
        return InternalToken.sign(
                Identity.of("acme", "key:slice", scopes),
                InternalToken.secret(SECRET),
                Instant.now().plusSeconds(60));
    }

    @Test
    void validTokenReachesTheController() throws Exception {
        mvc.perform(get("/test/whoami").header(InternalToken.HEADER, token("items:read")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.tenant").value("acme"))
                .andExpect(header().exists("X-Request-Id"));
    }

    @Test
    void missingTokenIs401Problem() throws Exception {
        mvc.perform(get("/test/whoami"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.reason").value("missing"))
                .andExpect(jsonPath("$.requestId").exists());
    }

    @Test
    void unknownFieldIs400Problem() throws Exception {
        mvc.perform(post("/test/items")
                        .header(InternalToken.HEADER, token("items:write"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"a\",\"quantity\":1,\"nmae\":\"b\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://mnemos.io/problems/unknown-field"))
                .andExpect(jsonPath("$.errors[0].field").value("nmae"))
                .andExpect(jsonPath("$.instance").value("/test/items"));
    }

    @Test
    void missingScopeIs403Problem() throws Exception {
        mvc.perform(post("/test/items")
                        .header(InternalToken.HEADER, token("items:read"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"a\",\"quantity\":1}"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("https://mnemos.io/problems/insufficient-scope"));
    }

    @Test
    void validationErrorsListFields() throws Exception {
        mvc.perform(post("/test/items")
                        .header(InternalToken.HEADER, token("items:write"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"\",\"quantity\":1}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("name"));
    }
}

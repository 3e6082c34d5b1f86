package io.mnemos.memory.profile;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mnemos.contracts.identity.Identity;
import io.mnemos.contracts.identity.InternalToken;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** Input validation, scopes and problem responses of the profile API (service mocked). */
@WebMvcTest(
        controllers = ProfileController.class,
        properties = "mnemos.security.internal-secret=" + ProfileControllerTest.SECRET)
@Import(SimpleMeterRegistry.class)
class ProfileControllerTest {
    static final String SECRET = "profile-slice-secret-0123456789abcdef0123";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    ProfileService profiles;

    static String token(String... scopes) {
        return InternalToken.sign(
                Identity.of("acme", "key:test", scopes),
                InternalToken.secret(SECRET),
                Instant.now().plusSeconds(60));
    }

    @Test
    void anInvalidFactIs400WithOneErrorPerFieldAndNothingIsWritten() throws Exception {
        mvc.perform(post("/v1/users/alice/profile/facts")
                        .header(InternalToken.HEADER, token("memory:write"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"attribute\":\"bad/attr\",\"value\":\"\",\"confidence\":1.5}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://mnemos.io/problems/validation-failed"))
                .andExpect(
                        jsonPath("$.errors[*].field", Matchers.containsInAnyOrder("attribute", "value", "confidence")));
        verify(profiles, never()).upsert(any(), any());
    }

    @Test
    void unknownFieldsAndBadEnumsAre400() throws Exception {
        mvc.perform(post("/v1/users/alice/profile/facts")
                        .header(InternalToken.HEADER, token("memory:write"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"attribute\":\"a.b\",\"value\":\"x\",\"vaule\":\"y\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://mnemos.io/problems/unknown-field"));
        mvc.perform(post("/v1/users/alice/profile/facts")
                        .header(InternalToken.HEADER, token("memory:write"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"attribute\":\"a.b\",\"value\":\"x\",\"polarity\":\"SOMETIMES\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://mnemos.io/problems/invalid-field"));
    }

    @Test
    void unsignedRequestsAre401AndMissingScopes403() throws Exception {
        mvc.perform(get("/v1/users/alice/profile/facts")).andExpect(status().isUnauthorized());
        mvc.perform(post("/v1/users/alice/profile/facts")
                        .header(InternalToken.HEADER, token("memory:read"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"attribute\":\"a.b\",\"value\":\"x\"}"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("https://mnemos.io/problems/insufficient-scope"));
    }

    @Test
    void anEditWithoutTheVersionReadIs428AndAMalformedIfMatch400() throws Exception {
        UUID id = UUID.randomUUID();
        mvc.perform(put("/v1/users/alice/profile/facts/" + id)
                        .header(InternalToken.HEADER, token("memory:write"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"value\":\"x\"}"))
                .andExpect(status().is(428))
                .andExpect(jsonPath("$.type").value("https://mnemos.io/problems/version-required"));
        mvc.perform(put("/v1/users/alice/profile/facts/" + id)
                        .header(InternalToken.HEADER, token("memory:write"))
                        .header("If-Match", "\"abc\"")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"value\":\"x\"}"))
                .andExpect(status().isBadRequest());
        verify(profiles, never()).replace(any(), any(), anyLong(), any());
    }

    @Test
    void anIfMatchThatDisagreesWithTheBodysVersionIs400() throws Exception {
        // If-Match won silently: a client sending both could overwrite a change it never read.
        UUID id = UUID.randomUUID();
        mvc.perform(put("/v1/users/alice/profile/facts/" + id)
                        .header(InternalToken.HEADER, token("memory:write"))
                        .header("If-Match", "\"3\"")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"value\":\"x\",\"version\":2}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://mnemos.io/problems/version-mismatch"))
                .andExpect(jsonPath("$.detail", Matchers.containsString("If-Match says version 3")))
                .andExpect(jsonPath("$.detail", Matchers.containsString("'version' is 2")))
                .andExpect(jsonPath("$.errors[0].field").value("version"));
        verify(profiles, never()).replace(any(), any(), anyLong(), any());
    }

    @Test
    void aFactOfAnotherUserIs404() throws Exception {
        UUID id = UUID.randomUUID();
        ProfileFact bobs = new ProfileFact(
                id,
                "acme",
                "bob",
                "a.b",
                "x",
                "x",
                Polarity.POSITIVE,
                0.9,
                1,
                "api",
                null,
                Instant.EPOCH,
                null,
                Instant.EPOCH,
                FactStatus.ACTIVE,
                null,
                null,
                3,
                Instant.EPOCH,
                Instant.EPOCH);
        when(profiles.get("acme", id)).thenReturn(Optional.of(bobs));
        mvc.perform(get("/v1/users/alice/profile/facts/" + id).header(InternalToken.HEADER, token("memory:read")))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://mnemos.io/problems/fact-not-found"));
        mvc.perform(get("/v1/users/bob/profile/facts/" + id).header(InternalToken.HEADER, token("memory:read")))
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", "\"3\""))
                .andExpect(jsonPath("$.tenant").doesNotExist());
    }

    @Test
    void queryKOutOfRangeIs400() throws Exception {
        mvc.perform(post("/v1/users/alice/profile/query")
                        .header(InternalToken.HEADER, token("memory:read"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"query\":\"food\",\"k\":0}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("k"));
        mvc.perform(get("/v1/users/alice/profile/facts?include=everything")
                        .header(InternalToken.HEADER, token("memory:read")))
                .andExpect(status().isBadRequest());
    }
}

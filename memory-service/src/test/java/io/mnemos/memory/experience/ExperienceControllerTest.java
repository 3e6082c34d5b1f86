package io.mnemos.memory.experience;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mnemos.contracts.identity.Identity;
import io.mnemos.contracts.identity.InternalToken;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** Input validation of the experience API (service mocked). */
@WebMvcTest(
        controllers = ExperienceController.class,
        properties = "mnemos.security.internal-secret=" + ExperienceControllerTest.SECRET)
@Import(SimpleMeterRegistry.class)
class ExperienceControllerTest {
    static final String SECRET = "experience-slice-secret-0123456789abcdef01";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    ExperienceService experience;

    @MockitoBean
    ExperienceEpisodes episodes;

    private static String token() {
        return InternalToken.sign(
                Identity.of("acme", "key:test", "memory:read", "memory:write"),
                InternalToken.secret(SECRET),
                Instant.now().plusSeconds(60));
    }

    @Test
    void anEpisodeWithoutStepsIs422AndIsNotRecorded() throws Exception {
        mvc.perform(post("/v1/experience/episodes")
                        .header(InternalToken.HEADER, token())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"goal\":\"book a table\",\"steps\":[]}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("https://mnemos.io/problems/episode-without-steps"));
        verify(experience, never()).record(any(), any(), any(), any(), any());
    }

    @Test
    void stepsWithoutActionAndMissingGoalAre400() throws Exception {
        mvc.perform(post("/v1/experience/episodes")
                        .header(InternalToken.HEADER, token())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"goal\":\" \",\"steps\":[{\"subGoal\":\"x\",\"action\":\"\"}]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.length()").value(2));
        mvc.perform(post("/v1/experience/match")
                        .header(InternalToken.HEADER, token())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"task\":\"\"}"))
                .andExpect(status().isBadRequest());
    }

    @Test
    void episodeItemEndpointsValidateAndAnswer404Problems() throws Exception {
        java.util.UUID id = java.util.UUID.randomUUID();
        org.mockito.Mockito.when(episodes.delete("acme", id)).thenReturn(java.util.Optional.empty());
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete(
                                "/v1/experience/episodes/" + id)
                        .header(InternalToken.HEADER, token()))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://mnemos.io/problems/episode-not-found"));
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get(
                                "/v1/experience/episodes/" + id)
                        .header(InternalToken.HEADER, token()))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://mnemos.io/problems/episode-not-found"));
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/v1/experience/episodes")
                        .param("limit", "501")
                        .header(InternalToken.HEADER, token()))
                .andExpect(status().is4xxClientError())
                .andExpect(jsonPath("$.type").exists());
        org.mockito.Mockito.verify(episodes, org.mockito.Mockito.never())
                .list(
                        org.mockito.ArgumentMatchers.any(),
                        org.mockito.ArgumentMatchers.any(),
                        org.mockito.ArgumentMatchers.any(),
                        org.mockito.ArgumentMatchers.anyInt());
    }
}

package io.mnemos.memory.action;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mnemos.contracts.identity.Identity;
import io.mnemos.contracts.identity.InternalToken;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** Input validation of the action API (service mocked). */
@WebMvcTest(
        controllers = ActionController.class,
        properties = "mnemos.security.internal-secret=" + ActionControllerTest.SECRET)
@Import(SimpleMeterRegistry.class)
class ActionControllerTest {
    static final String SECRET = "action-slice-secret-0123456789abcdef012345";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    ActionMemoryService actions;

    @MockitoBean
    ActionTraces traces;

    private static String token() {
        return InternalToken.sign(
                Identity.of("acme", "key:test", "memory:read", "memory:write"),
                InternalToken.secret(SECRET),
                Instant.now().plusSeconds(60));
    }

    @Test
    void aTraceWithoutStepsIs422AndAStepWithoutTarget400() throws Exception {
        mvc.perform(post("/v1/actions/traces")
                        .header(InternalToken.HEADER, token())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"task\":\"send it\",\"steps\":[]}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("https://mnemos.io/problems/trace-without-steps"));
        mvc.perform(post("/v1/actions/traces")
                        .header(InternalToken.HEADER, token())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"task\":\"send it\",\"steps\":[{\"action\":\"tap\"}]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("steps[0].target"));
        verify(actions, never()).record(any(), any(ActionTrace.class));
    }

    @Test
    void reportsForUnknownReplaysAre404AndNegativeSteps400() throws Exception {
        UUID id = UUID.randomUUID();
        when(actions.run("acme", id)).thenReturn(Optional.empty());
        mvc.perform(post("/v1/actions/replay/" + id + "/steps/0")
                        .header(InternalToken.HEADER, token())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"observedState\":\"s\"}"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://mnemos.io/problems/replay-not-found"));
        mvc.perform(post("/v1/actions/replay/" + id + "/steps/-1")
                        .header(InternalToken.HEADER, token())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"observedState\":\"s\"}"))
                .andExpect(status().isBadRequest());
        mvc.perform(post("/v1/actions/replay/" + id + "/steps/0")
                        .header(InternalToken.HEADER, token())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andExpect(status().isBadRequest());
    }

    @Test
    void traceItemEndpointsValidateAndAnswer404Problems() throws Exception {
        java.util.UUID id = java.util.UUID.randomUUID();
        org.mockito.Mockito.when(traces.delete("acme", id)).thenReturn(java.util.Optional.empty());
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete(
                                "/v1/actions/traces/" + id)
                        .header(InternalToken.HEADER, token()))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://mnemos.io/problems/trace-not-found"));
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete(
                                "/v1/actions/traces/not-a-uuid")
                        .header(InternalToken.HEADER, token()))
                .andExpect(status().is4xxClientError())
                .andExpect(jsonPath("$.type").exists());
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/v1/actions/traces")
                        .param("limit", "0")
                        .header(InternalToken.HEADER, token()))
                .andExpect(status().is4xxClientError())
                .andExpect(jsonPath("$.type").exists());
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/v1/actions/traces")
                        .param("before", "yesterday")
                        .header(InternalToken.HEADER, token()))
                .andExpect(status().is4xxClientError())
                .andExpect(jsonPath("$.type").exists());
        verify(traces, never()).list(any(), any(), any(), org.mockito.ArgumentMatchers.anyInt());
    }
}
